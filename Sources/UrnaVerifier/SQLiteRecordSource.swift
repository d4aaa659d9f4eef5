import Foundation
import UrnaLedger

/// A public `election.db` (`Specs/ledger.md` §7.1), read through the verifier's own read-only
/// connections: the `entries`, `checkpoints`, `cosignatures`, `nodes` and `meta` tables.
public struct SQLiteRecordSource: RecordSource {
    public let path: String

    /// Opens the file once to check that it is an Urna ledger (`meta.format = urna-ledger-v1`).
    public init(path: String) throws {
        self.path = path
        let db = try ReadOnlyDatabase(path: path)
        guard try db.hasTable("entries"), try db.hasTable("meta") else {
            throw VerifierError(.unreadable, "\(path) is not an Urna ledger database (no entries or meta table)")
        }
        guard let format = try Self.meta(db, "format"), format == "urna-ledger-v1" else {
            throw VerifierError(.unreadable, "\(path) is not an Urna ledger database (meta.format is not urna-ledger-v1)")
        }
    }

    public var name: String { path }

    static func meta(_ db: ReadOnlyDatabase, _ key: String) throws -> String? {
        let query = try db.prepare("SELECT value FROM meta WHERE key = ?")
        try query.bind(1, key)
        guard try query.step(), query.isText(0) else { return nil }
        return query.text(0)
    }

    public func publishedVerifierKey() throws -> String? {
        try Self.meta(ReadOnlyDatabase(path: path), "verifier_key")
    }

    public func checkpointNotes() throws -> [String] {
        let db = try ReadOnlyDatabase(path: path)
        guard try db.hasTable("checkpoints") else { return [] }
        let hasCosignatures = try db.hasTable("cosignatures")
        let notes = try db.prepare("SELECT id, note FROM checkpoints ORDER BY id")
        let lines = hasCosignatures
            ? try db.prepare("SELECT line FROM cosignatures WHERE checkpoint_id = ? ORDER BY added_at, line") : nil
        var result: [String] = []
        while try notes.step() {
            var note = notes.text(1)
            if let lines {
                lines.reset()
                try lines.bind(1, notes.int64(0))
                while try lines.step() { note += lines.text(0) + "\n" }
            }
            result.append(note)
        }
        return result
    }

    public func estimatedEntryCount() throws -> UInt64? {
        let query = try ReadOnlyDatabase(path: path).prepare("SELECT max(seq) FROM entries")
        guard try query.step(), query.isInteger(0) else { return 0 }
        return UInt64(max(0, query.int64(0) + 1))
    }

    public func entries(from seq: UInt64) throws -> any RecordEntryReader {
        try SQLiteEntryReader(path: path, from: seq)
    }

    public func subtreeReader() throws -> (any MerkleSubtreeReader)? {
        let db = try ReadOnlyDatabase(path: path)
        guard try db.hasTable("nodes") else { return nil }
        return try SQLiteSubtreeReader(db: db)
    }
}

/// Streams `entries` rows by seq. Rows whose columns have the wrong storage class are
/// reported as malformed items; the stream goes on.
final class SQLiteEntryReader: RecordEntryReader {
    private let db: ReadOnlyDatabase
    private let rows: ReadOnlyStatement
    private var done = false

    init(path: String, from seq: UInt64) throws {
        db = try ReadOnlyDatabase(path: path)
        rows = try db.prepare("SELECT seq, kind, time, body, prev, hash FROM entries WHERE seq >= ? ORDER BY seq")
        try rows.bind(1, Int64(clamping: seq))
    }

    func next(maxCount: Int) throws -> [RecordItem] {
        var items: [RecordItem] = []
        while !done, items.count < maxCount {
            guard try rows.step() else {
                done = true
                break
            }
            items.append(decodeRow())
        }
        return items
    }

    private func decodeRow() -> RecordItem {
        guard rows.isInteger(0) else { return .malformed(seq: nil, reason: "seq is not an integer") }
        let seqValue = rows.int64(0)
        guard seqValue >= 0 else { return .malformed(seq: nil, reason: "seq \(seqValue) is negative") }
        let seq = UInt64(seqValue)
        guard rows.isText(1) else { return .malformed(seq: seq, reason: "entry \(seq): kind is not text") }
        guard rows.isInteger(2) else { return .malformed(seq: seq, reason: "entry \(seq): time is not an integer") }
        // An empty blob may come back as a zero-length blob or (if written so) as text.
        guard rows.isBlob(3) || rows.isText(3) else {
            return .malformed(seq: seq, reason: "entry \(seq): body is not a blob")
        }
        guard rows.isBlob(4), rows.isBlob(5) else {
            return .malformed(seq: seq, reason: "entry \(seq): prev or hash is not a blob")
        }
        let body = rows.isBlob(3) ? rows.blob(3) : Array(rows.text(3).utf8)
        return .entry(RecordEntry(seq: seq, kind: rows.text(1), time: rows.int64(2), body: body,
                                  prev: rows.blob(4), hash: rows.blob(5)))
    }
}

/// Reads stored Merkle nodes `(level, idx) → hash`.
final class SQLiteSubtreeReader: MerkleSubtreeReader {
    private let db: ReadOnlyDatabase
    private let query: ReadOnlyStatement

    init(db: ReadOnlyDatabase) throws {
        self.db = db
        query = try db.prepare("SELECT hash FROM nodes WHERE level = ? AND idx = ?")
    }

    func subtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
        query.reset()
        try query.bind(1, Int64(level))
        try query.bind(2, Int64(clamping: index))
        guard try query.step(), query.isBlob(0) else {
            throw LedgerError(.invalidParameter, "the database stores no node at level \(level), index \(index)")
        }
        return query.blob(0)
    }
}
