import Foundation
import UrnaLedger

/// The single writer of a ledger store: one dedicated thread that owns the read-write
/// connection and group-commits everything queued.
///
/// Callers enqueue jobs; the thread takes every queued job (up to `maxBatch` entries, and
/// always at least one job), runs them in one `BEGIN IMMEDIATE … COMMIT` (one WAL fsync under
/// `synchronous=FULL`), and only then completes each job. An append therefore returns only
/// once its entry is durable. A storage failure rolls the whole batch back and fails every
/// job in it; the in-memory chain state is restored.
final class LedgerWriter: @unchecked Sendable {
    typealias Completion<T> = @Sendable (Result<T, Error>) -> Void

    enum Job {
        case append([EntryDraft], Completion<[Entry]>)
        case verbatim([Entry], Completion<[Entry]>)
        case checkpoint(any CheckpointSigning, Completion<StoredCheckpoint>)
        case cosignatures(checkpointID: Int64, lines: [String], Completion<Void>)
        case importedCheckpoint(note: String, size: UInt64, Completion<StoredCheckpoint>)

        var entryCount: Int {
            switch self {
            case .append(let drafts, _): drafts.count
            case .verbatim(let entries, _): entries.count
            case .checkpoint, .cosignatures, .importedCheckpoint: 1
            }
        }

        func fail(_ error: Error) {
            switch self {
            case .append(_, let done): done(.failure(error))
            case .verbatim(_, let done): done(.failure(error))
            case .checkpoint(_, let done): done(.failure(error))
            case .cosignatures(_, _, let done): done(.failure(error))
            case .importedCheckpoint(_, _, let done): done(.failure(error))
            }
        }
    }

    /// The chain state the writer extends.
    struct State {
        var frontier: MerkleFrontier
        var head: [UInt8]
        var lastTime: Int64
        var uncheckpointed: UInt64
        var lastCheckpointTime: Int64
    }

    // Guarded by `condition`.
    private let condition = MonotonicCondition()
    private var queue: [Job] = []
    private var stopping = false
    private var published: (size: UInt64, head: [UInt8])
    private var commits = 0

    // Owned by the writer thread once started.
    private let db: SQLiteDatabase
    private let insertEntry: SQLiteStatement
    private let insertNode: SQLiteStatement
    private let insertCheckpoint: SQLiteStatement
    private let insertCosignature: SQLiteStatement
    private let checkpointExists: SQLiteStatement
    private let maxSeq: SQLiteStatement
    private var state: State
    private let origin: String
    /// The ledger key recorded in `meta`; set by the first checkpoint if not yet known.
    private var verifierKey: String?
    private let maxBatch: Int
    private let clock: @Sendable () -> Int64
    /// Monotonic milliseconds: intervals (timed checkpoints, retries) are measured on it, so a
    /// wall clock that jumps backwards or forwards neither stalls nor hurries them.
    private let uptime: @Sendable () -> Int64
    /// When (``uptime``) the last checkpoint was made, or the store opened.
    private var checkpointUptime: Int64
    /// After a failed batch (a full disk…), no timed checkpoint is tried again before this.
    private var retryNotBefore: Int64 = 0
    private let policy: LedgerStore.CheckpointPolicy?
    private let onBatchCommitted: (@Sendable (Int) -> Void)?
    private let exited = DispatchSemaphore(value: 0)

    init(db: SQLiteDatabase, state: State, origin: String, verifierKey: String?,
         configuration: LedgerStore.Configuration) throws {
        self.db = db
        self.verifierKey = verifierKey
        self.state = state
        self.origin = origin
        self.maxBatch = max(1, configuration.maxBatch)
        self.clock = configuration.clock
        self.uptime = configuration.uptime
        // The last checkpoint's age by the wall clock, at most one interval (a clock that was
        // set back must not postpone the next one).
        let age = min(max(0, configuration.clock() - state.lastCheckpointTime),
                      configuration.checkpointPolicy?.maxMilliseconds ?? 0)
        self.checkpointUptime = configuration.uptime() - age
        self.policy = configuration.checkpointPolicy
        self.onBatchCommitted = configuration.onBatchCommitted
        self.published = (state.frontier.size, state.head)
        insertEntry = try db.prepare("INSERT INTO entries (seq, kind, time, body, prev, hash) VALUES (?, ?, ?, ?, ?, ?)")
        insertNode = try db.prepare("INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)")
        insertCheckpoint = try db.prepare("INSERT INTO checkpoints (size, note, created_at) VALUES (?, ?, ?)")
        insertCosignature = try db.prepare("INSERT OR IGNORE INTO cosignatures (checkpoint_id, line, added_at) VALUES (?, ?, ?)")
        checkpointExists = try db.prepare("SELECT 1 FROM checkpoints WHERE id = ?")
        maxSeq = try db.prepare("SELECT max(seq) FROM entries")
    }

    func start() {
        let thread = Thread { [self] in
            run()
            exited.signal()
        }
        thread.name = "urna-ledger-writer"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Number of batch transactions committed (for tests and metrics).
    var committedBatches: Int {
        condition.lock()
        defer { condition.unlock() }
        return commits
    }

    /// Committed size and chain head.
    var committed: (size: UInt64, head: [UInt8]) {
        condition.lock()
        defer { condition.unlock() }
        return published
    }

    func enqueue(_ job: Job) {
        condition.lock()
        guard !stopping else {
            condition.unlock()
            job.fail(LedgerError(.storeClosed, "the ledger store is closed"))
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Stops accepting jobs, finishes the queued ones, and waits for the thread to exit.
    func stop() {
        condition.lock()
        let wasStopping = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if !wasStopping { exited.wait() }
    }

    // MARK: - Writer thread

    private func run() {
        while let batch = nextBatch() {
            process(batch)
        }
        // Close on the writer thread, so that the last connection to leave checkpoints the
        // WAL into the database file.
        for statement in [insertEntry, insertNode, insertCheckpoint, insertCosignature, checkpointExists, maxSeq] {
            statement.finalize()
        }
        db.close()
    }

    /// Waits for work; returns `nil` when stopped and drained. Also wakes up for a
    /// time-based checkpoint, returning an empty batch.
    private func nextBatch() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !stopping {
            if let deadline = checkpointDeadline() {
                if !condition.wait(until: deadline), checkpointIsDue() { return [] }
            } else {
                condition.wait()
            }
        }
        if queue.isEmpty { return nil }
        var count = 0
        var taken = 0
        for job in queue {
            if taken > 0 && count + job.entryCount > maxBatch { break }
            count += job.entryCount
            taken += 1
        }
        let batch = Array(queue.prefix(taken))
        queue.removeFirst(taken)
        return batch
    }

    private func checkpointDeadline() -> DispatchTime? {
        guard let policy, let interval = policy.maxMilliseconds, state.uncheckpointed > 0 else { return nil }
        let due = max(checkpointUptime + interval, retryNotBefore)
        // At most 1 s at a time: `uptime` may be a test's clock, not the condition's.
        return DispatchTime.now() + Double(min(1000, max(0, due - uptime()))) / 1000
    }

    private enum Outcome {
        case entries([Entry])
        case checkpoint(StoredCheckpoint)
        case done
        case failed(Error)
    }

    private func process(_ batch: [Job]) {
        let saved = state
        let savedKey = verifierKey
        let savedUptime = checkpointUptime
        var outcomes: [Outcome] = []
        var madeCheckpoint = false
        do {
            try db.execute("BEGIN IMMEDIATE")
            try db.requireInPlace()
            try checkNoForeignWriter()
            for job in batch {
                outcomes.append(try perform(job))
            }
            if let policy, shouldCheckpoint(policy) {
                // Best effort: a signer that fails must not block appends; the checkpoint
                // stays due and is retried with the next batch.
                do {
                    _ = try makeCheckpoint(policy.signer)
                    madeCheckpoint = true
                } catch let error as LedgerError where error.isStorageError {
                    throw error
                } catch {
                    madeCheckpoint = false
                }
            }
            if batch.isEmpty && !madeCheckpoint {
                try db.execute("ROLLBACK")
                retryNotBefore = uptime() + 1000
                return
            }
            try db.requireInPlace()
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            state = saved
            verifierKey = savedKey
            checkpointUptime = savedUptime
            retryNotBefore = uptime() + 1000
            for job in batch { job.fail(error) }
            return
        }
        condition.lock()
        published = (state.frontier.size, state.head)
        commits += 1
        condition.unlock()
        let appended = batch.reduce(0) { $0 + $1.entryCount }
        if appended > 0 { onBatchCommitted?(appended) }
        for (job, outcome) in zip(batch, outcomes) {
            complete(job, outcome)
        }
    }

    private func complete(_ job: Job, _ outcome: Outcome) {
        if case .failed(let error) = outcome {
            job.fail(error)
            return
        }
        switch (job, outcome) {
        case (.append(_, let done), .entries(let entries)): done(.success(entries))
        case (.verbatim(_, let done), .entries(let entries)): done(.success(entries))
        case (.checkpoint(_, let done), .checkpoint(let stored)): done(.success(stored))
        case (.cosignatures(_, _, let done), .done): done(.success(()))
        case (.importedCheckpoint(_, _, let done), .checkpoint(let stored)): done(.success(stored))
        default: job.fail(LedgerError(.storageFailure, "internal: job and outcome do not match"))
        }
    }

    /// Runs one job inside the batch transaction. A job whose own input is refused fails
    /// alone (`.failed`) before writing anything; a storage error throws and aborts the batch.
    private func perform(_ job: Job) throws -> Outcome {
        switch job {
        case .append(let drafts, _):
            // Make every entry first, so that a refused draft leaves the job with no effect.
            let now = max(clock(), state.lastTime)
            var entries: [Entry] = []
            entries.reserveCapacity(drafts.count)
            var seq = state.frontier.size
            var prev = state.head
            do {
                for draft in drafts {
                    let entry = try Entry(seq: seq, kind: draft.kind, time: now, body: draft.body, prev: prev)
                    entries.append(entry)
                    seq += 1
                    prev = entry.hash
                }
            } catch {
                return .failed(error)
            }
            for entry in entries { try insert(entry) }
            return .entries(entries)
        case .verbatim(let entries, _):
            var seq = state.frontier.size
            var head = state.head
            for entry in entries {
                guard entry.seq == seq, entry.prev == head else {
                    return .failed(LedgerError(.chainBroken, "imported entry \(entry.seq) does not continue the ledger at \(seq)",
                                               detail: .entry(seq: entry.seq)))
                }
                seq += 1
                head = entry.hash
            }
            for entry in entries { try insert(entry) }
            return .entries(entries)
        case .checkpoint(let signer, _):
            do {
                return .checkpoint(try makeCheckpoint(signer))
            } catch let error as LedgerError where error.isStorageError {
                throw error
            } catch {
                return .failed(error)
            }
        case .cosignatures(let id, let lines, _):
            checkpointExists.reset()
            try checkpointExists.bind(1, id)
            guard try checkpointExists.step() else {
                checkpointExists.reset()
                return .failed(LedgerError(.invalidParameter, "no checkpoint with id \(id)"))
            }
            checkpointExists.reset()
            let now = clock()
            for line in lines {
                try insertCosignature.bind(1, id)
                try insertCosignature.bind(2, line)
                try insertCosignature.bind(3, now)
                try insertCosignature.run()
            }
            return .done
        case .importedCheckpoint(let note, let size, _):
            // Verified by the importer against the entries; stored as exported.
            guard size <= state.frontier.size, let key = verifierKey,
                  let checkpoint = try? CheckpointVerifier(verifierKey: key).verifiedCheckpoint(note),
                  checkpoint.size == size else {
                return .failed(LedgerError(.invalidCheckpoint, "the imported checkpoint does not fit this ledger"))
            }
            let now = clock()
            try insertCheckpoint.bind(1, Int64(size))
            try insertCheckpoint.bind(2, note)
            try insertCheckpoint.bind(3, now)
            try insertCheckpoint.run()
            state.uncheckpointed = state.frontier.size - size
            state.lastCheckpointTime = now
            checkpointUptime = uptime()
            return .checkpoint(StoredCheckpoint(id: db.lastInsertRowID, checkpoint: checkpoint, note: note))
        }
    }

    private func insert(_ entry: Entry) throws {
        try insertEntry.bind(1, Int64(entry.seq))
        try insertEntry.bind(2, entry.kind)
        try insertEntry.bind(3, entry.time)
        try insertEntry.bind(4, entry.body)
        try insertEntry.bind(5, entry.prev)
        try insertEntry.bind(6, entry.hash)
        try insertEntry.run()
        for node in state.frontier.append(leafHash: entry.leafHash) {
            try insertNode.bind(1, Int64(node.level))
            try insertNode.bind(2, Int64(node.index))
            try insertNode.bind(3, node.hash)
            try insertNode.run()
        }
        state.head = entry.hash
        state.lastTime = max(state.lastTime, entry.time)
        state.uncheckpointed += 1
    }

    /// Signs a checkpoint of the current state, checks the signed note against the signer's
    /// own verifier key (and the ledger key on record), then stores it.
    private func makeCheckpoint(_ signer: any CheckpointSigning) throws -> StoredCheckpoint {
        let key = signer.verifierKey
        if let verifierKey, key != verifierKey {
            throw LedgerError(.invalidParameter, "this ledger is signed by \(verifierKey), not by \(key)")
        }
        let checkpoint = try Checkpoint(origin: origin, size: state.frontier.size, root: state.frontier.root, chainHead: state.head)
        let note = try signer.signedNote(for: checkpoint)
        guard try CheckpointVerifier(verifierKey: key).verifiedCheckpoint(note) == checkpoint else {
            throw LedgerError(.invalidCheckpoint, "the signer returned a note for another checkpoint")
        }
        if verifierKey == nil {
            try LedgerStore.writeMeta(db, key: "verifier_key", value: key)
            verifierKey = key
        }
        let now = clock()
        try insertCheckpoint.bind(1, Int64(checkpoint.size))
        try insertCheckpoint.bind(2, note)
        try insertCheckpoint.bind(3, now)
        try insertCheckpoint.run()
        state.uncheckpointed = 0
        state.lastCheckpointTime = now
        checkpointUptime = uptime()
        return StoredCheckpoint(id: db.lastInsertRowID, checkpoint: checkpoint, note: note)
    }

    private func shouldCheckpoint(_ policy: LedgerStore.CheckpointPolicy) -> Bool {
        guard state.uncheckpointed > 0 else { return false }
        if let every = policy.maxEntries, state.uncheckpointed >= every { return true }
        if let interval = policy.maxMilliseconds, uptime() - checkpointUptime >= interval { return true }
        return false
    }

    /// A timed checkpoint is due (and no failure asks to wait before trying again).
    private func checkpointIsDue() -> Bool {
        guard let policy, let interval = policy.maxMilliseconds, state.uncheckpointed > 0 else { return false }
        let now = uptime()
        return now >= retryNotBefore && now - checkpointUptime >= interval
    }

    /// Refuses to write if another connection appended behind this writer's back.
    private func checkNoForeignWriter() throws {
        defer { maxSeq.reset() }
        guard try maxSeq.step() else { throw LedgerError(.storageFailure, "cannot read the ledger size") }
        let stored: UInt64 = maxSeq.isNull(0) ? 0 : UInt64(maxSeq.int64(0)) + 1
        guard stored == state.frontier.size else {
            throw LedgerError(.storageFailure, "the ledger has \(stored) entries on disk but this writer expected \(state.frontier.size): another writer is appending")
        }
    }
}
