import CSQLite
import Foundation
import Testing
import UrnaLedger
@testable import UrnaVerifier

/// `ledger.stored-nodes` (review finding 15): every stored Merkle node of an `election.db` is
/// compared with the tree recomputed from the entries, in the single streaming pass.
@Suite("Stored Merkle nodes")
struct StoredNodeTests {
    static let check = "ledger.stored-nodes"

    /// A copy of the fixture's database with the `nodes` table altered by `sql`.
    /// A copy of the fixture's database with the `nodes` table altered by `statements` (without
    /// the append-only triggers and CHECK constraints, as a hostile file is made).
    static func altered(_ fixture: ElectionFixture, _ statements: String...) throws -> String {
        try SQLiteSourceTests.alteredCopy(fixture) { db in
            for trigger in ["nodes_no_update", "nodes_no_delete"] {
                try SQLiteSourceTests.exec(db, "DROP TRIGGER \(trigger)")
            }
            try SQLiteSourceTests.exec(db, "PRAGMA ignore_check_constraints = ON")
            for sql in statements { try SQLiteSourceTests.exec(db, sql) }
        }
    }

    static func nodeFailures(_ report: VerificationReport) -> [VerificationReport.Failure] {
        report.failures.filter { $0.check.rawValue == check }
    }

    @Test("a valid election.db: one pass per stored node (2N − popcount(N)); a JSONL export: none")
    func validCounts() throws {
        let fixture = try ElectionFixture.shared.get()
        let count = UInt64(fixture.drafts.count)
        let database = try Scrutineer.verify(path: fixture.databasePath, options: ElectionFixture.options())
        #expect(database.isValid, "\(database.failures)")
        let passed = database.checks.first { $0.check.rawValue == Self.check }?.passed
        #expect(passed == Int(2 * count) - count.nonzeroBitCount)
        let export = try Scrutineer.verify(path: fixture.exportPath, options: ElectionFixture.options())
        #expect(export.isValid && export.checks.first { $0.check.rawValue == Self.check }?.passed == 0)
    }

    @Test("a corrupted node fails, naming the node and the entry whose leaf completes it")
    func corruptedNode() throws {
        let fixture = try ElectionFixture.shared.get()
        // Node (1, 2) covers leaves 4 and 5: leaf 5 completes it.
        let path = try Self.altered(fixture, "UPDATE nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 2")
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        let failures = Self.nodeFailures(report)
        #expect(failures.count == 1 && failures.first?.seq == 5 && failures.first?.reason.contains("(1, 2)") == true, "\(report.failures)")
        #expect(!report.isValid)
        // A leaf node (level 0) and a hash that is not 32 bytes.
        let leaf = try Self.altered(fixture, "UPDATE nodes SET hash = x'00' WHERE level = 0 AND idx = 7")
        let short = Self.nodeFailures(try Scrutineer.verify(path: leaf, options: ElectionFixture.options()))
        #expect(short.count == 1 && short.first?.seq == 7 && short.first?.reason.contains("(0, 7)") == true, "\(short)")
    }

    @Test("a deleted node fails as missing")
    func deletedNode() throws {
        let fixture = try ElectionFixture.shared.get()
        // Node (2, 1) covers leaves 4…7: leaf 7 completes it.
        let path = try Self.altered(fixture, "DELETE FROM nodes WHERE level = 2 AND idx = 1")
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        let failures = Self.nodeFailures(report)
        #expect(failures.count == 1 && failures.first?.seq == 7 && failures.first?.reason.contains("(2, 1)") == true, "\(report.failures)")
    }

    @Test("a node beyond the entries, or at an index the tree never has, fails as extra")
    func extraNodes() throws {
        let fixture = try ElectionFixture.shared.get()
        let count = fixture.drafts.count
        let path = try Self.altered(fixture, "INSERT INTO nodes VALUES (0, \(count), zeroblob(32))",
                                    "INSERT INTO nodes VALUES (40, 0, zeroblob(32))", "INSERT INTO nodes VALUES (-1, 0, zeroblob(32))")
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        let failures = Self.nodeFailures(report)
        #expect(failures.count == 3, "\(report.failures)")
        #expect(failures.contains { $0.reason.contains("(0, \(count))") } && failures.contains { $0.reason.contains("(40, 0)") }
                && failures.contains { $0.reason.contains("(-1, 0)") })
    }

    @Test("incremental: a node changed inside the range verified before is caught on the next run")
    func incremental() throws {
        let fixture = try ElectionFixture.shared.get()
        var options = ElectionFixture.options()
        options.stateDirectory = URL(fileURLWithPath: fixture.scratch("state"))
        let database = fixture.scratch("grow") + ".db"
        try fixture.appendStore(path: database, from: 0, to: fixture.ballotSeqs[3])
        let first = try Scrutineer.verify(path: database, options: options)
        #expect(first.isValid, "\(first.failures)")
        try fixture.appendStore(path: database, from: fixture.ballotSeqs[3], to: fixture.drafts.count)
        var db: OpaquePointer?
        #expect(sqlite3_open(database, &db) == SQLITE_OK)
        try SQLiteSourceTests.exec(try #require(db), "DROP TRIGGER nodes_no_update")
        try SQLiteSourceTests.exec(try #require(db), "UPDATE nodes SET hash = zeroblob(32) WHERE level = 0 AND idx = 2")
        sqlite3_close(db)
        let second = try Scrutineer.verify(path: database, options: options)
        #expect(second.resumption?.resumedAt == UInt64(fixture.ballotSeqs[3]))
        let failures = Self.nodeFailures(second)
        #expect(failures.count == 1 && failures.first?.seq == 2, "\(second.failures)")
        let passed = second.checks.first { $0.check.rawValue == Self.check }?.passed ?? 0
        let count = UInt64(fixture.drafts.count)
        #expect(passed == Int(2 * count) - count.nonzeroBitCount - 1)
    }
}
