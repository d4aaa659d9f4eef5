import UrnaLedger

/// `ledger.stored-nodes`: every node an `election.db` stores is compared with the recomputed tree
/// as the leaves are appended, in constant memory (`Specs/ledger.md` §3.2, §7.3 step 3 and 5).
/// Like the checkpoint checks it is made afresh on every run, replayed entries included (it is
/// one of ``RecordVerifier/perRunChecks``), so passes are counted even while replaying.
extension RecordVerifier {
    /// Compares the nodes the leaf at `position` completed with the stored ones the source read
    /// for that position. A node above a placeholder leaf (a malformed item) is not compared:
    /// its true hash is unknown, and the item already failed `ledger.entry-format`.
    func checkStoredNodes(_ finished: [MerkleNode], _ stored: StoredNodes, position: UInt64) {
        for node in finished {
            guard let match = stored.completed.first(where: { $0.level == node.level && $0.index == node.index }) else {
                fail(.storedNodes, position, "node (\(node.level), \(node.index)), completed by entry \(position), was not read from the database")
                continue
            }
            guard let hash = match.hash else {
                fail(.storedNodes, position, "node (\(node.level), \(node.index)), completed by entry \(position): \(match.problem ?? "missing")")
                continue
            }
            if let placeholder = lastPlaceholderLeaf, placeholder >= node.firstLeaf { continue }
            if hash == node.hash {
                state.passed[.storedNodes, default: 0] += 1
            } else {
                fail(.storedNodes, position, "node (\(node.level), \(node.index)), completed by entry \(position), stores \(hash.hex.prefix(16))…; the entries give \(node.hash.hex.prefix(16))…")
            }
        }
        for extra in stored.extra {
            fail(.storedNodes, position, "the database stores node \(extra), which is not a complete subtree of the entries' tree")
        }
    }
}
