import UrnaLedger

/// The outcome of `ledger.stored-nodes` in one run (`Specs/verification.md` §1, §3).
struct StoredNodeChecks {
    var passed = 0
    var failed = 0
    var failures: [VerificationReport.Failure] = []
}

/// `ledger.stored-nodes`: every node an `election.db` stores is compared with the recomputed tree
/// as the leaves are appended, in constant memory (`Specs/ledger.md` §3.2, §7.3 step 3 and 5).
extension RecordVerifier {
    /// Compares the nodes the leaf at `position` completed with the stored ones the source read
    /// for that position. A node above a placeholder leaf (a malformed item) is not compared:
    /// its true hash is unknown, and the item already failed `ledger.entry-format`.
    func checkStoredNodes(_ finished: [MerkleNode], _ stored: StoredNodes, position: UInt64) {
        for node in finished {
            guard let match = stored.completed.first(where: { $0.level == node.level && $0.index == node.index }) else {
                nodeFailure(position, "node (\(node.level), \(node.index)), completed by entry \(position), was not read from the database")
                continue
            }
            guard let hash = match.hash else {
                nodeFailure(position, "node (\(node.level), \(node.index)), completed by entry \(position): \(match.problem ?? "missing")")
                continue
            }
            if let placeholder = lastPlaceholderLeaf, placeholder >= node.firstLeaf { continue }
            if hash == node.hash {
                storedNodeChecks.passed += 1
            } else {
                nodeFailure(position, "node (\(node.level), \(node.index)), completed by entry \(position), stores \(hash.hex.prefix(16))…; the entries give \(node.hash.hex.prefix(16))…")
            }
        }
        for extra in stored.extra {
            nodeFailure(position, "the database stores node \(extra), which is not a complete subtree of the entries' tree")
        }
    }

    private func nodeFailure(_ seq: UInt64, _ reason: String) {
        storedNodeChecks.failed += 1
        if storedNodeChecks.failures.count < options.maxReportedFailures {
            storedNodeChecks.failures.append(VerificationReport.Failure(check: .storedNodes, seq: seq, reason: reason))
        }
    }

    /// Writes this run's `ledger.stored-nodes` outcome into ``state``, replacing whatever the
    /// state held for it (a state adopted from an earlier run): like the checkpoint checks, the
    /// stored nodes are checked afresh on every run, replayed entries included.
    func flushStoredNodeChecks() {
        let before = state.failed[.storedNodes] ?? 0
        state.passed[.storedNodes] = storedNodeChecks.passed
        state.failed[.storedNodes] = storedNodeChecks.failed
        state.failureCount += storedNodeChecks.failed - before
        var failures = state.failures.filter { $0.check != .storedNodes }
        failures += storedNodeChecks.failures.prefix(max(0, options.maxReportedFailures - failures.count))
        state.failures = failures
    }
}
