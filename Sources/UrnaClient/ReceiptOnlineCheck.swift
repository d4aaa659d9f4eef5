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
        /// Names on the latest checkpoint's signature lines other than the ledger's: the witnesses
        /// that cosigned it (their signatures are not checked without their keys).
        public var cosigners: [String] = []
        public var isValid: Bool { !steps.isEmpty && steps.allSatisfy(\.passed) }
    }

    /// Runs every check it can; a failed check ends the run (later checks build on it). Throws
    /// only a `ClientError` with code `unreachable` (the service could not be asked).
    public static func run(_ receipt: Receipt, remote: RemoteElection, witnesses: [NoteVerifier] = []) throws -> Report {
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
        guard let (latest, note) = try step({ (latest: (checkpoint: Checkpoint, note: String)) in
            "the service's latest checkpoint (size \(latest.checkpoint.size)) is signed by the ledger key" },
                                            { try remote.latestCheckpoint() }) else { return report }
        report.cosigners = cosigners(note, ledgerOrigin: key.origin)
        if !witnesses.isEmpty {
            guard try step({ (names: [String]) in "the witnesses \(names.joined(separator: ", ")) cosigned the latest checkpoint (their signatures checked with the keys given)" },
                           { try checkCosigned(note, key: key, witnesses: witnesses) }) != nil else { return report }
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

    /// Every witness in `witnesses` cosigned `note` (a valid C2SP cosignature); their names.
    static func checkCosigned(_ note: String, key: CheckpointVerifier, witnesses: [NoteVerifier]) throws -> [String] {
        do {
            let (_, verified) = try key.verifyCosigned(note, cosigners: witnesses, quorum: 0)
            let signed = Set(verified.map(\.verifier.name))
            let missing = witnesses.map(\.name).filter { !signed.contains($0) }
            guard missing.isEmpty else {
                throw ClientError(ClientError.untrusted, "the latest checkpoint carries no valid cosignature of \(missing.map { TerminalText.escaped($0) }.joined(separator: ", ")): no such witness vouched for it")
            }
            return witnesses.map { TerminalText.escaped($0.name) }
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(ClientError.untrusted, "a cosignature on the latest checkpoint does not verify (\(RemoteElection.reason(error)))")
        }
    }

    /// The names on a signed checkpoint's signature lines other than the ledger's (its origin):
    /// the witnesses that cosigned it, unchecked.
    public static func witnessNames(onCheckpoint note: String) -> [String] {
        guard let parsed = try? SignedNote(parsing: note), let origin = parsed.text.split(separator: "\n").first else { return [] }
        return cosigners(note, ledgerOrigin: String(origin))
    }

    /// The key names of a note's signature lines other than the ledger's own.
    static func cosigners(_ note: String, ledgerOrigin: String) -> [String] {
        guard let parsed = try? SignedNote(parsing: note) else { return [] }
        var names: [String] = []
        for signature in parsed.signatures where signature.name != ledgerOrigin && !names.contains(signature.name) {
            names.append(signature.name)
        }
        return names
    }
}
