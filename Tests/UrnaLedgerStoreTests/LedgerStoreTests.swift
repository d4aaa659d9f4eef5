import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
@testable import UrnaLedgerStore

@Suite struct LedgerStoreTests {
    @Test func appendReadAndReopen() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var store: LedgerStore? = try LedgerStore.open(path: dir.dbPath, origin: "urna.test/e1", configuration: configuration())
        let first = try await store!.append(kind: "election", body: body(#"{"name":"test"}"#))
        #expect(first.seq == 0)
        #expect(first.prev == Entry.genesisPrev)
        let more = try await appendNumbered(store!, from: 1, count: 9)
        #expect(more.map(\.seq) == Array(1...9))
        #expect(store!.size == 10)
        let all = try store!.entries(from: 0, limit: 100)
        #expect(all == [first] + more)
        let chain = try ChainVerifier.verify(all)
        #expect(try store!.rootHash() == chain.root)
        #expect(store!.chainHead == chain.head)
        #expect(try store!.entry(seq: 4) == more[3])
        #expect(throws: LedgerError.self) { try store!.entry(seq: 10) }
        store!.close()
        await #expect(throws: LedgerError.self) { _ = try await store!.append(kind: "late", body: []) }
        store = nil

        // Reopen: the check passes, the chain continues.
        let reopened = try LedgerStore.open(path: dir.dbPath, configuration: configuration())
        defer { reopened.close() }
        #expect(reopened.size == 10)
        #expect(reopened.origin == "urna.test/e1")
        let next = try await reopened.append(kind: "open", body: body("{}"))
        #expect(next.seq == 10)
        #expect(next.prev == chain.head)
        #expect(throws: LedgerError.self) { try LedgerStore.open(path: dir.dbPath, origin: "urna.test/other") }
    }

    @Test func emptyBodyAndInvalidDraftsAreHandled() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = try LedgerStore.open(path: dir.dbPath, origin: "urna.test/e2", configuration: configuration())
        defer { store.close() }
        let empty = try await store.append(kind: "x", body: [])
        #expect(try store.entry(seq: 0) == empty)
        await #expect(throws: LedgerError.self) { _ = try await store.append(kind: "Bad Kind", body: []) }
        #expect(throws: LedgerError.self) { try LedgerStore.open(path: dir.url.appendingPathComponent("new.db").path) }
    }

    /// Many concurrent appenders: every append gets a distinct seq, the chain is valid,
    /// and appends share transactions (fewer commits than appends).
    @Test func concurrentAppendsAreGroupCommitted() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = try LedgerStore.open(path: dir.dbPath, origin: "urna.test/e3", configuration: configuration(maxBatch: 16))
        defer { store.close() }
        let tasks = 48
        let perTask = 10
        let seqs = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for t in 0..<tasks {
                group.addTask {
                    var seqs: [UInt64] = []
                    for i in 0..<perTask {
                        seqs.append(try await store.append(kind: "ballot", body: body("{\"t\":\(t),\"i\":\(i)}")).seq)
                    }
                    return seqs
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all
        }
        #expect(seqs.sorted() == Array(0..<UInt64(tasks * perTask)))
        let entries = try store.entries(from: 0, limit: tasks * perTask)
        _ = try ChainVerifier.verify(entries)
        let commits = try store.writer.committedBatches
        #expect(commits < tasks * perTask, "\(commits) commits for \(tasks * perTask) appends")
    }

    /// Concurrent readers run while the writer appends.
    @Test func readersRunDuringAppends() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = try LedgerStore.open(path: dir.dbPath, origin: "urna.test/e4", configuration: configuration())
        defer { store.close() }
        try await appendNumbered(store, count: 100)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await appendNumbered(store, from: 100, count: 300, batch: 10) }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<50 {
                        let size = store.size
                        let root = try store.rootHash(treeSize: size)
                        let seq = UInt64.random(in: 0..<size)
                        let proof = try store.inclusionProof(seq: seq, treeSize: size)
                        try MerkleVerifier.verifyInclusion(leafHash: try store.entry(seq: seq).leafHash, leafIndex: seq,
                                                           treeSize: size, proof: proof, root: root)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(store.size == 400)
    }

    /// The triggers refuse UPDATE and DELETE on every table of the public record.
    @Test func triggersRefuseUpdateAndDelete() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = try LedgerStore.open(path: dir.dbPath, origin: "urna.test/e5", configuration: configuration())
        try await appendNumbered(store, count: 4)
        _ = try await store.makeCheckpoint(signer: try testSigner("urna.test/e5"))
        store.close()
        let raw = try RawSQLite(path: dir.dbPath)
        for sql in ["UPDATE entries SET kind = 'x' WHERE seq = 1", "DELETE FROM entries WHERE seq = 3",
                    "UPDATE nodes SET hash = zeroblob(32)", "DELETE FROM nodes",
                    "UPDATE checkpoints SET size = 1", "DELETE FROM checkpoints",
                    "UPDATE meta SET value = 'x'", "DELETE FROM meta"] {
            let error = raw.exec(sql)
            #expect(error?.contains("append-only") == true, "\(sql): \(error ?? "accepted")")
        }
        let reopened = try LedgerStore.open(path: dir.dbPath, configuration: configuration())
        #expect(reopened.size == 4)
        reopened.close()
    }
}
