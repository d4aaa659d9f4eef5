import Foundation
import UrnaLedger
import UrnaLedgerStore

/// `election.private.db` (mode 0600): issuance state (the codes voters presented, published with
/// the next issuance batch) and the service's secret keys. Never published; no voter or observer needs it. (Credential use is rebuilt
/// from the public ledger, the source of truth.)
final class PrivateStore: @unchecked Sendable {
    private let db: SQLiteDatabase
    private let lock = NSLock()
    /// A second, read-only connection for lookups that must not wait for a commit in progress
    /// (WAL: it sees the last committed state). Nil for a store opened read-only.
    private let reader: SQLiteDatabase?
    private let readerLock = NSLock()

    static let schema = """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS issuance (
        pseudonym TEXT PRIMARY KEY, district TEXT NOT NULL, code TEXT NOT NULL,
        blinded_hash BLOB NOT NULL, blind_signature BLOB NOT NULL,
        published INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX IF NOT EXISTS issuance_unpublished ON issuance(published) WHERE published = 0;
    """

    /// Opens the private store read-only (status, results, export beside a running service or
    /// on a read-only copy): no byte of the file is written.
    init(readOnlyPath path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ServiceError(.noElection, "\(path) does not exist") }
        do {
            db = try SQLiteDatabase(path: path, readOnly: true, detached: true)
            reader = nil
            guard try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'issuance')") == 2 else {
                throw ServiceError(.noElection, "\(path) is not an Urna private store")
            }
        } catch {
            throw ServiceError.wrapping(error, "private store \(path)")
        }
    }

    init(path: String, create: Bool) throws {
        let exists = FileManager.default.fileExists(atPath: path)
        guard exists || create else { throw ServiceError(.noElection, "\(path) does not exist") }
        if exists {
            // It holds the ledger and token keys: refused if group or others may read or write it
            // (as OpenSSH refuses such a private key), e.g. after a restore that lost its mode.
            let mode = ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? 0
            guard mode & 0o077 == 0 else {
                throw ServiceError(.keyFile, "\(path) holds the election's secret keys but is accessible by others (mode 0\(String(mode, radix: 8))); run chmod 600 \(path) and try again")
            }
        }
        if !exists {
            // Create the file with owner-only permissions before SQLite writes any secret to it.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw ServiceError(.internalFailure, "cannot create \(path)")
            }
        }
        do {
            db = try SQLiteDatabase(path: path, readOnly: false)
        } catch {
            throw ServiceError.wrapping(error, "private store \(path)")
        }
        // An existing file must already be a private store: never write a schema into an empty
        // or foreign file (it may be evidence), only into the one `create` just made.
        if exists {
            let tables: Int64?
            do {
                tables = try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'issuance')")
            } catch let error as LedgerError where error.code != .storageCorrupt {
                // A full disk, a lock, permissions: say so, never "damaged".
                db.close()
                throw ServiceError.wrapping(error, "private store \(path)")
            } catch {
                db.close()
                throw ServiceError(.noElection, "\(path) is not an Urna private store (\(error)); it was left untouched")
            }
            guard tables == 2 else {
                db.close()
                throw ServiceError(.noElection, "\(path) is not an Urna private store (empty or another database); it was left untouched")
            }
        }
        do {
            try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            try db.execute(Self.schema)
            reader = try SQLiteDatabase(path: path, readOnly: true)
        } catch {
            db.close()
            throw ServiceError.wrapping(error, "private store \(path)")
        }
    }

    /// Runs `body` under the store's lock (one connection, used by one thread at a time).
    func locked<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try body(db)
        } catch {
            throw ServiceError.wrapping(error, "private store")
        }
    }

    /// Runs `body` on the read-only connection (the last committed state), never waiting for a
    /// writer; on the main connection when the store was opened read-only.
    func read<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        guard let reader else { return try locked(body) }
        readerLock.lock()
        defer { readerLock.unlock() }
        do {
            return try body(reader)
        } catch {
            throw ServiceError.wrapping(error, "private store")
        }
    }

    /// Runs `body` in one transaction (all or nothing).
    func transaction<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        try locked { db in
            try db.execute("BEGIN IMMEDIATE")
            do {
                try db.requireInPlace()
                let value = try body(db)
                try db.requireInPlace()
                try db.execute("COMMIT")
                return value
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    func meta(_ key: String) throws -> [UInt8]? {
        try locked { db in
            let statement = try db.prepare("SELECT value FROM meta WHERE key = ?")
            try statement.bind(1, key)
            return try statement.step() ? statement.blob(0) : nil
        }
    }

    func setMeta(_ key: String, _ value: [UInt8], in db: SQLiteDatabase) throws {
        let statement = try db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
        try statement.bind(1, key)
        try statement.bind(2, value)
        try statement.run()
    }

    func close() {
        readerLock.withLock { reader?.close() }
        lock.lock()
        defer { lock.unlock() }
        db.close()
    }
}
