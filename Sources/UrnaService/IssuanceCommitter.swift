import Foundation
import UrnaLedgerStore

/// Group commit of issued tokens into the private store (`issuance` rows).
///
/// Concurrent token requests each sign on their own thread (both cores), then hand their row
/// here. The first caller that finds no commit in progress becomes the leader: it takes every
/// queued row and records them in one `BEGIN IMMEDIATE … COMMIT` (one fsync under
/// `synchronous=FULL`); the others wait, queueing up for the next commit meanwhile. Every caller
/// returns only after the transaction holding its row committed, so no blind signature leaves
/// the service before its row is durable.
///
/// Per row, inside the transaction: a pseudonym already recorded (by an earlier commit or by an
/// earlier row of the same batch) with the same blinded message gets the stored signature; with
/// a different one, `already-issued`. A storage failure rolls the batch back and fails every row
/// in it.
final class IssuanceCommitter: @unchecked Sendable {
    struct Row {
        let pseudonym: String
        let district: String
        let code: String
        let blindedHash: [UInt8]
        let signature: [UInt8]
    }

    /// Most rows in one transaction.
    static let maxBatch = 512

    private final class Pending {
        let row: Row
        var result: Result<[UInt8], Error>?
        init(_ row: Row) { self.row = row }
    }

    private let store: PrivateStore
    private let condition = NSCondition()
    private var queue: [Pending] = []
    private var committing = false
    /// Rows committed and not yet published (nil until first read from the store).
    private var unpublished: Int?
    private var commits = 0

    init(store: PrivateStore) {
        self.store = store
    }

    /// Records `row` (or finds its pseudonym's earlier answer); returns the blind signature to
    /// give, once durable.
    func commit(_ row: Row) throws -> [UInt8] {
        let mine = Pending(row)
        condition.lock()
        queue.append(mine)
        while mine.result == nil {
            guard !committing else {
                condition.wait()
                continue
            }
            committing = true
            let batch = Array(queue.prefix(Self.maxBatch))
            queue.removeFirst(batch.count)
            condition.unlock()
            let (results, inserted) = record(batch.map(\.row))
            condition.lock()
            for (pending, result) in zip(batch, results) { pending.result = result }
            if unpublished != nil { unpublished? += inserted }
            committing = false
            condition.broadcast()
        }
        condition.unlock()
        switch mine.result {
        case .success(let signature): return signature
        case .failure(let error): throw error
        case nil: throw ServiceError(.internalFailure, "the issuance commit left a request without an answer")
        }
    }

    /// Transactions committed so far, and rows waiting for the next one (for tests and metrics).
    var committedBatches: Int { condition.withLock { commits } }
    var queuedCount: Int { condition.withLock { queue.count } }

    /// Records `rows` in one transaction, as a leader does: each row's answer.
    func commitBatch(_ rows: [Row]) -> [Result<[UInt8], Error>] {
        let (results, inserted) = record(rows)
        condition.withLock { if unpublished != nil { unpublished? += inserted } }
        return results
    }

    /// Issuances recorded and not yet published.
    func unpublishedCount() throws -> Int {
        if let known = condition.withLock({ unpublished }) { return known }
        let counted = try store.locked { db in Int(try db.scalar("SELECT COUNT(*) FROM issuance WHERE published = 0") ?? 0) }
        return condition.withLock {
            if unpublished == nil { unpublished = counted }
            return unpublished ?? counted
        }
    }

    /// `count` rows were marked published.
    func published(_ count: Int) {
        condition.withLock {
            if let known = unpublished { unpublished = max(0, known - count) }
        }
    }

    /// One transaction for `rows`; each row's answer, and how many rows were inserted.
    private func record(_ rows: [Row]) -> ([Result<[UInt8], Error>], Int) {
        do {
            let recorded = try store.transaction { db in
                let existing = try db.prepare("SELECT blinded_hash, blind_signature FROM issuance WHERE pseudonym = ?")
                let insert = try db.prepare("""
                    INSERT INTO issuance (pseudonym, district, code, blinded_hash, blind_signature) VALUES (?, ?, ?, ?, ?)
                    """)
                var results: [Result<[UInt8], Error>] = []
                var inserted = 0
                for row in rows {
                    existing.reset()
                    try existing.bind(1, row.pseudonym)
                    if try existing.step() {
                        results.append(Self.answer(stored: existing.blob(0), signature: existing.blob(1), for: row))
                        continue
                    }
                    try insert.bind(1, row.pseudonym)
                    try insert.bind(2, row.district)
                    try insert.bind(3, row.code)
                    try insert.bind(4, row.blindedHash)
                    try insert.bind(5, row.signature)
                    try insert.run()
                    inserted += 1
                    results.append(.success(row.signature))
                }
                existing.finalize()
                insert.finalize()
                return (results, inserted)
            }
            condition.withLock { commits += 1 }
            return recorded
        } catch {
            return (Array(repeating: .failure(error), count: rows.count), 0)
        }
    }

    /// The answer for a pseudonym already recorded: its stored signature for the same request,
    /// a refusal for another.
    static func answer(stored blindedHash: [UInt8], signature: [UInt8], for row: Row) -> Result<[UInt8], Error> {
        guard blindedHash == row.blindedHash else {
            return .failure(ServiceError(.alreadyIssued, "a token was already issued for this pseudonym, for a different request"))
        }
        return .success(signature)
    }
}
