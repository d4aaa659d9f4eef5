import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
@testable import UrnaLedgerStore

@Suite struct CheckpointStoreTests {
    static let origin = "urna.test/checkpoints"

    @Test func checkpointsAreSignedStoredAndCosigned() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let signer = try testSigner(Self.origin)
        var config = configuration()
        config.checkpointPolicy = LedgerStore.CheckpointPolicy(signer: signer, maxEntries: 10, maxMilliseconds: nil)
        let store = try LedgerStore.open(path: dir.dbPath, origin: Self.origin, configuration: config)
        #expect(try store.latestCheckpoint() == nil)
        // Automatic checkpoints: one per 10 uncovered entries, in the batch's transaction.
        try await appendNumbered(store, count: 25, batch: 5)
        let automatic = try #require(try store.latestCheckpoint())
        #expect(automatic.checkpoint.size == 20)
        #expect(try store.verifierKey() == signer.verifierKey)
        // An explicit checkpoint covers everything before it.
        let explicit = try await store.makeCheckpoint(signer: signer)
        #expect(explicit.checkpoint.size == 25)
        #expect(explicit.checkpoint.root == (try store.rootHash()))
        #expect(explicit.checkpoint.chainHead == store.chainHead)
        #expect(try signer.verifier.verifiedCheckpoint(explicit.note) == explicit.checkpoint)
        // Another key is refused for this ledger.
        await #expect(throws: LedgerError.self) {
            _ = try await store.makeCheckpoint(signer: try testSigner(Self.origin, seed: 7))
        }
        // A receipt: inclusion of entry 13 in the checkpointed tree, and consistency with the
        // earlier checkpoint.
        let proof = try store.inclusionProof(seq: 13, treeSize: 25)
        try MerkleVerifier.verifyInclusion(leafHash: try store.entry(seq: 13).leafHash, leafIndex: 13, treeSize: 25,
                                           proof: proof, root: explicit.checkpoint.root)
        try MerkleVerifier.verifyConsistency(oldSize: 20, newSize: 25, oldRoot: automatic.checkpoint.root,
                                             newRoot: explicit.checkpoint.root,
                                             proof: try store.consistencyProof(oldSize: 20, newSize: 25))
        // Cosignatures from two observers; an unlisted third is ignored.
        let w1 = try CosignatureSigner(name: "observer.test/w1", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 9, count: 32)))
        let w2 = try CosignatureSigner(name: "observer.test/w2", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 8, count: 32)))
        var cosigned = try signer.verifier.cosign(explicit.note, cosigner: w1, time: 1_700_000_100)
        cosigned = try signer.verifier.cosign(cosigned, cosigner: w2, time: 1_700_000_101)
        let stored = try await store.addCosignatures(cosigned, cosigners: [w1.verifier])
        #expect(stored.id == explicit.id)
        let result = try signer.verifier.verifyCosigned(stored.note, cosigners: [w1.verifier, w2.verifier], quorum: 1)
        #expect(result.cosignatures.map(\.verifier) == [w1.verifier])
        #expect(try store.latestCheckpoint()?.note == stored.note)
        // A forged cosignature from a listed cosigner is refused.
        let forged = try cosigned.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("\u{2014} observer.test/w1 ") else { return String(line) }
            var bytes = try #require(Data(base64Encoded: String(line.split(separator: " ")[2])).map { [UInt8]($0) })
            bytes[bytes.count - 1] ^= 1
            return "\u{2014} observer.test/w1 " + Data(bytes).base64EncodedString()
        }.joined(separator: "\n")
        #expect(forged != cosigned)
        await #expect(throws: LedgerError.self) { _ = try await store.addCosignatures(forged, cosigners: [w1.verifier]) }
        store.close()

        // Reopen: signatures and roots of both checkpoints are checked; a wrong configured key is refused.
        var reopenConfig = configuration()
        reopenConfig.checkpointVerifier = signer.verifier
        let reopened = try LedgerStore.open(path: dir.dbPath, configuration: reopenConfig)
        reopened.close()
        var wrongConfig = configuration()
        wrongConfig.checkpointVerifier = try testSigner(Self.origin, seed: 7).verifier
        #expect(throws: LedgerError.self) { try LedgerStore.open(path: dir.dbPath, configuration: wrongConfig) }
    }

    /// The time-based policy checkpoints uncovered entries even when no append follows.
    @Test func idleLedgerIsCheckpointedAfterTheInterval() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var config = LedgerStore.Configuration()  // the wall clock
        config.checkpointPolicy = LedgerStore.CheckpointPolicy(signer: try testSigner(Self.origin), maxEntries: nil,
                                                               maxMilliseconds: 50)
        let store = try LedgerStore.open(path: dir.dbPath, origin: Self.origin, configuration: config)
        defer { store.close() }
        try await appendNumbered(store, count: 3)
        var checkpoint = try store.latestCheckpoint()
        for _ in 0..<100 where checkpoint?.checkpoint.size != 3 {
            try await Task.sleep(nanoseconds: 20_000_000)
            checkpoint = try store.latestCheckpoint()
        }
        #expect(checkpoint?.checkpoint.size == 3)
    }

    /// A wall clock set back two hours: entry times never decrease (each later entry takes the
    /// last time), and the timed checkpoint still comes after its interval, which is measured on
    /// the monotonic clock, not postponed by the two hours.
    @Test func clockSetBackKeepsTimesAndTimedCheckpoints() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let wall = JumpingClock(start: 1_700_000_000_000)
        var config = LedgerStore.Configuration()
        config.clock = { wall.read() }
        config.checkpointPolicy = LedgerStore.CheckpointPolicy(signer: try testSigner(Self.origin), maxEntries: nil,
                                                               maxMilliseconds: 100)
        let store = try LedgerStore.open(path: dir.dbPath, origin: Self.origin, configuration: config)
        defer { store.close() }
        let before = try await appendNumbered(store, count: 3)
        wall.jump(by: -7_200_000)
        let after = try await appendNumbered(store, from: 3, count: 3)
        let times = (before + after).map(\.time)
        #expect(times == times.sorted(), "entry times decreased after the clock was set back: \(times)")
        #expect(after.allSatisfy { $0.time >= before.last?.time ?? .max })
        var checkpoint = try store.latestCheckpoint()
        for _ in 0..<100 where checkpoint?.checkpoint.size != 6 {
            try await Task.sleep(nanoseconds: 20_000_000)
            checkpoint = try store.latestCheckpoint()
        }
        #expect(checkpoint?.checkpoint.size == 6, "no timed checkpoint within 2 s of a 100 ms interval after the clock was set back")
    }

    /// A checkpoint note re-signed with another key (and the key in meta swapped) is caught
    /// when the right key is configured; a note whose signature no longer matches is caught
    /// with the stored key.
    @Test func forgedCheckpointIsDetected() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let signer = try testSigner(Self.origin)
        let store = try LedgerStore.open(path: dir.dbPath, origin: Self.origin, configuration: configuration())
        try await appendNumbered(store, count: 5)
        _ = try await store.makeCheckpoint(signer: signer)
        store.close()
        let raw = try RawSQLite(path: dir.dbPath)
        #expect(raw.exec("DROP TRIGGER checkpoints_no_update") == nil)
        #expect(raw.exec("UPDATE checkpoints SET note = replace(note, '\n5\n', '\n4\n')") == nil)
        let error = #expect(throws: LedgerError.self) { try LedgerStore.open(path: dir.dbPath, configuration: configuration()) }
        #expect(error?.code == .integrityFailure)
    }

    @Test func exportVerifyAndImport() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let signer = try testSigner(Self.origin)
        let store = try LedgerStore.open(path: dir.dbPath, origin: Self.origin, configuration: configuration())
        try await appendNumbered(store, count: 40)
        _ = try await store.append(kind: "empty", body: [])
        _ = try await store.makeCheckpoint(signer: signer)
        try await appendNumbered(store, from: 41, count: 3)  // entries after the checkpoint
        let exportDir = dir.url.appendingPathComponent("export")
        // An export holds exactly what its checkpoint covers (41 entries, not the 3 after it):
        // entries outside every checkpoint would fail the verifier's ledger.coverage.
        let (size, checkpoint) = try store.export(to: exportDir)
        #expect(size == 41)
        #expect(checkpoint.checkpoint.size == 41)
        let root = checkpoint.checkpoint.root
        store.close()

        // Files: one line per entry, the note, the key.
        let jsonl = try String(contentsOf: exportDir.appendingPathComponent("ledger.jsonl"), encoding: .utf8)
        #expect(jsonl.split(separator: "\n").count == 41)
        #expect(try LedgerExport.readVerifierKey(directory: exportDir) == signer.verifierKey)
        var seen: [UInt64] = []
        let summary = try LedgerExport.verify(directory: exportDir, trustedVerifierKey: signer.verifierKey) { seen.append($0.seq) }
        #expect(seen == Array(0..<41))
        #expect(summary.size == 41)
        #expect(summary.root == root)
        #expect(summary.checkpoint == checkpoint.checkpoint)

        // Import into a new database: same entries, same root; the reopened store checks out.
        let importedPath = dir.url.appendingPathComponent("imported.db").path
        let imported = try LedgerStore.importLedger(from: exportDir, to: importedPath, trustedVerifierKey: signer.verifierKey,
                                                    configuration: configuration())
        #expect(imported.size == 41)
        #expect(try imported.rootHash() == root)
        #expect(try imported.latestCheckpoint()?.checkpoint == checkpoint.checkpoint)
        let next = try await imported.append(kind: "more", body: body("{}"))
        #expect(next.seq == 41)
        imported.close()
        _ = try LedgerStore.open(path: importedPath, configuration: configuration()).close()

        // Tampered exports are refused, and a failed import leaves no database behind.
        let entriesURL = exportDir.appendingPathComponent("ledger.jsonl")
        var lines = jsonl.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let original = lines[7]
        lines[7] = original.replacingOccurrences(of: "\"time\":", with: "\"time\":1")
        try lines.joined(separator: "\n").write(to: entriesURL, atomically: true, encoding: .utf8)
        let tampered = try #require(throws: LedgerError.self) { try LedgerExport.verify(directory: exportDir) }
        #expect(tampered.seq == 7)
        let failedPath = dir.url.appendingPathComponent("failed.db").path
        #expect(throws: LedgerError.self) { try LedgerStore.importLedger(from: exportDir, to: failedPath) }
        #expect(!FileManager.default.fileExists(atPath: failedPath))
        // Truncated below the checkpoint.
        lines[7] = original
        try (lines.prefix(30).joined(separator: "\n") + "\n").write(to: entriesURL, atomically: true, encoding: .utf8)
        let short = try #require(throws: LedgerError.self) { try LedgerExport.verify(directory: exportDir) }
        #expect(short.seq == 30)
        // Another trusted key.
        try lines.joined(separator: "\n").write(to: entriesURL, atomically: true, encoding: .utf8)
        _ = try LedgerExport.verify(directory: exportDir)
        #expect(throws: LedgerError.self) {
            try LedgerExport.verify(directory: exportDir, trustedVerifierKey: try testSigner(Self.origin, seed: 7).verifierKey)
        }
    }
}
