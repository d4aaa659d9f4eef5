import UrnaLedger

/// The integrity check a store runs on open (`Specs/ledger.md` §7.3).
///
/// From a starting size `S` (0 for the full check; the latest checkpoint's size for the fast
/// check, whose root and chain head are first recomputed from stored nodes and entry `S-1`),
/// it streams every entry in order and checks: the stored hash is the hash of the fields;
/// seq has no gap; `prev` is the previous hash; every stored Merkle node equals the one
/// recomputed; the number of nodes is exactly `2N - popcount(N)`; every stored checkpoint
/// parses, is signed by the ledger key (when one is known), names the ledger's origin, and has
/// the recomputed root and chain head at its size; no checkpoint is larger than the ledger.
/// The first discrepancy throws `integrity-failure` naming the first bad seq.
struct IntegrityCheck {
    let db: SQLiteDatabase
    let origin: String
    /// Parses a stored signed note into its checkpoint, verifying its signature if a key is known.
    let openNote: (String) throws -> Checkpoint
    let now: Int64

    struct StoredNote {
        let id: Int64
        let size: UInt64
        let createdAt: Int64
        let checkpoint: Checkpoint
    }

    func run(fast: Bool) throws -> LedgerWriter.State {
        let notes = try loadCheckpoints()
        let start: UInt64 = fast ? (notes.last?.size ?? 0) : 0
        var frontier = MerkleFrontier()
        var head = Entry.genesisPrev
        var lastTime: Int64 = 0
        if start > 0 {
            let nodeReader = try WriterNodeReader(db: db)
            defer { nodeReader.query.finalize() }
            frontier = try MerkleFrontier(size: start, reader: nodeReader)
            let query = try db.prepare("SELECT \(ReaderConnection.entryColumns) FROM entries WHERE seq = ?")
            defer { query.finalize() }
            try query.bind(1, Int64(start - 1))
            guard try query.step() else {
                throw LedgerError(.integrityFailure, "entry \(start - 1) is missing (the latest checkpoint has size \(start))",
                                  detail: .entry(seq: start - 1))
            }
            let last = try ReaderConnection.decodeEntry(query)
            head = last.hash
            lastTime = last.time
        }
        var pending = notes.filter { $0.size >= start }[...]
        try checkCheckpoints(&pending, size: start, root: frontier.root, head: head)

        var chain = ChainState(size: start, head: head)
        var cursors = NodeCursors(db: db, start: start)
        defer { cursors.finalize() }
        let rows = try db.prepare("SELECT \(ReaderConnection.entryColumns) FROM entries WHERE seq >= ? ORDER BY seq")
        defer { rows.finalize() }
        try rows.bind(1, Int64(start))
        while try rows.step() {
            let entry = try ReaderConnection.decodeEntry(rows)
            try chain.append(entry)
            for node in frontier.append(leafHash: entry.leafHash) {
                try cursors.expect(node)
            }
            lastTime = max(lastTime, entry.time)
            try checkCheckpoints(&pending, size: frontier.size, root: frontier.root, head: entry.hash)
        }
        let size = frontier.size
        if let missing = pending.first {
            throw LedgerError(.integrityFailure,
                              "the ledger has \(size) entries but checkpoint \(missing.id) covers \(missing.size): entries are missing",
                              detail: .entry(seq: size))
        }
        let expectedNodes = 2 * size - UInt64(size.nonzeroBitCount)
        let storedNodes = UInt64(try db.scalar("SELECT count(*) FROM nodes") ?? 0)
        guard storedNodes == expectedNodes else {
            throw LedgerError(.integrityFailure,
                              "\(storedNodes) Merkle nodes are stored for \(size) entries, expected \(expectedNodes): entries are missing",
                              detail: .entry(seq: size))
        }
        let storedEntries = UInt64(try db.scalar("SELECT count(*) FROM entries") ?? 0)
        guard storedEntries == size else {
            throw LedgerError(.integrityFailure, "\(storedEntries) entry rows are stored for a chain of \(size) entries",
                              detail: .entry(seq: size))
        }
        let lastNote = notes.last
        return LedgerWriter.State(frontier: frontier, head: chain.head, lastTime: lastTime,
                                  uncheckpointed: size - (lastNote?.size ?? 0),
                                  lastCheckpointTime: lastNote?.createdAt ?? now)
    }

    private func loadCheckpoints() throws -> [StoredNote] {
        let rows = try db.prepare("SELECT id, size, note, created_at FROM checkpoints ORDER BY id")
        defer { rows.finalize() }
        var notes: [StoredNote] = []
        while try rows.step() {
            let id = rows.int64(0)
            let checkpoint: Checkpoint
            do {
                checkpoint = try openNote(rows.text(2))
            } catch {
                throw LedgerError(.integrityFailure, "stored checkpoint \(id) does not verify: \(error)",
                                  detail: .entry(seq: UInt64(max(0, rows.int64(1)))))
            }
            guard checkpoint.origin == origin else {
                throw LedgerError(.integrityFailure, "stored checkpoint \(id) names origin \(checkpoint.origin), not \(origin)")
            }
            guard rows.int64(1) >= 0, UInt64(rows.int64(1)) == checkpoint.size else {
                throw LedgerError(.integrityFailure, "stored checkpoint \(id): size column differs from its note")
            }
            if let previous = notes.last, previous.size > checkpoint.size {
                throw LedgerError(.integrityFailure, "stored checkpoint \(id) is smaller than checkpoint \(previous.id)")
            }
            notes.append(StoredNote(id: id, size: checkpoint.size, createdAt: rows.int64(3), checkpoint: checkpoint))
        }
        return notes
    }

    /// Checks every pending checkpoint of exactly `size` against the recomputed root and head.
    private func checkCheckpoints(_ pending: inout ArraySlice<StoredNote>, size: UInt64, root: [UInt8], head: [UInt8]) throws {
        while let note = pending.first, note.size == size {
            guard note.checkpoint.root == root else {
                throw LedgerError(.integrityFailure,
                                  "the Merkle root at size \(size) differs from signed checkpoint \(note.id): the ledger was altered",
                                  detail: .rootMismatch(expected: note.checkpoint.root, computed: root))
            }
            guard note.checkpoint.chainHead == head else {
                throw LedgerError(.integrityFailure,
                                  "the chain head at size \(size) differs from signed checkpoint \(note.id): the ledger was altered",
                                  detail: .rootMismatch(expected: note.checkpoint.chainHead, computed: head))
            }
            pending = pending.dropFirst()
        }
    }
}

/// Chain continuity from a starting point (the chain check of ``ChainVerifier`` without the tree).
private struct ChainState {
    var size: UInt64
    var head: [UInt8]

    mutating func append(_ entry: Entry) throws {
        guard entry.seq == size else {
            throw LedgerError(.integrityFailure, "entry \(size) is missing (next stored entry is \(entry.seq))",
                              detail: .entry(seq: size))
        }
        guard entry.prev == head else {
            throw LedgerError(.integrityFailure, "entry \(entry.seq): prev is not the previous entry's hash",
                              detail: .entry(seq: entry.seq))
        }
        size += 1
        head = entry.hash
    }
}

/// One ascending cursor per tree level over the stored nodes, advanced in step with the
/// recomputed nodes, so every stored node is compared while streaming.
private struct NodeCursors {
    let db: SQLiteDatabase
    let start: UInt64
    var cursors: [SQLiteStatement?] = Array(repeating: nil, count: 64)

    init(db: SQLiteDatabase, start: UInt64) {
        self.db = db
        self.start = start
    }

    func finalize() {
        for cursor in cursors { cursor?.finalize() }
    }

    mutating func expect(_ node: MerkleNode) throws {
        let cursor: SQLiteStatement
        if let open = cursors[node.level] {
            cursor = open
        } else {
            cursor = try db.prepare("SELECT idx, hash FROM nodes WHERE level = ? AND idx >= ? ORDER BY idx")
            try cursor.bind(1, Int64(node.level))
            try cursor.bind(2, Int64(start >> UInt64(node.level)))
            cursors[node.level] = cursor
        }
        let firstLeaf = node.firstLeaf
        guard try cursor.step() else {
            throw LedgerError(.integrityFailure, "Merkle node (level \(node.level), index \(node.index)) is missing",
                              detail: .entry(seq: firstLeaf))
        }
        guard cursor.int64(0) == Int64(node.index) else {
            throw LedgerError(.integrityFailure,
                              "Merkle node (level \(node.level), index \(node.index)) is missing; found index \(cursor.int64(0))",
                              detail: .entry(seq: firstLeaf))
        }
        guard cursor.blob(1) == node.hash else {
            throw LedgerError(.integrityFailure,
                              "stored Merkle node (level \(node.level), index \(node.index)) differs from the recomputed one",
                              detail: .entry(seq: firstLeaf))
        }
    }
}

/// Stored-node reads on the writer's connection (before the writer thread starts).
struct WriterNodeReader: MerkleSubtreeReader {
    let query: SQLiteStatement

    init(db: SQLiteDatabase) throws {
        query = try db.prepare("SELECT hash FROM nodes WHERE level = ? AND idx = ?")
    }

    func subtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
        defer { query.reset() }
        try query.bind(1, Int64(level))
        try query.bind(2, Int64(index))
        guard try query.step() else {
            throw LedgerError(.integrityFailure, "stored Merkle node (level \(level), index \(index)) is missing",
                              detail: .entry(seq: index << UInt64(level)))
        }
        return query.blob(0)
    }
}
