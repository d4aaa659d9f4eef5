import CSQLite
import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
@testable import UrnaVerifier

/// The verifier's own read-only reader of `election.db`, against files altered behind the store's back.
@Suite("SQLite record source")
struct SQLiteSourceTests {
    /// A copy of the fixture's database (with its WAL files), altered by `sql` after dropping the
    /// append-only triggers.
    static func alteredCopy(_ fixture: ElectionFixture, _ alter: (OpaquePointer) throws -> Void) throws -> String {
        let path = fixture.scratch("altered") + ".db"
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: fixture.databasePath + suffix) {
            try FileManager.default.copyItem(atPath: fixture.databasePath + suffix, toPath: path + suffix)
        }
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw FixtureError(description: "cannot open \(path)") }
        defer { sqlite3_close(db) }
        for trigger in ["entries_no_update", "entries_no_delete"] {
            guard sqlite3_exec(db, "DROP TRIGGER IF EXISTS \(trigger)", nil, nil, nil) == SQLITE_OK else {
                throw FixtureError(description: String(cString: sqlite3_errmsg(db)))
            }
        }
        try alter(db)
        return path
    }

    static func exec(_ db: OpaquePointer, _ sql: String, blob: [UInt8]? = nil) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw FixtureError(description: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        if let blob {
            _ = blob.withUnsafeBytes { sqlite3_bind_blob(statement, 1, $0.baseAddress, Int32($0.count), urna_sqlite_transient()) }
        }
        var rc = sqlite3_step(statement)
        while rc == SQLITE_ROW { rc = sqlite3_step(statement) }
        guard rc == SQLITE_DONE else { throw FixtureError(description: String(cString: sqlite3_errmsg(db))) }
    }

    @Test("a byte changed in a stored body is caught by ledger.entry-hash at that seq")
    func alteredBody() throws {
        let fixture = try ElectionFixture.shared.get()
        let seq = fixture.ballotSeqs[2]
        var body = fixture.drafts[seq].body
        body[body.count / 3] ^= 0x01
        let path = try Self.alteredCopy(fixture) { try Self.exec($0, "UPDATE entries SET body = ? WHERE seq = \(seq)", blob: body) }
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        #expect(report.failures.contains { $0.check == .entryHash && $0.seq == UInt64(seq) }, "\(report.failures)")
    }

    @Test("a deleted row is caught by ledger.chain at the next seq")
    func deletedRow() throws {
        let fixture = try ElectionFixture.shared.get()
        let seq = fixture.ballotSeqs[5]
        let path = try Self.alteredCopy(fixture) { try Self.exec($0, "DELETE FROM entries WHERE seq = \(seq)") }
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        #expect(report.failures.contains { $0.check == .chain && $0.seq == UInt64(seq + 1) }, "\(report.failures)")
    }

    @Test("a row with a wrong storage class is a malformed entry, and verification goes on")
    func malformedRow() throws {
        let fixture = try ElectionFixture.shared.get()
        let seq = fixture.ballotSeqs[1]
        let path = try Self.alteredCopy(fixture) { try Self.exec($0, "UPDATE entries SET time = 'later' WHERE seq = \(seq)") }
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        #expect(report.failures.contains { $0.check == .entryFormat && $0.seq == UInt64(seq) }, "\(report.failures)")
        #expect(report.entries == UInt64(fixture.drafts.count))
    }

    @Test("verifying leaves the database file untouched; a file that is not a ledger is unreadable")
    func readOnly() throws {
        let fixture = try ElectionFixture.shared.get()
        let path = try Self.alteredCopy(fixture) { db in
            // Fold the WAL into the file, as a closed service leaves it.
            try Self.exec(db, "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try? FileManager.default.removeItem(atPath: path + "-wal")
        try? FileManager.default.removeItem(atPath: path + "-shm")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try Scrutineer.verify(path: path, options: ElectionFixture.options()).isValid)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal") && !FileManager.default.fileExists(atPath: path + "-shm"))

        let empty = fixture.scratch("empty") + ".db"
        var db: OpaquePointer?
        #expect(sqlite3_open(empty, &db) == SQLITE_OK)
        try Self.exec(try #require(db), "CREATE TABLE t (x)")
        sqlite3_close(db)
        #expect(throws: VerifierError.self) { try Scrutineer.verify(path: empty) }
    }

    @Test("an election directory means its election.db; an empty directory is unreadable")
    func electionDirectory() throws {
        let fixture = try ElectionFixture.shared.get()
        let directory = fixture.scratch("election-dir")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: fixture.databasePath + suffix) {
            try FileManager.default.copyItem(atPath: fixture.databasePath + suffix, toPath: directory + "/election.db" + suffix)
        }
        #expect(try Scrutineer.openSource(path: directory) is SQLiteRecordSource)
        #expect(try Scrutineer.verify(path: directory, options: ElectionFixture.options()).isValid)
        let empty = fixture.scratch("empty-dir")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(throws: VerifierError.self) { try Scrutineer.verify(path: empty) }
    }
}
