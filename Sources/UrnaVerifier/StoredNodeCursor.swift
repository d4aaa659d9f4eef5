/// Reads the `nodes` table of an `election.db` in the order the tree completes them, in constant
/// memory (`Specs/verification.md` §1, `Specs/ledger.md` §3.2): the leaf at position `p`
/// completes node `(0, p)` and, while the node just completed has an odd index, its parent. One
/// statement per level walks that level's nodes by `idx`, so each level is read once, in order,
/// and a node is never looked up twice. Every row that does not fall where the tree expects it
/// (a negative, repeated, non-integer or out-of-range `idx`, a level above the tree) is an
/// extra node; a node the tree expects but the table lacks is missing.
final class StoredNodeCursor {
    /// At most this many extra nodes are described per item; the rest are counted in one line.
    static let maxExtraDescribed = 100

    private struct Row {
        let index: Int64?
        let description: String
        let hash: [UInt8]?
    }

    private let db: ReadOnlyDatabase
    /// One statement per level (opened the first time the tree completes a node there) and its current row.
    private var levels: [(statement: ReadOnlyStatement, row: Row?)] = []

    init(db: ReadOnlyDatabase) {
        self.db = db
    }

    /// The stored nodes the leaf at `position` completes, level 0 first.
    func completed(at position: UInt64) throws -> StoredNodes {
        var nodes = StoredNodes()
        var extra = ExtraNodes()
        var level = 0
        var index = position
        while true {
            nodes.completed.append(try read(level: level, index: index, extra: &extra))
            guard index & 1 == 1, level < 63 else { break }
            index >>= 1
            level += 1
        }
        nodes.extra = extra.lines
        return nodes
    }

    /// Every stored node left once the last leaf is read: they lie beyond the tree.
    func remaining() throws -> [String] {
        var extra = ExtraNodes()
        for level in levels.indices {
            while let row = levels[level].row {
                extra.add("(\(level), \(row.description))")
                try advance(level)
            }
        }
        let others = try db.prepare("""
            SELECT quote(level), quote(idx) FROM nodes
            WHERE NOT (typeof(level) = 'integer' AND level >= 0 AND level < ?)
            """)
        try others.bind(1, Int64(levels.count))
        while try others.step() { extra.add("(\(others.text(0).prefix(24)), \(others.text(1).prefix(24)))") }
        return extra.lines
    }

    private func read(level: Int, index: UInt64, extra: inout ExtraNodes) throws -> StoredNodes.Node {
        while levels.count <= level { try open(levels.count) }
        while let row = levels[level].row {
            if let stored = row.index, stored >= 0, UInt64(stored) == index {
                try advance(level)
                guard let hash = row.hash else {
                    return StoredNodes.Node(level: level, index: index, hash: nil, problem: "its hash is not a 32-byte blob")
                }
                return StoredNodes.Node(level: level, index: index, hash: hash)
            }
            if let stored = row.index, stored >= 0, UInt64(stored) > index { break }
            // Below the next expected index (negative or repeated) or not an integer.
            extra.add("(\(level), \(row.description))")
            try advance(level)
        }
        return StoredNodes.Node(level: level, index: index, hash: nil, problem: "the database does not store it")
    }

    private func open(_ level: Int) throws {
        let statement = try db.prepare("""
            SELECT idx, typeof(idx) = 'integer', quote(idx),
                   CASE WHEN typeof(hash) = 'blob' AND length(hash) = 32 THEN hash END
            FROM nodes WHERE level = ? ORDER BY idx
            """)
        try statement.bind(1, Int64(level))
        levels.append((statement, nil))
        try advance(level)
    }

    private func advance(_ level: Int) throws {
        let statement = levels[level].statement
        guard try statement.step() else {
            levels[level].row = nil
            return
        }
        let isInteger = statement.int64(1) != 0
        levels[level].row = Row(index: isInteger ? statement.int64(0) : nil,
                                description: String(statement.text(2).prefix(24)),
                                hash: statement.isBlob(3) ? statement.blob(3) : nil)
    }
}

/// Descriptions of extra nodes, at most ``StoredNodeCursor/maxExtraDescribed`` and a count of the rest.
private struct ExtraNodes {
    private var described: [String] = []
    private var more = 0

    mutating func add(_ node: String) {
        if described.count < StoredNodeCursor.maxExtraDescribed { described.append(node) } else { more += 1 }
    }

    var lines: [String] {
        more == 0 ? described : described + ["\(more) more"]
    }
}
