import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaLedgerStore

/// `bench ledger`: durable group-committed appends per second at batch sizes 1, 16 and 256
/// (as many concurrent appenders as the batch size), and the time to build an inclusion and
/// a consistency proof in a 1,000,000-entry ledger. Prints `bench <name> <value> <unit>`.
func benchLedger() {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("urna-bench-ledger-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    do {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for batch in [1, 16, 256] {
            let rate = try benchLedgerAppends(path: root.appendingPathComponent("append-\(batch).db").path, batch: batch)
            report("ledger_append_batch\(batch)", rate, "entries/s")
        }
        let (inclusion, consistency) = try benchLedgerProofs(path: root.appendingPathComponent("million.db").path,
                                                             size: 1_000_000)
        report("ledger_inclusion_proof_1m", inclusion, "us")
        report("ledger_consistency_proof_1m", consistency, "us")
    } catch {
        FileHandle.standardError.write(Data("bench ledger: \(error)\n".utf8))
        exit(1)
    }
}

/// A typical small body (about the size of an issuance or a short ballot reference).
private func benchBody(_ i: Int) -> [UInt8] {
    Array("{\"ballot\":\"\(String(repeating: "ab", count: 48))\",\"n\":\(i)}".utf8)
}

/// `batch` threads append one entry at a time each (every append waits until durable);
/// the writer commits up to `batch` entries per transaction.
private func benchLedgerAppends(path: String, batch: Int) throws -> Double {
    var configuration = LedgerStore.Configuration()
    configuration.maxBatch = batch
    let store = try LedgerStore.open(path: path, origin: "bench.urna/append", configuration: configuration)
    defer { store.close() }
    let duration = 2.0
    let counter = BenchCounter()
    let group = DispatchGroup()
    let start = Date()
    for t in 0..<batch {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            var i = 0
            while Date().timeIntervalSince(start) < duration {
                do {
                    _ = try store.appendAndWait([EntryDraft(kind: "ballot", body: benchBody(t * 1_000_000 + i))])
                } catch {
                    counter.fail(error)
                    return
                }
                i += 1
                counter.add(1)
            }
        }
        thread.stackSize = 1 << 18
        thread.start()
    }
    group.wait()
    let elapsed = Date().timeIntervalSince(start)
    if let error = counter.error { throw error }
    return Double(counter.count) / elapsed
}

/// Builds a ledger of `size` entries in large batches, then times proofs against it.
private func benchLedgerProofs(path: String, size: Int) throws -> (inclusion: Double, consistency: Double) {
    var configuration = LedgerStore.Configuration()
    configuration.maxBatch = 20_000
    let store = try LedgerStore.open(path: path, origin: "bench.urna/million", configuration: configuration)
    defer { store.close() }
    let build = Date()
    var i = 0
    while i < size {
        let n = min(20_000, size - i)
        _ = try store.appendAndWait((i..<(i + n)).map { try EntryDraft(kind: "ballot", body: benchBody($0)) })
        i += n
    }
    let buildSeconds = Date().timeIntervalSince(build)
    report("ledger_build_1m_entries", buildSeconds, "s")
    let treeSize = UInt64(size)
    let rootHash = try store.rootHash(treeSize: treeSize)
    var generator = SystemRandomNumberGenerator()
    let rounds = 2000
    let seqs = (0..<rounds).map { _ in UInt64.random(in: 0..<treeSize, using: &generator) }
    let oldSizes = (0..<rounds).map { _ in UInt64.random(in: 1..<treeSize, using: &generator) }
    // Warm up (and check one of each).
    let leaf = try store.entry(seq: seqs[0]).leafHash
    try MerkleVerifier.verifyInclusion(leafHash: leaf, leafIndex: seqs[0], treeSize: treeSize,
                                       proof: try store.inclusionProof(seq: seqs[0], treeSize: treeSize), root: rootHash)
    try MerkleVerifier.verifyConsistency(oldSize: oldSizes[0], newSize: treeSize, oldRoot: try store.rootHash(treeSize: oldSizes[0]),
                                         newRoot: rootHash, proof: try store.consistencyProof(oldSize: oldSizes[0], newSize: treeSize))
    var start = Date()
    for seq in seqs { _ = try store.inclusionProof(seq: seq, treeSize: treeSize) }
    let inclusion = Date().timeIntervalSince(start) / Double(rounds) * 1e6
    start = Date()
    for old in oldSizes { _ = try store.consistencyProof(oldSize: old, newSize: treeSize) }
    let consistency = Date().timeIntervalSince(start) / Double(rounds) * 1e6
    return (inclusion, consistency)
}

private final class BenchCounter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var count = 0
    private(set) var error: Error?

    func add(_ n: Int) {
        lock.lock()
        count += n
        lock.unlock()
    }

    func fail(_ error: Error) {
        lock.lock()
        self.error = error
        lock.unlock()
    }
}
