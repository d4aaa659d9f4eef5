import Foundation
import UrnaLedger

/// The schema of the public `election.db` (`Specs/ledger.md` §7) and its migrations.
///
/// `schema_version` lists every migration applied. Migrations only ever add; each runs in
/// the transaction that records it. Every table of the public record refuses UPDATE and
/// DELETE through triggers.
enum LedgerSchema {
    /// Migration `i` brings the schema from version `i` to `i + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE entries (
            seq  INTEGER PRIMARY KEY CHECK (seq >= 0),
            kind TEXT    NOT NULL,
            time INTEGER NOT NULL CHECK (time >= 0),
            body BLOB    NOT NULL,
            prev BLOB    NOT NULL CHECK (length(prev) = 32),
            hash BLOB    NOT NULL CHECK (length(hash) = 32)
        );
        CREATE TABLE nodes (
            level INTEGER NOT NULL CHECK (level >= 0 AND level < 64),
            idx   INTEGER NOT NULL CHECK (idx >= 0),
            hash  BLOB    NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        ) WITHOUT ROWID;
        CREATE TABLE checkpoints (
            id         INTEGER PRIMARY KEY,
            size       INTEGER NOT NULL CHECK (size >= 0),
            note       TEXT    NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE cosignatures (
            checkpoint_id INTEGER NOT NULL REFERENCES checkpoints (id),
            line          TEXT    NOT NULL,
            added_at      INTEGER NOT NULL,
            PRIMARY KEY (checkpoint_id, line)
        ) WITHOUT ROWID;
        """
        + ["meta", "entries", "nodes", "checkpoints", "cosignatures"].map(appendOnlyTriggers).joined(),
    ]

    static var currentVersion: Int { migrations.count }

    static func appendOnlyTriggers(_ table: String) -> String {
        """
        CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: UPDATE on \(table) refused'); END;
        CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: DELETE on \(table) refused'); END;

        """
    }

    /// Refuses, without writing to it, a file that is not an Urna ledger: it must be an SQLite
    /// database whose `meta` table says `format = urna-ledger-v1`.
    static func requireLedger(path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else {
            throw LedgerError(.notALedger, "\(path) is empty, not an Urna ledger; it was left untouched (only 'urna election create' makes a ledger, in a new directory)")
        }
        let format: String?
        do {
            let probe = try SQLiteDatabase(path: path, readOnly: true, detached: true)
            defer { probe.close() }
            let hasMeta = try probe.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") ?? 0
            format = hasMeta == 1 ? try LedgerStore.readMeta(probe, key: "format") : nil
        } catch {
            let header = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 16)) ?? nil
            if header == Data("SQLite format 3\0".utf8) {
                throw LedgerError(.storageCorrupt, "\(path) is an SQLite file that cannot be read (damaged or cut short: \(error)); it was left untouched")
            }
            throw LedgerError(.notALedger, "\(path) is not an Urna ledger (\(error)); it was left untouched")
        }
        guard format == "urna-ledger-v1" else {
            throw LedgerError(.notALedger, "\(path) is an SQLite database but not an Urna ledger; it was left untouched")
        }
    }

    /// Sets the connection pragmas of the writer (WAL, `synchronous=FULL`) and applies any
    /// pending migration.
    static func prepareWriter(_ db: SQLiteDatabase, now: Int64) throws {
        let mode = try db.prepare("PRAGMA journal_mode=WAL")
        let journal = try mode.step() ? mode.text(0).lowercased() : ""
        mode.finalize()
        guard journal == "wal" else {
            throw LedgerError(.storageFailure, "\(db.path): cannot switch to WAL journal mode")
        }
        try db.execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        try db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
        let applied = Int(try db.scalar("SELECT max(version) FROM schema_version") ?? 0)
        guard applied <= currentVersion else {
            throw LedgerError(.storageFailure, "\(db.path) has schema version \(applied), newer than this program's \(currentVersion)")
        }
        for version in applied..<currentVersion {
            try db.execute("BEGIN IMMEDIATE")
            do {
                try db.execute(migrations[version])
                let record = try db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")
                try record.bind(1, Int64(version + 1))
                try record.bind(2, now)
                try record.run()
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }
}
