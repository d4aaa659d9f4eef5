import Foundation
import UrnaCrypto
import UrnaLedgerStore
import UrnaRecord

extension ElectionService {
    /// Records the registrar's signed roll (`Specs/election-record.md` §4.1a, §8.3): every body
    /// is checked exactly as a verifier would — the registrar's signature, the district, no
    /// pseudonym twice, no district above its announced count — before any is appended; bodies
    /// already recorded are skipped, so an interrupted import is finished by running it again.
    /// Returns the number of entries appended.
    @discardableResult
    public func importRoll(_ message: RegistrarMessage) throws -> Int {
        guard message.kind == RegistrarMessage.rollKind else {
            throw ServiceError(.invalidRoll, "not a roll message ('\(TerminalText.escaped(message.kind))'); give the file written by urna registrar roll --out")
        }
        adminLock.lock()
        defer { adminLock.unlock() }
        let (eligibility, recorded) = try lock.withLock { () throws -> (Eligibility, Set<[UInt8]>) in
            try state.require([.setup, .keyCeremony], for: "import the voter roll")
            guard let eligibility = state.eligibility else { throw ServiceError(.noElection, "no election entry") }
            return (eligibility, state.rollBodies)
        }
        var trial = eligibility
        var pending: [RollBody] = []
        for (index, body) in message.bodies.enumerated() {
            let bytes = try Self.wrap("roll body") { try CanonicalJSON.encode(body) }
            if recorded.contains(SHA256.hash(bytes)) { continue }
            let checked: RollBody
            do {
                checked = try eligibility.checkRoll(bytes)
            } catch let error as RecordError {
                throw ServiceError(.invalidRoll, "roll body \(index + 1): \(error.reason); nothing was recorded")
            }
            let outcome = trial.add(roll: checked)
            if let repeated = outcome.repeated.first {
                throw ServiceError(.invalidRoll, "roll body \(index + 1): pseudonym \(repeated.hex) is already on the roll; nothing was recorded")
            }
            if outcome.exceeds {
                throw ServiceError(.invalidRoll, "roll body \(index + 1): district '\(checked.district)' would hold \(trial.rollSizes[checked.district, default: 0]) voters, more than the \(eligibility.registrar.voters[checked.district, default: 0]) the registrar announced; nothing was recorded")
            }
            pending.append(checked)
        }
        for body in pending { try append(.roll, body) }
        // Always sign: a rerun after an interrupt between the appends and the checkpoint must not
        // leave recorded roll entries that no checkpoint covers.
        try makeCheckpoint()
        return pending.count
    }

    /// The districts whose roll is not complete yet (`urna election open` refuses until none is).
    public func incompleteRoll() -> [(district: String, onRoll: Int, announced: Int)] {
        lock.withLock { state.eligibility?.incompleteDistricts() ?? [] }
    }

    /// How many voters are on the roll, per district (the public roll entries).
    public func rollCounts() throws -> [String: Int] {
        lock.withLock { state.eligibility?.rollSizes ?? [:] }
    }
}
