/// Streams `entries` rows by seq (`Specs/verification.md` §1, §2). Rows whose columns have the
/// wrong storage class or size are reported as malformed items, and the stream goes on:
///
/// - a row larger than ``SourceLimits/maxRowSize`` is refused by SQLite before it is read
///   (`SQLITE_TOOBIG`); the reader finds the next seq by its key alone and goes on after it;
/// - a body above ``SourceLimits/maxBodySize`` (or a `kind`, `prev`, `hash` of the wrong size) is
///   never copied out of SQLite.
///
/// With `withNodes`, each item carries the stored Merkle nodes its position completes
/// (``StoredNodeCursor``), read on the same connection, so in the same snapshot; the last item
/// also carries every stored node beyond the tree.
final class SQLiteEntryReader: RecordEntryReader {
    private static let query = "SELECT seq, kind, time, body, prev, hash FROM entries WHERE seq >= ? ORDER BY seq"

    private let db: ReadOnlyDatabase
    private var rows: ReadOnlyStatement
    private let nodes: StoredNodeCursor?
    /// The seq of the last row read, to go on after a row SQLite refused.
    private var lastSeq: Int64?
    private let from: UInt64
    /// Items read so far: the position of the next one in the stream.
    private var position: UInt64 = 0
    /// The next item, read ahead so that the last one is known (it carries the nodes left over).
    private var lookahead: RecordItem?
    private var done = false

    init(db: ReadOnlyDatabase, from seq: UInt64, withNodes: Bool) throws {
        self.db = db
        self.from = seq
        rows = try db.prepare(Self.query)
        try rows.bind(1, Int64(clamping: seq))
        nodes = withNodes ? StoredNodeCursor(db: db) : nil
    }

    func next(maxCount: Int, maxBodyBytes: Int) throws -> [RecordItem] {
        var items: [RecordItem] = []
        var bytes = 0
        if lookahead == nil { lookahead = try fetch() }
        while items.count < max(1, maxCount), bytes < maxBodyBytes, var item = lookahead {
            lookahead = try fetch()
            if lookahead == nil, let nodes, var stored = item.storedNodes {
                stored.extra += try nodes.remaining()
                item = item.with(storedNodes: stored)
            }
            bytes += item.bodyBytes
            items.append(item)
        }
        return items
    }

    /// The next row as an item, nil at the end.
    private func fetch() throws -> RecordItem? {
        guard !done else { return nil }
        var item: RecordItem
        switch try rows.stepOrTooBig() {
        case .done:
            done = true
            return nil
        case .row:
            lastSeq = rows.int64(0)
            item = decodeRow()
        case .tooBig:
            guard let seq = try skipOversizedRow() else {
                done = true
                return nil
            }
            item = .malformed(seq: UInt64(seq), reason: "entry \(seq): the row exceeds \(SourceLimits.maxRowSize) bytes")
        }
        if let nodes {
            item = item.with(storedNodes: try nodes.completed(at: position))
        }
        position += 1
        return item
    }

    /// After SQLite refused a row as too big: its seq (read from the key alone), with the main
    /// query restarted after it.
    private func skipOversizedRow() throws -> Int64? {
        let start = lastSeq.map { $0 == Int64.max ? $0 : $0 + 1 } ?? Int64(clamping: from)
        let key = try db.prepare("SELECT seq FROM entries WHERE seq >= ? ORDER BY seq LIMIT 1")
        try key.bind(1, start)
        guard try key.step(), key.isInteger(0) else { return nil }
        let seq = key.int64(0)
        lastSeq = seq
        guard seq < Int64.max else {
            done = true
            return seq
        }
        rows = try db.prepare(Self.query)
        try rows.bind(1, seq + 1)
        return seq
    }

    private func decodeRow() -> RecordItem {
        guard rows.isInteger(0) else { return .malformed(seq: nil, reason: "seq is not an integer") }
        let seqValue = rows.int64(0)
        guard seqValue >= 0 else { return .malformed(seq: nil, reason: "seq \(seqValue) is negative") }
        let seq = UInt64(seqValue)
        guard rows.isText(1) else { return .malformed(seq: seq, reason: "entry \(seq): kind is not text") }
        guard rows.byteCount(1) <= SourceLimits.maxKindSize * 4 else {
            return .malformed(seq: seq, reason: "entry \(seq): kind has \(rows.byteCount(1)) bytes, more than \(SourceLimits.maxKindSize) characters")
        }
        guard rows.isInteger(2) else { return .malformed(seq: seq, reason: "entry \(seq): time is not an integer") }
        // An empty blob may come back as a zero-length blob or (if written so) as text.
        guard rows.isBlob(3) || rows.isText(3) else {
            return .malformed(seq: seq, reason: "entry \(seq): body is not a blob")
        }
        guard rows.byteCount(3) <= SourceLimits.maxBodySize else {
            return .malformed(seq: seq, reason: "entry \(seq): body has \(rows.byteCount(3)) bytes, more than \(SourceLimits.maxBodySize)")
        }
        guard rows.isBlob(4), rows.isBlob(5) else {
            return .malformed(seq: seq, reason: "entry \(seq): prev or hash is not a blob")
        }
        guard rows.byteCount(4) == 32, rows.byteCount(5) == 32 else {
            return .malformed(seq: seq, reason: "entry \(seq): prev and hash must be 32 bytes")
        }
        let body = rows.isBlob(3) ? rows.blob(3) : Array(rows.text(3).utf8)
        return .entry(RecordEntry(seq: seq, kind: rows.text(1), time: rows.int64(2), body: body,
                                  prev: rows.blob(4), hash: rows.blob(5)))
    }
}
