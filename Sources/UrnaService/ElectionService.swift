import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord

/// One election's ballot service over its public ledger (`election.db`) and its private
/// store (`election.private.db`). Thread-safe: expensive checks run concurrently; state
/// changes and credential reservations are serialised.
public final class ElectionService: @unchecked Sendable {
    public static let ledgerFileName = "election.db"
    public static let privateFileName = "election.private.db"

    public let directory: URL
    /// Nil when opened read-only.
    let directoryLock: DirectoryLock?
    let ledger: LedgerStore
    let privateStore: PrivateStore
    let signer: CheckpointSigner
    let tokenKeys: [String: BlindRSAPrivateKey]
    let lock = NSLock()
    /// Serialises issuance flushes so a batch is never published twice.
    let issuanceFlushLock = NSLock()
    /// Records issued tokens, concurrent requests' rows in one transaction.
    let issuanceCommitter: IssuanceCommitter
    /// Checks concurrent ballots' proofs in one batch.
    let proofBatcher = ProofBatcher()
    /// Issuance and casting run under it shared; closing takes it exclusively.
    let phaseGate = PhaseGate()
    /// Serialises the commission's and trustees' state changes (ceremony, phase changes, tally)
    /// from their precondition check to their append, so two concurrent calls cannot both pass.
    let adminLock = NSRecursiveLock()
    var state: ElectionState
    /// Things the user should know about, found on open (e.g. a finished interrupted import).
    public internal(set) var notices: [String] = []
    /// Credentials with a ballot being appended right now.
    var reserved: Set<[UInt8]> = []

    init(directory: URL, directoryLock: DirectoryLock?, ledger: LedgerStore, privateStore: PrivateStore,
         signer: CheckpointSigner, tokenKeys: [String: BlindRSAPrivateKey], state: ElectionState) {
        self.directory = directory
        self.directoryLock = directoryLock
        self.ledger = ledger
        self.privateStore = privateStore
        self.issuanceCommitter = IssuanceCommitter(store: privateStore)
        self.signer = signer
        self.tokenKeys = tokenKeys
        self.state = state
    }

    deinit { close() }

    public func close() {
        ledger.close()
        privateStore.close()
        directoryLock?.release()
    }

    /// Opens the election in `directory`: runs the ledger's integrity check, rebuilds the state
    /// from the public record and reconciles the private issuance state with it.
    ///
    /// - Parameters:
    ///   - readOnly: for commands that only read (`status`, `results`, `export`): takes no lock,
    ///     writes no byte, works beside a running writer and on a read-only copy. Every state
    ///     change then fails.
    ///   - waitForLock: how long a writer waits for another process to finish with the election.
    ///   - waiting: called once if the writer has to wait.
    ///   - onBatchCommitted: told the size of every append batch the ledger commits (metrics).
    public static func open(directory: URL, readOnly: Bool = false, waitForLock: TimeInterval = 0,
                            waiting: (String) -> Void = { _ in },
                            onBatchCommitted: (@Sendable (Int) -> Void)? = nil) throws -> ElectionService {
        let ledgerPath = directory.appendingPathComponent(ledgerFileName).path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.fileExists(atPath: ledgerPath) else {
            throw ServiceError(.noElection, "no election in \(directory.path) (it needs \(ledgerFileName) and \(privateFileName), made by 'urna election create --dir \(directory.path)')")
        }
        if !readOnly { try requireWritable(directory, ledgerPath) }
        let directoryLock = readOnly ? nil : try DirectoryLock(directory: directory, wait: waitForLock, waiting: waiting)
        let privatePath = directory.appendingPathComponent(privateFileName).path
        let privateStore = try readOnly ? PrivateStore(readOnlyPath: privatePath) : PrivateStore(path: privatePath, create: false)
        guard var ledgerKey = try privateStore.meta("ledger_key"), let origin = try privateStore.meta("origin") else {
            throw ServiceError(.internalFailure, "\(privateFileName) lacks the service's keys")
        }
        defer { SecretMemory.wipe(&ledgerKey) }
        let signer = try wrap("ledger key") {
            try CheckpointSigner(origin: String(decoding: origin, as: UTF8.self),
                                 privateKey: Ed25519PrivateKey(rawRepresentation: ledgerKey))
        }
        let ledger = try wrap("opening \(ledgerPath)") {
            readOnly ? try LedgerStore.openReadOnly(path: ledgerPath)
                : try LedgerStore.open(path: ledgerPath, origin: signer.origin,
                                       configuration: configuration(signer: signer, onBatchCommitted: onBatchCommitted))
        }
        var state = ElectionState()
        try wrap("reading the ledger") { try ledger.forEachEntry { try state.apply($0) } }
        guard let body = state.electionBody else { throw ServiceError(.noElection, "the ledger has no election entry") }
        var tokenKeys: [String: BlindRSAPrivateKey] = [:]
        for district in body.manifest.districts {
            guard var der = try privateStore.meta("token_key/\(district.id)") else {
                throw ServiceError(.internalFailure, "\(privateFileName) lacks the token key of district '\(district.id)'")
            }
            defer { SecretMemory.wipe(&der) }
            tokenKeys[district.id] = try wrap("token key '\(district.id)'") { try BlindRSAPrivateKey(pkcs8DER: der) }
        }
        let service = ElectionService(directory: directory, directoryLock: directoryLock, ledger: ledger,
                                      privateStore: privateStore, signer: signer,
                                      tokenKeys: tokenKeys, state: state)
        if !readOnly {
            try service.reconcileIssuance()
            _ = try service.issuanceCommitter.unpublishedCount()
            // A command killed between an append and its checkpoint (a phase change, a tally)
            // left entries that no signed checkpoint covers: sign one now, so that running the
            // command again (which finds its work done) leaves a record that verifies.
            if service.ledger.size > 0 { _ = try service.checkpointNow() }
        }
        return service
    }

    /// A folder or ledger marked read-only (no write bit for anyone: a published or archived
    /// copy) is only ever read, even by a user such as root whom the file system would let write.
    private static func requireWritable(_ directory: URL, _ ledgerPath: String) throws {
        for path in [directory.path, ledgerPath] {
            let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0o200
            guard mode & 0o222 != 0 else {
                throw ServiceError(.readOnlyElection, "the election in \(directory.path) is read-only (\(path) has mode \(String(mode, radix: 8))); only status, results and export work on it")
            }
        }
    }

    /// True when opened with `readOnly`.
    public var isReadOnly: Bool { ledger.isReadOnly }

    static func configuration(signer: CheckpointSigner,
                              onBatchCommitted: (@Sendable (Int) -> Void)? = nil) -> LedgerStore.Configuration {
        var configuration = LedgerStore.Configuration()
        configuration.onBatchCommitted = onBatchCommitted
        configuration.checkpointPolicy = .init(signer: signer, maxEntries: 1000, maxMilliseconds: 60_000)
        return configuration
    }

    static func wrap<T>(_ context: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ServiceError.wrapping(error, context)
        }
    }

    /// The current phase.
    public var phase: Phase { lock.withLock { state.phase } }
    public var manifest: Manifest? { lock.withLock { state.manifest } }
    /// The context voters need to encrypt (after the key ceremony).
    public func electionContext() throws -> ElectionContext { try lock.withLock { try state.requireContext() } }
    /// The public token key of each district.
    public var tokenPublicKeys: [String: BlindRSAPublicKey] { tokenKeys.mapValues(\.publicKey) }
    /// The ledger's checkpoint verifier key (C2SP form).
    public var ledgerVerifierKey: String { signer.verifierKey }

    /// Appends an entry and applies it to the state; returns the appended entry. `ballot`: the
    /// ballot of a `ballot` or `spoiled` entry, so that its entry is not parsed again.
    @discardableResult
    /// `encoded`, when given, is `body`'s canonical encoding already at hand.
    func append(_ kind: EntryKind, _ body: some Encodable, checkpoint: Bool = false, ballot: Ballot? = nil,
                encoded: [UInt8]? = nil) throws -> Entry {
        let bytes = try encoded ?? Self.wrap("encoding \(kind.rawValue)") { try CanonicalJSON.encode(body) }
        let entries = try Self.wrap("appending \(kind.rawValue)") {
            try ledger.appendAndWait([EntryDraft(kind: kind.rawValue, body: bytes)])
        }
        guard let entry = entries.first else { throw ServiceError(.internalFailure, "the ledger returned no entry") }
        let header = ballot.map(ElectionState.header(of:))
        try lock.withLock { try state.apply(entry, ballot: header) }
        if checkpoint { try makeCheckpoint() }
        return entry
    }

    /// Signs a checkpoint of the current ledger (every phase change makes one).
    public func makeCheckpoint() throws {
        _ = try Self.wrap("checkpoint") { try ledger.makeCheckpointAndWait(signer: signer) }
    }

    /// Changes phase with the phase's own entry and a checkpoint.
    func enter(_ kind: EntryKind, from phases: Set<Phase>, action: String) throws {
        try lock.withLock { try state.require(phases, for: action) }
        guard let phase = Phase.entered(by: kind) else { throw ServiceError(.internalFailure, "\(kind) is no phase entry") }
        try append(kind, PhaseBody(phase: phase), checkpoint: true)
    }

    /// Writes `ledger.jsonl`, `checkpoint` and `ledger.vkey` into `directory`.
    /// Returns the number of entries exported (all under the checkpoint).
    @discardableResult
    public func export(to directory: URL) throws -> UInt64 {
        if !isReadOnly { try makeCheckpoint() }
        return try Self.wrap("export") { try ledger.export(to: directory).size }
    }
}
