import UrnaLedger

/// Reads, on the pool of read-only connections. Every entry read is checked against its
/// stored hash; proofs read O(log n) stored Merkle nodes.
extension LedgerStore {
    /// Number of durable entries.
    public var size: UInt64 { writableBy?.committed.size ?? readOnlySize }

    /// Hash of the last durable entry (32 zero bytes for an empty ledger); empty for a store
    /// opened read-only, which does not track it.
    public var chainHead: [UInt8] { writableBy?.committed.head ?? [] }

    /// The entry at `seq`.
    public func entry(seq: UInt64) throws -> Entry {
        guard seq < size else {
            throw LedgerError(.invalidParameter, "no entry \(seq): the ledger has \(size) entries")
        }
        return try readers.with { reader in
            guard let entry = try reader.entry(seq: seq) else {
                throw LedgerError(.integrityFailure, "entry \(seq) is missing", detail: .entry(seq: seq))
            }
            return entry
        }
    }

    /// Up to `limit` entries from `seq` on.
    public func entries(from seq: UInt64, limit: Int) throws -> [Entry] {
        var entries: [Entry] = []
        try forEachEntry(from: seq, to: min(size, seq &+ UInt64(max(0, limit)))) { entries.append($0) }
        return entries
    }

    /// Streams the entries `[from, to)` in order (`to` defaults to the current size).
    public func forEachEntry(from: UInt64 = 0, to: UInt64? = nil, _ body: (Entry) throws -> Void) throws {
        let end = min(to ?? size, size)
        guard from < end else { return }
        try readers.with { reader in
            let rows = try reader.db.prepare(
                "SELECT \(ReaderConnection.entryColumns) FROM entries WHERE seq >= ? AND seq < ? ORDER BY seq")
            try rows.bind(1, Int64(from))
            try rows.bind(2, Int64(end))
            var expected = from
            while try rows.step() {
                let entry = try ReaderConnection.decodeEntry(rows)
                guard entry.seq == expected else {
                    throw LedgerError(.integrityFailure, "entry \(expected) is missing", detail: .entry(seq: expected))
                }
                try body(entry)
                expected += 1
            }
            guard expected == end else {
                throw LedgerError(.integrityFailure, "entry \(expected) is missing", detail: .entry(seq: expected))
            }
        }
    }

    /// `MTH(D[0:treeSize])` (default: the current size).
    public func rootHash(treeSize: UInt64? = nil) throws -> [UInt8] {
        let current = size
        return try readers.with { reader in
            try MerkleProver(reader: reader, size: current).root(treeSize: treeSize ?? current)
        }
    }

    /// The inclusion proof of entry `seq` in the tree of `treeSize` entries (RFC 9162 §2.1.3.1).
    public func inclusionProof(seq: UInt64, treeSize: UInt64) throws -> [[UInt8]] {
        let current = size
        return try readers.with { reader in
            try MerkleProver(reader: reader, size: current).inclusionProof(leafIndex: seq, treeSize: treeSize)
        }
    }

    /// The consistency proof between the trees of `oldSize` and `newSize` entries (RFC 9162 §2.1.4.1).
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws -> [[UInt8]] {
        let current = size
        return try readers.with { reader in
            try MerkleProver(reader: reader, size: current).consistencyProof(oldSize: oldSize, newSize: newSize)
        }
    }

    /// The latest stored checkpoint with its cosignature lines, if any.
    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try readers.with { reader in
            let query = try reader.db.prepare("SELECT id, note FROM checkpoints ORDER BY id DESC LIMIT 1")
            guard try query.step() else { return nil }
            return try Self.storedCheckpoint(id: query.int64(0), note: query.text(1), reader: reader)
        }
    }

    /// The stored checkpoint `id` with its cosignature lines.
    public func checkpoint(id: Int64) throws -> StoredCheckpoint {
        try readers.with { reader in
            let query = try reader.db.prepare("SELECT id, note FROM checkpoints WHERE id = ?")
            try query.bind(1, id)
            guard try query.step() else { throw LedgerError(.invalidParameter, "no checkpoint with id \(id)") }
            return try Self.storedCheckpoint(id: query.int64(0), note: query.text(1), reader: reader)
        }
    }

    private static func storedCheckpoint(id: Int64, note: String, reader: ReaderConnection) throws -> StoredCheckpoint {
        let lines = try reader.db.prepare("SELECT line FROM cosignatures WHERE checkpoint_id = ? ORDER BY added_at, line")
        try lines.bind(1, id)
        var full = note
        while try lines.step() { full += lines.text(0) + "\n" }
        return StoredCheckpoint(id: id, checkpoint: try Checkpoint(signedNote: note), note: full)
    }
}
