import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The witnesses a voter's client requires on every checkpoint it trusts (the election
/// context's, each receipt's): their C2SP cosignature verifier keys and how many of them must
/// have cosigned. A witness (`scrutineer witness`) checks the whole record and never cosigns two
/// roots at one size, so a view the commission shows one voter alone carries no cosignature of an
/// honest witness. Without witnesses (``none``) such a view cannot be excluded.
public struct WitnessPolicy: Sendable {
    public let verifiers: [NoteVerifier]
    /// How many of ``verifiers`` must have cosigned (1…count; 0 only when there are none).
    public let required: Int

    /// No witness required: only the ledger key's signature is checked.
    public static let none = WitnessPolicy(unchecked: [], required: 0)

    /// `required` of `verifiers` (all of them when nil). Refuses a key that is not a witness's
    /// cosignature key (type 0x04), two keys with one name, and a count outside 1…keys.
    public init(verifiers: [NoteVerifier], required: Int? = nil) throws {
        guard verifiers.allSatisfy({ $0.type == .cosignatureV1 }) else {
            throw ClientError("invalid-input", "a witness key must be a cosignature verifier key (type 0x04), as 'scrutineer witness' prints it")
        }
        guard Set(verifiers.map(\.name)).count == verifiers.count else {
            throw ClientError("invalid-input", "two witness keys have the same name; give each witness once")
        }
        let count = required ?? verifiers.count
        guard verifiers.isEmpty ? count == 0 : (1...verifiers.count).contains(count) else {
            throw ClientError("invalid-input", "--witnesses-required \(count): give a number from 1 to the \(verifiers.count) witness key(s) given")
        }
        self.verifiers = verifiers
        self.required = count
    }

    /// `required` of the witness keys `keys` (C2SP verifier key strings).
    public init(keys: [String], required: Int? = nil) throws {
        let verifiers = try keys.map { key in
            guard let verifier = try? NoteVerifier(verifierKey: key), verifier.type == .cosignatureV1 else {
                throw ClientError("invalid-input", "'\(TerminalText.escaped(String(key.prefix(200))))' is not a witness's cosignature verifier key (name+hash+base64, type 0x04, as 'scrutineer witness' prints it)")
            }
            return verifier
        }
        try self.init(verifiers: verifiers, required: required)
    }

    private init(unchecked verifiers: [NoteVerifier], required: Int) {
        self.verifiers = verifiers
        self.required = required
    }

    public var isEmpty: Bool { verifiers.isEmpty }

    /// The names of the given witnesses whose cosignature on `note` verifies (none when the
    /// ledger's own signature does not).
    public func cosigners(of note: String, ledgerKey: CheckpointVerifier) -> [String] {
        guard !verifiers.isEmpty, let (_, verified) = try? ledgerKey.verifyCosigned(note, cosigners: verifiers, quorum: 0) else { return [] }
        let signed = Set(verified.map(\.verifier.name))
        return verifiers.map(\.name).filter { signed.contains($0) }
    }

    /// Checks that at least ``required`` of the witnesses cosigned `note` (`what`: "the
    /// election's checkpoint"…); returns their names. The refusal names the missing witnesses,
    /// then says `then` (what happened and what to do).
    @discardableResult
    public func check(_ note: String, ledgerKey: CheckpointVerifier, what: String,
                      then: String = "try again later, and report this to the observers") throws -> [String] {
        guard !verifiers.isEmpty else { return [] }
        let signed = cosigners(of: note, ledgerKey: ledgerKey)
        guard signed.count >= required else {
            let missing = verifiers.map(\.name).filter { !signed.contains($0) }.map { TerminalText.escaped($0) }
            throw ClientError(ClientError.unwitnessed, "\(what) carries valid cosignatures of \(signed.count) of the given witnesses, \(required) required; no valid cosignature of \(missing.joined(separator: ", ")): this view of the record may be shown to you alone (a fork); \(then)")
        }
        return signed.map { TerminalText.escaped($0) }
    }

    /// The warning printed when no witness is pinned.
    public static let noWitnessWarning = "warning: no --witness-key given: a view of the record the commission shows to you alone (a fork, e.g. with a joint key it made itself) cannot be excluded; pin the observers' witnesses with --witness-key VKEY-or-FILE (repeat per witness; the key 'scrutineer witness' prints, as the observers published it) and optionally --witnesses-required K"
}
