import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
@testable import UrnaLedgerStore

/// Tampering with the database file behind the store's back is detected on open, and the
/// store refuses to open for appending.
@Suite struct IntegrityTests {
    /// Builds a closed ledger of `count` entries, entry `i` with body `{"n":i,"marker":"MARK-<i>-END"}`,
    /// with a checkpoint after `checkpointAt` entries (if any).
    static func makeLedger(_ dir: TempDirectory, count: Int, checkpointAt: Int? = nil) async throws {
        let store = try LedgerStore.open(path: dir.dbPath, origin: "urna.test/tamper", configuration: configuration())
        for i in 0..<count {
            _ = try await store.append(kind: "ballot", body: body("{\"n\":\(i),\"marker\":\"MARK-\(i)-END\"}"))
            if i + 1 == checkpointAt { _ = try await store.makeCheckpoint(signer: try testSigner("urna.test/tamper")) }
        }
        store.close()
    }

    static func expectIntegrityFailure(_ dir: TempDirectory, seq: UInt64?, check: LedgerStore.OpenCheck = .full,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        var config = configuration()
        config.openCheck = check
        let error = #expect(throws: LedgerError.self, sourceLocation: sourceLocation) {
            try LedgerStore.open(path: dir.dbPath, configuration: config)
        }
        #expect(error?.code == .integrityFailure, "\(String(describing: error))", sourceLocation: sourceLocation)
        if let seq { #expect(error?.seq == seq, "\(String(describing: error))", sourceLocation: sourceLocation) }
    }

    /// One byte of entry 7's body flipped in the database file itself.
    @Test func flippedByteInFileIsDetected() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try await Self.makeLedger(dir, count: 20)
        // Closing checkpointed the WAL into the main file.
        let walPath = dir.dbPath + "-wal"
        let walSize = (try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int) ?? 0
        #expect(walSize == 0)
        var file = try Data(contentsOf: URL(fileURLWithPath: dir.dbPath))
        let marker = Data("MARK-7-END".utf8)
        let range = try #require(file.range(of: marker))
        #expect(file.range(of: marker, in: range.upperBound..<file.endIndex) == nil)
        file[range.lowerBound + 5] ^= 0x01  // "7" -> "6"
        try file.write(to: URL(fileURLWithPath: dir.dbPath))
        Self.expectIntegrityFailure(dir, seq: 7)
    }

    /// A row deleted from the middle (after dropping the trigger) is detected.
    @Test func deletedRowIsDetected() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try await Self.makeLedger(dir, count: 20)
        let raw = try RawSQLite(path: dir.dbPath)
        #expect(raw.exec("DROP TRIGGER entries_no_delete") == nil)
        #expect(raw.exec("DELETE FROM entries WHERE seq = 12") == nil)
        Self.expectIntegrityFailure(dir, seq: 12)
    }

    /// Truncation: the last entries and their nodes deleted. The stored checkpoint, which
    /// covers them, gives it away.
    @Test func truncatedLedgerIsDetected() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try await Self.makeLedger(dir, count: 20, checkpointAt: 20)
        let raw = try RawSQLite(path: dir.dbPath)
        #expect(raw.exec("DROP TRIGGER entries_no_delete; DROP TRIGGER nodes_no_delete") == nil)
        // Delete entries 17..19 and every node that covers them.
        #expect(raw.exec("DELETE FROM entries WHERE seq >= 17") == nil)
        #expect(raw.exec("DELETE FROM nodes WHERE ((idx + 1) << level) > 17") == nil)
        Self.expectIntegrityFailure(dir, seq: 17)
        Self.expectIntegrityFailure(dir, seq: nil, check: .fromLatestCheckpoint)
    }

    /// Without the deleted nodes, a truncation is caught by the node count even with no checkpoint.
    @Test func truncatedEntriesWithNodesLeftAreDetected() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try await Self.makeLedger(dir, count: 20)
        let raw = try RawSQLite(path: dir.dbPath)
        #expect(raw.exec("DROP TRIGGER entries_no_delete") == nil)
        #expect(raw.exec("DELETE FROM entries WHERE seq = 19") == nil)
        Self.expectIntegrityFailure(dir, seq: 19)
    }

    /// An entry rewritten consistently (new body, recomputed hash, and every later entry and
    /// node recomputed) is caught by the signed checkpoint's root.
    @Test func consistentRewriteIsCaughtByTheCheckpoint() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try await Self.makeLedger(dir, count: 10, checkpointAt: 10)
        // Rebuild the whole ledger with entry 3 changed, then copy the rows over the originals.
        let forged = try TempDirectory()
        defer { forged.remove() }
        let store = try LedgerStore.open(path: forged.dbPath, origin: "urna.test/tamper", configuration: configuration())
        for i in 0..<10 {
            let text = i == 3 ? "{\"n\":3,\"marker\":\"FORGED\"}" : "{\"n\":\(i),\"marker\":\"MARK-\(i)-END\"}"
            _ = try await store.append(kind: "ballot", body: body(text))
        }
        store.close()
        let raw = try RawSQLite(path: dir.dbPath)
        #expect(raw.exec("""
            DROP TRIGGER entries_no_delete; DROP TRIGGER nodes_no_delete;
            ATTACH '\(forged.dbPath)' AS forged;
            DELETE FROM entries; DELETE FROM nodes;
            INSERT INTO entries SELECT * FROM forged.entries;
            INSERT INTO nodes SELECT * FROM forged.nodes;
            DETACH forged;
            """) == nil)
        var config = configuration()
        let error = #expect(throws: LedgerError.self) { try LedgerStore.open(path: dir.dbPath, configuration: config) }
        #expect(error?.code == .integrityFailure)
        if case .rootMismatch = error?.detail {} else { Issue.record("expected a root mismatch, got \(String(describing: error))") }
        config.openCheck = .fromLatestCheckpoint
        #expect(throws: LedgerError.self) { try LedgerStore.open(path: dir.dbPath, configuration: config) }
    }

    /// An altered interior Merkle node is detected.
    @Test func alteredNodeIsDetected() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try await Self.makeLedger(dir, count: 16)
        let raw = try RawSQLite(path: dir.dbPath)
        #expect(raw.exec("DROP TRIGGER nodes_no_update") == nil)
        #expect(raw.exec("UPDATE nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1") == nil)
        Self.expectIntegrityFailure(dir, seq: 4)
    }

    /// The fast open path checks only what follows the latest checkpoint.
    @Test func fastOpenChecksAfterTheLatestCheckpoint() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try await Self.makeLedger(dir, count: 12, checkpointAt: 8)
        var config = configuration()
        config.openCheck = .fromLatestCheckpoint
        let store = try LedgerStore.open(path: dir.dbPath, configuration: config)
        #expect(store.size == 12)
        #expect(try store.latestCheckpoint()?.checkpoint.size == 8)
        store.close()
        let raw = try RawSQLite(path: dir.dbPath)
        #expect(raw.exec("DROP TRIGGER entries_no_update") == nil)
        #expect(raw.exec("UPDATE entries SET body = CAST('{}' AS BLOB) WHERE seq = 10") == nil)
        Self.expectIntegrityFailure(dir, seq: 10, check: .fromLatestCheckpoint)
        Self.expectIntegrityFailure(dir, seq: 10)
    }

    /// A database file cut short is refused.
    @Test func truncatedFileIsRefused() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try await Self.makeLedger(dir, count: 300)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.dbPath))
        let size = try handle.seekToEnd()
        try handle.truncate(atOffset: size / 2)
        try handle.close()
        let error = #expect(throws: LedgerError.self) { try LedgerStore.open(path: dir.dbPath, configuration: configuration()) }
        #expect([.integrityFailure, .storageCorrupt].contains(error?.code), "\(String(describing: error))")
    }
}
