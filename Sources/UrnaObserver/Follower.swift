import Foundation
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord
import UrnaVerifier

/// `scrutineer follow`: watches an election's record on a service, one round at a time. A round
/// fetches the latest checkpoint and, when it is new, checks it against everything seen before
/// (its signature under the trusted ledger key; no other root for a size seen, no smaller size;
/// a consistency proof from the last one seen), brings the mirror up to it, verifies what was
/// appended (incrementally), and only then remembers it. Any fork, rewrite, truncation, bad
/// signature or invalid record is an ``ObserverError`` whose ``ObserverError/isAlarm`` is true.
///
/// Alarm or retry: entries are trusted only as far as a signature vouches for them. A page that
/// does not continue the chain the mirror holds up to the signed chain head (wrong seq, a stored
/// hash that is not the hash of its fields, a `prev` that is not the previous hash, a last hash
/// that is not the checkpoint's chain head) is not what the signed checkpoint commits to: a
/// tampered connection or a service serving garbage, ``ObserverError/badAnswer``, retried at the
/// next round; it is never appended, and the fetched entries the verifier has not read are cut
/// (``RecordMirror``). Entries that do continue it up to the signed chain head are the ones the
/// ledger key signed, so whatever the verifier then finds wrong with them is an ALARM, and stays
/// one: the verifier's state keeps its failures and the mirror is never cut below what it read.
///
/// `DIR` holds `follow.json` (``FollowState``), `mirror/` (``RecordMirror``) and `verifier/`
/// (the incremental verifier's state); everything survives restarts.
public enum Follower {
    public struct Options: Sendable {
        /// The ledger key to trust (a key string); else the one remembered in the state, else
        /// the service's own on first contact (remembered from then on).
        public var trustedLedgerKey: String?
        public var http = HTTPClient.Configuration()
        public var verification = VerificationOptions()
        /// Progress lines (for stderr).
        public var progress: (@Sendable (String) -> Void)?

        public init() {}
    }

    /// One round's outcome.
    public struct Round: Sendable {
        public let size: UInt64
        public let root: [UInt8]
        /// Whether the checkpoint was new (else nothing was fetched or verified).
        public let isNew: Bool
        /// Entries verified in this round (not those verified by earlier rounds).
        public let entriesVerified: UInt64
        /// The verification report of this round (nil when nothing was new).
        public let report: VerificationReport?

        /// The line `scrutineer follow` prints for a new checkpoint.
        public var line: String {
            "checkpoint \(size) root \(Hex.encode(root)): \(entriesVerified) new entr\(entriesVerified == 1 ? "y" : "ies") verified, record valid"
        }
    }

    public static let mirrorFolder = "mirror"
    public static let verifierFolder = "verifier"

    /// One round against `url`, with `state` as the state directory (created if needed).
    public static func round(url: String, state directory: URL, options: Options = Options()) throws -> Round {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ObserverError(ObserverError.stateUnusable, "cannot create the state folder \(directory.path): \(error.localizedDescription)")
        }
        let remote = try RemoteRecord(url: url, configuration: options.http)
        defer { remote.close() }
        let state = try FollowState.load(directory)
        if let state, state.url != remote.url {
            throw ObserverError(ObserverError.stateUnusable, "\(directory.path) follows \(TerminalText.escaped(state.url)), not \(TerminalText.escaped(remote.url)); use another --state folder")
        }
        let key: String
        if let trusted = options.trustedLedgerKey {
            if let state, state.ledgerKey != trusted {
                throw ObserverError(ObserverError.stateUnusable, "\(directory.path) was made trusting the ledger key \(TerminalText.escaped(state.ledgerKey)), not the --ledger-key given; use another --state folder")
            }
            key = trusted
        } else if let state {
            key = state.ledgerKey
        } else {
            key = try remote.verifierKey()
            options.progress?("trusting the service's ledger key on first contact: \(TerminalText.escaped(key)) (pin it with --ledger-key)")
        }
        let verifier: CheckpointVerifier
        do {
            verifier = try CheckpointVerifier(verifierKey: key)
        } catch {
            throw ObserverError(ObserverError.badSignature, "the ledger key \(TerminalText.escaped(key)) is not a ledger verifier key: \(TerminalText.escaped("\(error)"))")
        }
        let note = try remote.checkpointNote()
        let checkpoint: Checkpoint
        do {
            checkpoint = try verifier.verifiedCheckpoint(note)
        } catch {
            throw ObserverError(ObserverError.badSignature, "the service's latest checkpoint is not signed by the ledger key \(TerminalText.escaped(key)): \(TerminalText.escaped("\(error)"))")
        }
        var current = state ?? FollowState(url: remote.url, ledgerKey: key)
        let isNew = try checkAgainstHistory(checkpoint, current, remote)
        guard isNew else {
            return Round(size: checkpoint.size, root: checkpoint.root, isNew: false, entriesVerified: 0, report: nil)
        }
        let mirror = directory.appendingPathComponent(mirrorFolder)
        var lastPrinted = Date()
        let verifiedSize = try RecordMirror.verifiedSize(directory.appendingPathComponent(verifierFolder))
        let synced = try RecordMirror.sync(remote, into: mirror, checkpointNote: note, verified: verifiedSize) { step in
            guard step.entries < step.target, Date().timeIntervalSince(lastPrinted) >= 2 else { return }
            lastPrinted = Date()
            options.progress?("fetching entries: \(step.entries)/\(step.target)")
        }
        options.progress?("fetched \(synced.appended) entr\(synced.appended == 1 ? "y" : "ies") up to checkpoint \(checkpoint.size); verifying")
        var verification = options.verification
        verification.stateDirectory = directory.appendingPathComponent(verifierFolder)
        verification.trustedLedgerKey = key
        // A refused checkpoint leaves nothing behind: its entries are cut from the mirror and
        // the verifier's state is put back, so the next round checks the next checkpoint afresh.
        let verifierState = verification.stateDirectory?.appendingPathComponent("state.json")
        let savedState = try verifierState.flatMap { try AtomicFile.read($0, limit: 1 << 30) }
        let report = try Scrutineer.verify(source: MirrorSource(mirror: mirror, url: remote.url, kept: true), options: verification)
        guard report.isValid else {
            try RecordMirror.cutBack(mirror, to: current.latest?.size ?? 0)
            if let verifierState {
                if let savedState {
                    try AtomicFile.write(savedState, to: verifierState)
                } else {
                    try? FileManager.default.removeItem(at: verifierState)
                }
            }
            let failures = report.failures.prefix(5).map { TerminalText.escaped($0.description) }.joined(separator: "\n  ")
            throw ObserverError(ObserverError.invalidRecord, "the record up to checkpoint \(checkpoint.size) (root \(Hex.encode(checkpoint.root))) is invalid: \(report.failureCount) failure(s):\n  \(failures)")
        }
        current.remember(size: checkpoint.size, root: checkpoint.root, note: note)
        try current.save(directory)
        let resumed = report.resumption?.resumedAt ?? 0
        let verified = report.entries > resumed ? report.entries - resumed : 0
        return Round(size: checkpoint.size, root: checkpoint.root, isNew: true, entriesVerified: verified, report: report)
    }

    /// Whether `checkpoint` is new; throws the alarm when it contradicts what was seen.
    static func checkAgainstHistory(_ checkpoint: Checkpoint, _ state: FollowState, _ remote: RemoteRecord) throws -> Bool {
        let root = Hex.encode(checkpoint.root)
        if let seen = state.root(at: checkpoint.size), seen != root {
            throw ObserverError(ObserverError.fork, "FORK: the service now signs root \(root) for size \(checkpoint.size), where it signed root \(seen) before: two different ledgers under one key")
        }
        guard let latest = state.latest else { return true }
        guard checkpoint.size >= latest.size else {
            throw ObserverError(ObserverError.truncated, "TRUNCATION: the service's latest checkpoint has size \(checkpoint.size) (root \(root)), smaller than size \(latest.size) (root \(latest.root)) it signed before")
        }
        guard checkpoint.size > latest.size else { return false }  // the same checkpoint (roots compared above)
        guard latest.size > 0 else { return true }
        let proof = try remote.consistencyProof(old: latest.size, new: checkpoint.size)
        do {
            try MerkleVerifier.verifyConsistency(oldSize: latest.size, newSize: checkpoint.size, oldRoot: try Hex.decode(latest.root),
                                                 newRoot: checkpoint.root, proof: proof)
        } catch {
            throw ObserverError(ObserverError.fork, "FORK: the checkpoint of size \(checkpoint.size) (root \(root)) does not extend the one of size \(latest.size) (root \(latest.root)) seen before: the consistency proof fails (\(TerminalText.escaped("\(error)")))")
        }
        return true
    }
}
