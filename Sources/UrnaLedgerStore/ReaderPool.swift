import Foundation
import UrnaLedger

/// A read-only connection with its prepared queries. Used by one thread at a time.
final class ReaderConnection: MerkleSubtreeReader {
    let db: SQLiteDatabase
    private let nodeQuery: SQLiteStatement
    private let entryQuery: SQLiteStatement

    static let entryColumns = "seq, kind, time, body, prev, hash"

    init(path: String, detached: Bool = false) throws {
        db = try SQLiteDatabase(path: path, readOnly: true, detached: detached)
        nodeQuery = try db.prepare("SELECT hash FROM nodes WHERE level = ? AND idx = ?")
        entryQuery = try db.prepare("SELECT \(Self.entryColumns) FROM entries WHERE seq = ?")
    }

    func subtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
        defer { nodeQuery.reset() }
        try nodeQuery.bind(1, Int64(level))
        try nodeQuery.bind(2, Int64(index))
        guard try nodeQuery.step() else {
            throw LedgerError(.integrityFailure, "stored Merkle node (level \(level), index \(index)) is missing",
                              detail: .entry(seq: index << UInt64(level)))
        }
        return nodeQuery.blob(0)
    }

    func entry(seq: UInt64) throws -> Entry? {
        defer { entryQuery.reset() }
        try entryQuery.bind(1, Int64(seq))
        guard try entryQuery.step() else { return nil }
        return try Self.decodeEntry(entryQuery)
    }

    /// Rebuilds an entry from a row of `entryColumns`, checking its stored hash.
    static func decodeEntry(_ row: SQLiteStatement) throws -> Entry {
        let seq = row.int64(0)
        guard seq >= 0, row.isInteger(0), row.isText(1), row.isInteger(2), row.isBlob(3), row.isBlob(4), row.isBlob(5) else {
            throw LedgerError(.integrityFailure, "entry row \(seq) has columns of the wrong type",
                              detail: .entry(seq: UInt64(max(0, seq))))
        }
        do {
            return try Entry(seq: UInt64(seq), kind: row.text(1), time: row.int64(2), body: row.blob(3),
                             prev: row.blob(4), hash: row.blob(5))
        } catch let error as LedgerError {
            throw LedgerError(.integrityFailure, "stored \(error.reason)", detail: .entry(seq: UInt64(seq)))
        }
    }
}

/// A bounded pool of read-only connections, so that readers run concurrently with each
/// other and with the writer (WAL readers never block the writer, nor it them).
final class ReaderPool: @unchecked Sendable {
    private let path: String
    private let limit: Int
    private let detached: Bool
    private let condition = NSCondition()
    private var idle: [ReaderConnection] = []
    private var created = 0
    private var closed = false

    init(path: String, limit: Int, detached: Bool = false) {
        self.path = path
        self.limit = max(1, limit)
        self.detached = detached
    }

    func with<T>(_ body: (ReaderConnection) throws -> T) throws -> T {
        let connection = try acquire()
        defer { release(connection) }
        return try body(connection)
    }

    func close() {
        condition.lock()
        closed = true
        idle.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func acquire() throws -> ReaderConnection {
        condition.lock()
        defer { condition.unlock() }
        while true {
            guard !closed else { throw LedgerError(.storeClosed, "the ledger store is closed") }
            if let connection = idle.popLast() { return connection }
            if created < limit {
                created += 1
                do {
                    return try ReaderConnection(path: path, detached: detached)
                } catch {
                    created -= 1
                    throw error
                }
            }
            condition.wait()
        }
    }

    private func release(_ connection: ReaderConnection) {
        condition.lock()
        if !closed { idle.append(connection) } else { created -= 1 }
        condition.signal()
        condition.unlock()
    }
}
