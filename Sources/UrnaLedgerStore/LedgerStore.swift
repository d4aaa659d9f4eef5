import Foundation
import UrnaLedger

/// A checkpoint stored in the ledger database.
public struct StoredCheckpoint: Sendable, Hashable {
    /// Row id in `checkpoints`, used to attach cosignatures.
    public let id: Int64
    public let checkpoint: Checkpoint
    /// The signed note: checkpoint text, blank line, the ledger's signature line and any
    /// cosignature lines added since.
    public let note: String
}

/// The append-only ledger of one election, stored in SQLite (`Specs/ledger.md` §7).
///
/// - One writer thread group-commits concurrent appends: one transaction and one fsync
///   (`synchronous=FULL`, WAL) per batch; ``append(kind:body:)`` returns only after its batch
///   is durable.
/// - Readers use a pool of read-only connections and run concurrently with the writer.
/// - On open, an integrity check recomputes the chain, the stored Merkle nodes and every
///   signed checkpoint; a truncated or altered ledger throws `integrity-failure` naming the
///   first bad seq, and no store (so no append) is returned.
public final class LedgerStore: Sendable {
    /// When to sign a checkpoint automatically, in the same transaction as a batch.
    public struct CheckpointPolicy: Sendable {
        public var signer: any CheckpointSigning
        /// Make a checkpoint once this many entries are not yet covered by one.
        public var maxEntries: UInt64?
        /// Make a checkpoint once the last one is this old (and entries are not yet covered).
        public var maxMilliseconds: Int64?

        public init(signer: any CheckpointSigning, maxEntries: UInt64? = 1000, maxMilliseconds: Int64? = 60_000) {
            self.signer = signer
            self.maxEntries = maxEntries
            self.maxMilliseconds = maxMilliseconds
        }
    }

    /// How much of the stored ledger to recompute on open.
    public enum OpenCheck: Sendable {
        /// Every entry, every stored node, every checkpoint (the default).
        case full
        /// Trust the stored nodes up to the latest checkpoint (its root and chain head are
        /// recomputed from them in O(log n)); check every entry and node after it. For huge
        /// ledgers that were fully checked before.
        case fromLatestCheckpoint
    }

    public struct Configuration: Sendable {
        /// Most entries committed in one transaction.
        public var maxBatch = 256
        /// Most concurrent read-only connections.
        public var readers = 4
        public var openCheck = OpenCheck.full
        /// Unix time in milliseconds; entry times never go backwards even if this does.
        public var clock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
        /// Monotonic milliseconds, for intervals: a wall clock set back or forward changes no
        /// interval (the next timed checkpoint, a retry after a storage failure).
        public var uptime: @Sendable () -> Int64 = { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }
        /// Automatic checkpoints; `nil` makes them only on request.
        public var checkpointPolicy: CheckpointPolicy?
        /// Verifies the stored checkpoints' signatures on open (and returns their bodies).
        /// `nil` checks their text and roots only.
        public var checkpointVerifier: (any CheckpointVerifying)?
        /// Told the number of entries of every committed append batch (for metrics).
        public var onBatchCommitted: (@Sendable (Int) -> Void)?

        public init() {}
    }

    /// Where the database lives.
    public let path: String
    /// The checkpoint origin line of this ledger.
    public let origin: String
    /// Nil for a store opened with ``openReadOnly(path:)``.
    let writableBy: LedgerWriter?
    let readers: ReaderPool
    /// The size seen when a read-only store was opened.
    let readOnlySize: UInt64

    private init(path: String, origin: String, writer: LedgerWriter?, readers: ReaderPool, readOnlySize: UInt64 = 0) {
        self.path = path
        self.origin = origin
        self.writableBy = writer
        self.readers = readers
        self.readOnlySize = readOnlySize
    }

    /// The writer; a read-only store refuses every write.
    var writer: LedgerWriter {
        get throws {
            guard let writableBy else { throw LedgerError(.readOnly, "\(path) is open read-only") }
            return writableBy
        }
    }

    public var isReadOnly: Bool { writableBy == nil }

    /// Opens an existing ledger for reading only: no byte of the file is written, it works
    /// beside a running writer (WAL), and on a read-only copy. No integrity check is run (the
    /// verifier does that); appends and checkpoints throw `read-only`.
    public static func openReadOnly(path: String) throws -> LedgerStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.notALedger, "\(path) does not exist")
        }
        try LedgerSchema.requireLedger(path: path)
        let readers = ReaderPool(path: path, limit: 2, detached: true)
        let (origin, size) = try readers.with { reader -> (String, UInt64) in
            guard let origin = try readMeta(reader.db, key: "origin") else {
                throw LedgerError(.notALedger, "\(path) has no origin; it is not a complete ledger")
            }
            let last = try reader.db.scalar("SELECT max(seq) FROM entries")
            return (origin, last.map { UInt64(max(0, $0)) + 1 } ?? 0)
        }
        return LedgerStore(path: path, origin: origin, writer: nil, readers: readers, readOnlySize: size)
    }

    deinit { close() }

    /// Opens (or creates) the ledger at `path`, applies migrations, and runs the integrity check.
    /// A ledger is created only where no file exists: an existing file that is not an Urna
    /// ledger (zero-length, another database, garbage) is refused with `not-a-ledger` and never
    /// written to — it may be evidence.
    ///
    /// - Parameter origin: the checkpoint origin. Required to create a ledger; for an existing
    ///   one it must equal the stored origin (or be `nil`).
    public static func open(path: String, origin: String? = nil, configuration: Configuration = Configuration()) throws -> LedgerStore {
        if FileManager.default.fileExists(atPath: path) { try LedgerSchema.requireLedger(path: path) }
        let db = try SQLiteDatabase(path: path, readOnly: false)
        let now = configuration.clock()
        try LedgerSchema.prepareWriter(db, now: now)
        let storedOrigin = try Self.resolveOrigin(db, origin: origin, now: now)
        let verifierKey = try Self.resolveVerifierKey(db, configuration: configuration)
        let verifier: (any CheckpointVerifying)? = try configuration.checkpointVerifier
            ?? verifierKey.map { try CheckpointVerifier(verifierKey: $0) }
        let check = IntegrityCheck(db: db, origin: storedOrigin, openNote: { note in
            guard let verifier else {
                throw LedgerError(.integrityFailure, "the ledger holds checkpoints but no ledger verifier key")
            }
            return try verifier.verifiedCheckpoint(note)
        }, now: now)
        let state = try check.run(fast: configuration.openCheck == .fromLatestCheckpoint)
        let writer = try LedgerWriter(db: db, state: state, origin: storedOrigin, verifierKey: verifierKey,
                                      configuration: configuration)
        writer.start()
        return LedgerStore(path: path, origin: storedOrigin, writer: writer,
                           readers: ReaderPool(path: path, limit: configuration.readers))
    }

    private static func resolveOrigin(_ db: SQLiteDatabase, origin: String?, now: Int64) throws -> String {
        if let stored = try readMeta(db, key: "origin") {
            if let origin, origin != stored {
                throw LedgerError(.invalidParameter, "\(db.path) is the ledger of \(stored), not \(origin)")
            }
            return stored
        }
        guard let origin else {
            throw LedgerError(.invalidParameter, "\(db.path) holds no ledger yet; an origin is needed to create one")
        }
        try Checkpoint.validateOrigin(origin)
        try db.execute("BEGIN IMMEDIATE")
        do {
            try writeMeta(db, key: "format", value: "urna-ledger-v1")
            try writeMeta(db, key: "origin", value: origin)
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        return origin
    }

    /// The ledger verifier key: the one stored in `meta`, else the configured one (which is
    /// then stored). A configured key that differs from the stored one is refused.
    private static func resolveVerifierKey(_ db: SQLiteDatabase, configuration: Configuration) throws -> String? {
        let configured = Set([configuration.checkpointVerifier?.verifierKey,
                              configuration.checkpointPolicy?.signer.verifierKey].compactMap { $0 })
        guard configured.count <= 1 else {
            throw LedgerError(.invalidParameter, "the configured checkpoint signer and verifier use different keys")
        }
        let stored = try readMeta(db, key: "verifier_key")
        if let stored, let key = configured.first, key != stored {
            throw LedgerError(.invalidParameter, "\(db.path) is signed by \(stored), not by the configured key \(key)")
        }
        if stored == nil, let key = configured.first {
            _ = try CheckpointVerifier(verifierKey: key)
            try db.execute("BEGIN IMMEDIATE")
            do {
                try writeMeta(db, key: "verifier_key", value: key)
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
            return key
        }
        return stored
    }

    static func readMeta(_ db: SQLiteDatabase, key: String) throws -> String? {
        let query = try db.prepare("SELECT value FROM meta WHERE key = ?")
        defer { query.finalize() }
        try query.bind(1, key)
        return try query.step() ? query.text(0) : nil
    }

    static func writeMeta(_ db: SQLiteDatabase, key: String, value: String) throws {
        let insert = try db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
        defer { insert.finalize() }
        try insert.bind(1, key)
        try insert.bind(2, value)
        try insert.run()
    }

    /// Stops the writer after the queued jobs and closes every connection. Appending
    /// afterwards fails with `store-closed`. Idempotent.
    public func close() {
        // Readers first: the writer's connection, closing last, checkpoints the WAL into the
        // database file, so a closed election.db is one self-contained file.
        readers.close()
        writableBy?.stop()
    }

    // MARK: - Appending

    /// Appends one entry; returns once it is durable.
    public func append(kind: String, body: [UInt8]) async throws -> Entry {
        let entries = try await append([EntryDraft(kind: kind, body: body)])
        guard let entry = entries.first else {
            throw LedgerError(.storageFailure, "internal: the writer returned no entry")
        }
        return entry
    }

    /// Appends entries atomically, in order, in one transaction (shared with other queued
    /// appends); returns once they are durable.
    public func append(_ drafts: [EntryDraft]) async throws -> [Entry] {
        let writer = try self.writer
        guard !drafts.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            writer.enqueue(.append(drafts) { continuation.resume(with: $0) })
        }
    }

    /// ``append(_:)`` for synchronous callers: blocks the calling thread (never call it from
    /// a Swift concurrency task).
    public func appendAndWait(_ drafts: [EntryDraft]) throws -> [Entry] {
        let writer = try self.writer
        guard !drafts.isEmpty else { return [] }
        return try Self.wait { done in writer.enqueue(.append(drafts, done)) }
    }

    /// Signs a checkpoint of the current ledger now (after everything queued before it) and
    /// stores it.
    public func makeCheckpoint(signer: any CheckpointSigning) async throws -> StoredCheckpoint {
        let writer = try self.writer
        return try await withCheckedThrowingContinuation { continuation in
            writer.enqueue(.checkpoint(signer) { continuation.resume(with: $0) })
        }
    }

    /// Synchronous ``makeCheckpoint(signer:)``.
    public func makeCheckpointAndWait(signer: any CheckpointSigning) throws -> StoredCheckpoint {
        let writer = try self.writer
        return try Self.wait { done in writer.enqueue(.checkpoint(signer, done)) }
    }

    /// Inserts already-made entries verbatim (import): they must continue the ledger.
    func appendVerbatimAndWait(_ entries: [Entry]) throws -> [Entry] {
        let writer = try self.writer
        return try Self.wait { done in writer.enqueue(.verbatim(entries, done)) }
    }

    /// Stores an exported checkpoint note verbatim (import); it was verified against the entries.
    @discardableResult
    func importCheckpointAndWait(_ note: String) throws -> StoredCheckpoint {
        let writer = try self.writer
        let size = try Checkpoint(signedNote: note).size
        return try Self.wait { done in writer.enqueue(.importedCheckpoint(note: note, size: size, done)) }
    }

    static func wait<T: Sendable>(_ submit: (@escaping LedgerWriter.Completion<T>) -> Void) throws -> T {
        let box = ResultBox<T>()
        submit { result in box.set(result) }
        return try box.wait()
    }
}

/// A one-shot result handed from the writer thread to a blocked caller.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<T, Error>?

    func set(_ value: Result<T, Error>) {
        condition.lock()
        result = value
        condition.signal()
        condition.unlock()
    }

    func wait() throws -> T {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result { return try result.get() }
            condition.wait()
        }
    }
}
