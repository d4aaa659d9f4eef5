import CSQLite
import Foundation
import Testing
import UrnaLedger
@testable import UrnaVerifier

/// Files a dishonest commission could craft (review findings 5, 13 and 16): a database whose
/// schema is not the ledger's, values above the spec's sizes, garbage instead of a record, and a
/// JSON Lines export without (or with a broken) key or checkpoint.
@Suite("Hostile sources")
struct HostileSourceTests {
    /// The schema of `ledger.md` §7.1 as the service writes it, with `entries` replaceable.
    static func schema(entries: String) -> String {
        """
        CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
        INSERT INTO schema_version VALUES (1, 0);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO meta VALUES ('format', 'urna-ledger-v1');
        \(entries)
        CREATE TABLE nodes (level INTEGER NOT NULL CHECK (level >= 0 AND level < 64), idx INTEGER NOT NULL CHECK (idx >= 0),
            hash BLOB NOT NULL CHECK (length(hash) = 32), PRIMARY KEY (level, idx)) WITHOUT ROWID;
        CREATE TABLE checkpoints (id INTEGER PRIMARY KEY, size INTEGER NOT NULL CHECK (size >= 0), note TEXT NOT NULL,
            created_at INTEGER NOT NULL);
        CREATE TABLE cosignatures (checkpoint_id INTEGER NOT NULL REFERENCES checkpoints (id), line TEXT NOT NULL,
            added_at INTEGER NOT NULL, PRIMARY KEY (checkpoint_id, line)) WITHOUT ROWID;
        """
    }

    static let entriesTable = """
        CREATE TABLE entries (seq INTEGER PRIMARY KEY CHECK (seq >= 0), kind TEXT NOT NULL, time INTEGER NOT NULL CHECK (time >= 0),
            body BLOB NOT NULL, prev BLOB NOT NULL CHECK (length(prev) = 32), hash BLOB NOT NULL CHECK (length(hash) = 32));
        """

    /// A new database made by `sql`.
    static func database(_ fixture: ElectionFixture, _ sql: String) throws -> String {
        let path = fixture.scratch("hostile") + ".db"
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw FixtureError(description: "cannot create \(path)") }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw FixtureError(description: String(cString: sqlite3_errmsg(db)))
        }
        return path
    }

    static func unreadableReason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as VerifierError {
            return error.code == .unreadable ? error.reason : nil
        } catch {
            return nil
        }
    }

    // MARK: - Finding 5: the schema of election.db

    @Test("a generated body column (zeroblob of 100 MB in a tiny file) is refused as unreadable, naming the column")
    func generatedColumn() throws {
        let fixture = try ElectionFixture.shared.get()
        let path = try Self.database(fixture, Self.schema(entries: """
            CREATE TABLE entries (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, time INTEGER NOT NULL,
                prev BLOB NOT NULL, hash BLOB NOT NULL, body BLOB GENERATED ALWAYS AS (zeroblob(100000000)) VIRTUAL);
            INSERT INTO entries (seq, kind, time, prev, hash) VALUES (0, 'election', 0, zeroblob(32), zeroblob(32));
            """))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 100_000)
        let reason = Self.unreadableReason { _ = try Scrutineer.verify(path: path) }
        #expect(reason?.contains("entries") == true && reason?.contains("GENERATED") == true, "\(reason ?? "no error")")
    }

    @Test("a view, an extra column, a wrong type, an extra table or index: unreadable, naming what differs")
    func schemaDifferences() throws {
        let fixture = try ElectionFixture.shared.get()
        let cases: [(String, String)] = [
            ("view", Self.schema(entries: """
                CREATE VIEW entries AS SELECT 0 AS seq, 'election' AS kind, 0 AS time, zeroblob(100000000) AS body,
                    zeroblob(32) AS prev, zeroblob(32) AS hash;
                """)),
            ("extra", Self.schema(entries: Self.entriesTable + "ALTER TABLE entries ADD COLUMN extra BLOB;")),
            ("body TEXT", Self.schema(entries: Self.entriesTable.replacingOccurrences(of: "body BLOB", with: "body TEXT"))),
            ("spare", Self.schema(entries: Self.entriesTable + "CREATE TABLE spare (x);")),
            ("index", Self.schema(entries: Self.entriesTable + "CREATE INDEX by_kind ON entries (kind);")),
            ("schema_version", Self.schema(entries: Self.entriesTable + "INSERT INTO schema_version VALUES (2, 0);")),
        ]
        for (word, sql) in cases {
            var script = sql
            if word != "view" {
                script += """
                    INSERT INTO entries (seq, kind, time, body, prev, hash) VALUES (0, 'election', 0, x'00', zeroblob(32), zeroblob(32));
                    """
            }
            let path = try Self.database(fixture, script)
            let reason = Self.unreadableReason { _ = try Scrutineer.verify(path: path) }
            #expect(reason?.contains(word) == true, "\(word): \(reason ?? "no error")")
        }
        // The same schema as the service's is accepted (and then verified: invalid, not unreadable).
        let plain = try Self.database(fixture, Self.schema(entries: Self.entriesTable + """
            INSERT INTO entries (seq, kind, time, body, prev, hash) VALUES (0, 'election', 0, x'00', zeroblob(32), zeroblob(32));
            """))
        #expect(try !Scrutineer.verify(path: plain).isValid)
    }

    @Test("a row above the size limits is a malformed item, refused before it is copied; verification goes on")
    func oversizedRow() throws {
        let fixture = try ElectionFixture.shared.get()
        let seq = fixture.ballotSeqs[1]
        let path = try SQLiteSourceTests.alteredCopy(fixture) {
            try SQLiteSourceTests.exec($0, "UPDATE entries SET body = zeroblob(9 * 1024 * 1024) WHERE seq = \(seq)")
        }
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        let failure = report.failures.first { $0.check == .entryFormat && $0.seq == UInt64(seq) }
        #expect(failure?.reason.contains("exceeds") == true, "\(report.failures)")
        #expect(report.entries == UInt64(fixture.drafts.count))
    }

    @Test("a checkpoint note above 1 MiB is a checkpoint-signature failure, not read")
    func oversizedNote() throws {
        let fixture = try ElectionFixture.shared.get()
        let path = try SQLiteSourceTests.alteredCopy(fixture) {
            try SQLiteSourceTests.exec($0, "DROP TRIGGER checkpoints_no_update")
            try SQLiteSourceTests.exec($0, "UPDATE checkpoints SET note = note || printf('%.*c', 2 * 1024 * 1024, 'x') WHERE id = 1")
        }
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        let failure = report.failures.first { $0.check == .checkpointSignature }
        #expect(failure?.reason.contains("more than \(LedgerExport.maxSmallFileSize)") == true, "\(report.failures)")
    }

    // MARK: - Finding 13: garbage is not an invalid election

    static func garbage(_ fixture: ElectionFixture) throws -> [(String, String)] {
        let html = Data("<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>\n".utf8)
        let binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        var paths: [(String, String)] = []
        for (name, data) in [("html", html), ("binary", binary), ("empty", Data())] {
            let file = fixture.scratch(name) + ".jsonl"
            try data.write(to: URL(fileURLWithPath: file))
            paths.append((name, file))
            let directory = fixture.scratch(name + "-export")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: directory + "/" + LedgerExport.entriesFileName))
            try FileManager.default.copyItem(atPath: fixture.exportPath + "/checkpoint", toPath: directory + "/checkpoint")
            try FileManager.default.copyItem(atPath: fixture.exportPath + "/ledger.vkey", toPath: directory + "/ledger.vkey")
            paths.append((name + " export", directory))
        }
        return paths
    }

    @Test("an HTML page, binary bytes or an empty file is unreadable (exit 2), not an invalid election")
    func garbageIsUnreadable() throws {
        let fixture = try ElectionFixture.shared.get()
        for (name, path) in try Self.garbage(fixture) {
            let reason = Self.unreadableReason { _ = try Scrutineer.verify(path: path) }
            #expect(reason != nil, "\(name) was not refused as unreadable")
            let run = try CommandTests.run(["verify", path, "--quiet"])
            #expect(run.status == 2 && !run.err.isEmpty && !run.out.contains("VERDICT"), "\(name): \(run.status) \(run.err)")
        }
        // An election.db without entries, or whose first row is not an entry.
        let noRows = try Self.database(fixture, Self.schema(entries: Self.entriesTable))
        let badRow = try Self.database(fixture, Self.schema(entries: Self.entriesTable + """
            INSERT INTO entries (seq, kind, time, body, prev, hash) VALUES (0, 'election', 'soon', x'00', zeroblob(32), zeroblob(32));
            """))
        for (name, path) in [("no rows", noRows), ("bad first row", badRow)] {
            #expect(Self.unreadableReason { _ = try Scrutineer.verify(path: path) } != nil, "\(name)")
            #expect(try CommandTests.run(["verify", path, "--quiet"]).status == 2, "\(name)")
        }
        // A first entry that parses, then garbage: an invalid record.
        let lines = try fixture.exportLines()
        let mixed = try fixture.writeRawExport(lines: [lines[0], "<html><body>oops</body></html>"] + lines[1...])
        let report = try Scrutineer.verify(path: mixed, options: ElectionFixture.options())
        #expect(!report.isValid && report.failures.contains { $0.check == .entryFormat })
        #expect(try CommandTests.run(["verify", mixed, "--quiet"]).status == 1)
    }

    // MARK: - Finding 16: the key and checkpoint beside a JSONL export

    /// A copy of the valid export with `ledger.vkey` and `checkpoint` replaced (nil: removed).
    static func export(_ fixture: ElectionFixture, vkey: Data?, checkpoint: Data?) throws -> String {
        let directory = fixture.scratch("export-copy")
        try FileManager.default.copyItem(atPath: fixture.exportPath, toPath: directory)
        for (name, data) in [("ledger.vkey", vkey), ("checkpoint", checkpoint)] {
            let url = URL(fileURLWithPath: directory + "/" + name)
            try FileManager.default.removeItem(at: url)
            try data?.write(to: url)
        }
        return directory
    }

    @Test("a missing ledger.vkey fails ledger.checkpoint-signature unless a trusted key is given")
    func missingKey() throws {
        let fixture = try ElectionFixture.shared.get()
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: fixture.exportPath + "/checkpoint"))
        let path = try Self.export(fixture, vkey: nil, checkpoint: checkpoint)
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        #expect(!report.isValid)
        #expect(report.failures.contains { $0.check == .checkpointSignature && $0.reason.contains("no published key") }, "\(report.failures)")
        var trusted = ElectionFixture.options()
        trusted.trustedLedgerKey = fixture.signer.verifierKey
        let withKey = try Scrutineer.verify(path: path, options: trusted)
        #expect(withKey.isValid, "\(withKey.failures)")
        // The same for election.db's meta.verifier_key; and one above 4,096 bytes is not read.
        let noMeta = try SQLiteSourceTests.alteredCopy(fixture) {
            try SQLiteSourceTests.exec($0, "DROP TRIGGER meta_no_delete")
            try SQLiteSourceTests.exec($0, "DELETE FROM meta WHERE key = 'verifier_key'")
        }
        let database = try Scrutineer.verify(path: noMeta, options: ElectionFixture.options())
        #expect(database.failures.contains { $0.check == .checkpointSignature && $0.reason.contains("no published key") }, "\(database.failures)")
        #expect(try Scrutineer.verify(path: noMeta, options: trusted).isValid)
        let hugeMeta = try SQLiteSourceTests.alteredCopy(fixture) {
            try SQLiteSourceTests.exec($0, "DROP TRIGGER meta_no_update")
            try SQLiteSourceTests.exec($0, "UPDATE meta SET value = value || printf('%.*c', 5000, 'x') WHERE key = 'verifier_key'")
        }
        let huge = try Scrutineer.verify(path: hugeMeta, options: ElectionFixture.options())
        #expect(huge.failures.contains { $0.check == .checkpointSignature && $0.reason.contains("more than 4096") }, "\(huge.failures)")
    }

    @Test("a malformed ledger.vkey or checkpoint makes the record invalid, not unreadable")
    func malformedKeyOrCheckpoint() throws {
        let fixture = try ElectionFixture.shared.get()
        let key = Data(LedgerExport.verifierKeyFile(fixture.signer.verifierKey).utf8)
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: fixture.exportPath + "/checkpoint"))
        let cases: [(String, Data?, Data?)] = [
            ("two-line key", key + key, checkpoint),
            ("garbage key", Data("not a key\n".utf8), checkpoint),
            ("binary key", Data([0xff, 0xfe, 0x0a]), checkpoint),
            ("no checkpoint", key, nil),
            ("garbage checkpoint", key, Data("<html>502</html>\n".utf8)),
            ("binary checkpoint", key, Data([0xff, 0xfe, 0x00, 0x0a])),
            ("huge checkpoint", key, checkpoint + Data(repeating: 0x41, count: 2 << 20)),
        ]
        for (name, vkey, note) in cases {
            let path = try Self.export(fixture, vkey: vkey, checkpoint: note)
            let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
            #expect(!report.isValid && (report.result(of: .checkpointSignature)?.failed ?? 0) > 0, "\(name): \(report.failures)")
            if name == "no checkpoint" {
                #expect(report.failures.contains { $0.reason.contains("no signed checkpoint") }, "\(report.failures)")
            }
        }
    }

    @Test("ledger.consistency passes 0 times in a non-incremental run (it concerns only state from an earlier run)")
    func consistencyWithoutState() throws {
        let fixture = try ElectionFixture.shared.get()
        for path in [fixture.databasePath, fixture.exportPath] {
            let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
            #expect(report.result(of: .consistency)?.passed == 0 && report.result(of: .consistency)?.failed == 0)
        }
    }
}
