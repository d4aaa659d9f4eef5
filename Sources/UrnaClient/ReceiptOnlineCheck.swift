import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// `urna receipt check`: a voter's receipt checked offline (signature under the pinned key,
/// inclusion), then against the running service: its latest checkpoint extends the receipt's
/// (consistency proof), a fresh inclusion proof puts the entry in it, and the entry it serves is
/// still the ballot. A service that dropped or rewrote the ballot fails one of these.
public enum ReceiptOnlineCheck {
    public struct Step: Sendable, Hashable {
        public let passed: Bool
        public let text: String
    }

    public struct Report: Sendable {
        public var steps: [Step] = []
        /// The given witnesses whose cosignature on the latest checkpoint verified.
        public var cosigners: [String] = []
        /// How many other signature lines (neither the ledger's nor a verified witness's) the
        /// latest checkpoint carries: unverified, so no name of theirs is shown as a cosigner.
        public var unverifiedSignatureLines = 0
        public var isValid: Bool { !steps.isEmpty && steps.allSatisfy(\.passed) }
    }

    /// Runs every check it can; a failed check ends the run (later checks build on it). With
    /// witnesses (`witnesses`, else the remote's policy), the receipt's and the latest checkpoint
    /// must carry the required cosignatures. Throws only a `ClientError` with code `unreachable`
    /// (the service could not be asked).
    public static func run(_ receipt: Receipt, remote: RemoteElection, witnesses: WitnessPolicy? = nil) throws -> Report {
        let policy = witnesses ?? remote.witnesses
        var report = Report()
        func step<T>(_ passed: (T) -> String, _ body: () throws -> T) throws -> T? {
            do {
                let value = try body()
                report.steps.append(Step(passed: true, text: passed(value)))
                return value
            } catch let error as ClientError where error.code != ClientError.unreachable {
                report.steps.append(Step(passed: false, text: error.fromService ? "the service refused: \(error.reason) [\(error.code)]" : error.reason))
                return nil
            }
        }
        guard receipt.electionID == remote.electionID else {
            report.steps.append(Step(passed: false, text: "the receipt is for election '\(receipt.electionID)', the service was asked about '\(remote.electionID)'"))
            return report
        }
        guard let key = try step({ (key: CheckpointVerifier) in "the ledger key is the pinned one (fingerprint \(LedgerKeyPin.fingerprint(of: key.verifierKey)))" },
                                 { try remote.ledgerKey() }) else { return report }
        guard let old = try step({ (checkpoint: Checkpoint) in
            "the receipt's checkpoint (size \(checkpoint.size)) is signed by the ledger key, and its inclusion proof puts entry \(receipt.seq) in that tree" },
                                 { try ReceiptVerifier.verifyOffline(receipt, ledgerKey: key) }) else { return report }
        if !policy.isEmpty {
            guard try step({ (names: [String]) in "the witnesses \(names.joined(separator: ", ")) cosigned the receipt's checkpoint (\(policy.required) of \(policy.verifiers.count) required, signatures checked)" },
                           { try policy.check(receipt.checkpoint, ledgerKey: key, what: "the receipt's checkpoint") }) != nil else { return report }
        }
        guard let (latest, note) = try step({ (latest: (checkpoint: Checkpoint, note: String)) in
            "the service's latest checkpoint (size \(latest.checkpoint.size)) is signed by the ledger key" },
                                            { try latestWitnessed(remote, policy: policy, key: key) }) else { return report }
        report.cosigners = policy.cosigners(of: note, ledgerKey: key)
        report.unverifiedSignatureLines = max(0, signatureLines(note, ledgerOrigin: key.origin) - report.cosigners.count)
        if !policy.isEmpty {
            guard try step({ (names: [String]) in "the witnesses \(names.joined(separator: ", ")) cosigned the latest checkpoint (\(policy.required) of \(policy.verifiers.count) required, signatures checked)" },
                           { try policy.check(note, ledgerKey: key, what: "the service's latest checkpoint") }) != nil else { return report }
        }
        guard try step({ (_: Void) in
            latest.size == old.size ? "the latest checkpoint is the receipt's (same size and root)"
                : "a consistency proof shows the tree of size \(latest.size) extends the receipt's tree of size \(old.size): nothing before it was dropped or rewritten" },
                       { try consistency(old, latest, remote: remote) }) != nil else { return report }
        guard try step({ (_: Entry) in "a fresh inclusion proof puts entry \(receipt.seq) in the latest tree (size \(latest.size))" },
                       { try remote.provenEntry(seq: receipt.seq, in: latest) }) != nil else { return report }
        _ = try step({ (_: Void) in "entry \(receipt.seq) as served has the receipt's entry hash and is the ballot with tracking code \(receipt.shortTrackingCode)" },
                     { try remote.checkReceipt(receipt, trackingCode: receipt.trackingCode.bytes, signature: nil) })
        return report
    }

    static func consistency(_ old: Checkpoint, _ latest: Checkpoint, remote: RemoteElection) throws {
        guard latest.size >= old.size else {
            throw ClientError(ClientError.untrusted, "the service's latest checkpoint (size \(latest.size)) is smaller than the receipt's (size \(old.size)): the record was truncated or rolled back")
        }
        guard latest.size > old.size else {
            guard latest.root == old.root else {
                throw ClientError(ClientError.untrusted, "two signed checkpoints of size \(latest.size) with different roots: the service shows different records to different people (a split view)")
            }
            return
        }
        let proof = try remote.consistencyProof(old: old.size, new: latest.size)
        do {
            try MerkleVerifier.verifyConsistency(oldSize: old.size, newSize: latest.size, oldRoot: old.root, newRoot: latest.root, proof: proof)
        } catch {
            throw ClientError(ClientError.untrusted, "the consistency proof \(old.size) → \(latest.size) does not verify (\(RemoteElection.reason(error))): the latest tree does not extend the receipt's — the record was rewritten")
        }
    }

    /// The service's latest checkpoint, asked again a few times (0.5 s apart) while it lacks the
    /// required cosignatures (a fresh checkpoint is still going through the witnesses).
    static func latestWitnessed(_ remote: RemoteElection, policy: WitnessPolicy, key: CheckpointVerifier) throws
        -> (checkpoint: Checkpoint, note: String) {
        var attempt = 1
        while true {
            let latest = try remote.latestCheckpoint()
            guard attempt < RemoteElection.witnessAttempts, !policy.isEmpty,
                  policy.cosigners(of: latest.note, ledgerKey: key).count < policy.required else { return latest }
            attempt += 1
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    /// How many signature lines a note carries besides the ledger's own (by its origin name).
    static func signatureLines(_ note: String, ledgerOrigin: String) -> Int {
        guard let parsed = try? SignedNote(parsing: note) else { return 0 }
        return parsed.signatures.filter { $0.name != ledgerOrigin }.count
    }
}
