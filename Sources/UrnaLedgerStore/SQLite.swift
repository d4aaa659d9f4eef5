import Foundation
import CSQLite
import UrnaLedger

extension LedgerError.Code {
    /// The SQLite file could not be opened, read or written; the reason carries SQLite's message.
    public static let storageFailure = Self(rawValue: "storage-failure")
    /// The database file is damaged below the ledger (SQLite reports corruption or not a database).
    public static let storageCorrupt = Self(rawValue: "storage-corrupt")
    /// The store was closed; nothing more can be appended through it.
    public static let storeClosed = Self(rawValue: "store-closed")
    /// The integrity check on open found the stored ledger truncated or altered; the
    /// detail names the first bad entry (or the two roots that differ).
    public static let integrityFailure = Self(rawValue: "integrity-failure")
    /// A write to a store opened read-only.
    public static let readOnly = Self(rawValue: "read-only")
    /// A file that exists but is not an Urna ledger (empty, another database, garbage): refused
    /// without writing a byte to it.
    public static let notALedger = Self(rawValue: "not-a-ledger")
}

extension LedgerError {
    /// A failure of the storage itself rather than of a job's input.
    package var isStorageError: Bool { code == .storageFailure || code == .storageCorrupt }
}

/// One SQLite connection, used by one thread at a time. Owns the `sqlite3` handle and
/// closes it in `deinit`. Package-internal: no SQLite type appears in a public API.
package final class SQLiteDatabase {
    package let handle: OpaquePointer
    package let path: String

    /// - Parameter detached: for a reader outside the writing process (status, export, a
    ///   read-only copy): opened through a URI that never writes a byte, nor creates a `-shm`
    ///   or `-wal` file. Readers of a store with a live writer in this process use plain
    ///   read-only connections instead.
    package init(path: String, readOnly: Bool, detached: Bool = false) throws {
        var db: OpaquePointer?
        let rc: Int32
        if readOnly && detached {
            // Never writes a byte, nor creates a `-shm` or `-wal` file: with no live write-ahead
            // log beside it (no writer; a read-only copy) the file is opened as immutable; beside
            // a running writer, as a normal WAL reader.
            let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue
            let immutable = (walSize ?? 0) == 0
            // A copy marked read-only (no write bit on its folder) has no live writer; SQLite would
            // still rebuild its WAL index in `-shm` (root may write there). Its file and log are
            // read from a private snapshot instead, so the copy is never touched.
            let folder = (try? FileManager.default.attributesOfItem(atPath: Self.folder(of: path))[.posixPermissions] as? NSNumber)?.intValue
            var source = path
            if !immutable, let folder, folder & 0o222 == 0 {
                let snapshot = FileManager.default.temporaryDirectory.appendingPathComponent("urna-snapshot-\(UUID().uuidString)").path
                do {
                    try FileManager.default.createDirectory(atPath: snapshot, withIntermediateDirectories: false,
                                                            attributes: [.posixPermissions: 0o700])
                    let copy = snapshot + "/db"
                    try FileManager.default.copyItem(atPath: path, toPath: copy)
                    try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
                    source = copy
                    scratch = snapshot
                } catch {
                    try? FileManager.default.removeItem(atPath: snapshot)
                    throw LedgerError(.storageFailure, "cannot snapshot the read-only \(path) to read its log: \(error)")
                }
            }
            let uri = "file:" + Self.uriPath(source) + "?mode=ro" + (immutable ? "&immutable=1" : "")
            rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
        } else {
            let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        }
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw LedgerError(.storageFailure, "cannot open \(path): \(message)")
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5000)
    }

    private var isClosed = false
    /// A private snapshot of a read-only copy with a log (removed on close).
    private var scratch: String?

    static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    }

    /// An absolute path as a `file:` URI path: every byte but letters, digits and `-._~/` escaped.
    /// (`UrnaVerifier.ReadOnlyDatabase` keeps its own copy: the verifier never depends on storage.)
    static func uriPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var out = ""
        for byte in absolute.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
                out.append(c)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    deinit { close() }

    /// Closes the connection (idempotent). With `sqlite3_close_v2`, a statement not yet
    /// finalised keeps the connection alive until it is.
    package func close() {
        guard !isClosed else { return }
        isClosed = true
        sqlite3_close_v2(handle)
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    }

    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    package var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// The error for result code `rc` of `what`, with what the operator can do about a failing
    /// disk or file (writes resume by themselves once the fault clears).
    package func error(_ rc: Int32, _ what: String) -> LedgerError {
        let primary = rc & 0xff
        let code: LedgerError.Code = (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) ? .storageCorrupt : .storageFailure
        let hint: String
        switch primary {
        case SQLITE_FULL: hint = "; the disk holding \(path) is full: free space on it"
        case SQLITE_READONLY: hint = "; \(path) cannot be written (a read-only file or file system): make it writable"
        case SQLITE_IOERR:
            // SQLite keeps the system's errno only sometimes; without it, name both usual causes.
            let system = sqlite3_system_errno(handle)
            let cause = system > 0 ? String(cString: strerror(system)) : "an I/O error, or the file system went read-only"
            hint = "; the disk holding \(path) failed a read or write (\(cause)): check the disk and its file system"
        case SQLITE_CANTOPEN: hint = "; a file of \(path) cannot be opened (missing, permissions, or out of file descriptors)"
        default: hint = ""
        }
        return LedgerError(code, "\(what): \(errorMessage) (SQLite code \(rc))\(hint)")
    }

    /// Refuses to write through a connection whose file is no longer at its path (deleted,
    /// renamed or replaced since it was opened): SQLite would go on writing to the unlinked
    /// file, and everything written would vanish when the process ends. Once the same file is
    /// back at its path (moved back), writes resume.
    ///
    /// The write-ahead log too: SQLite keeps it (`PATH-wal`, the same file) for as long as this
    /// connection is open, so once seen, another file or none at that path means it was deleted
    /// or replaced, and what it holds would be lost at exit.
    package func requireInPlace() throws {
        var moved: Int32 = 0
        let rc = sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved)
        guard rc == SQLITE_OK else { throw error(rc, "checking that \(path) is still in place") }
        guard moved == 0 else {
            throw LedgerError(.storageFailure, "\(path) was deleted, moved or replaced while open; nothing is written to it until the same file is back at that path (move it back), or the service is restarted on the right file")
        }
        var info = stat()
        let walPath = path + "-wal"
        if stat(walPath, &info) == 0, walInode == nil || walInode == info.st_ino {
            walInode = info.st_ino
            return
        }
        guard walInode != nil else { return }  // no log yet (not in WAL mode, or before the first write)
        throw LedgerError(.storageFailure, "\(walPath), the write-ahead log of \(path), was deleted, moved or replaced while open; nothing is written until the same file is back at that path (move it back). Do not restart the service before: the entries it holds since the last checkpoint would be lost")
    }

    /// The write-ahead log's inode, once it was seen (``requireInPlace()``).
    private var walInode: ino_t?

    /// Runs one or more statements that return no rows.
    package func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, "executing \(sql.prefix(60))") }
    }

    package func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc, "preparing \(sql.prefix(60))") }
        return SQLiteStatement(handle: statement, database: self)
    }

    /// The single integer of a one-row query.
    package func scalar(_ sql: String) throws -> Int64? {
        let statement = try prepare(sql)
        defer { statement.finalize() }
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }
}

/// A prepared statement; finalised in `deinit`.
package final class SQLiteStatement {
    package let handle: OpaquePointer
    package let database: SQLiteDatabase

    package init(handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    private var isFinalized = false

    deinit { finalize() }

    /// Finalises the statement (idempotent); it must not be used afterwards.
    package func finalize() {
        guard !isFinalized else { return }
        isFinalized = true
        sqlite3_finalize(handle)
    }

    /// Resets the statement and clears its bindings.
    package func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    package func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value), "bind")
    }

    package func bind(_ index: Int32, _ value: [UInt8]) throws {
        // A zero-length blob must not be bound from a nil pointer (that binds NULL).
        let rc = value.isEmpty
            ? sqlite3_bind_zeroblob(handle, index, 0)
            : value.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), urna_sqlite_transient()) }
        try check(rc, "bind")
    }

    package func bind(_ index: Int32, _ value: String) throws {
        try check(sqlite3_bind_text(handle, index, value, -1, urna_sqlite_transient()), "bind")
    }

    /// Steps once: `true` if a row is available, `false` when done.
    package func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.error(rc, "step")
    }

    /// Steps a statement that returns no row, then resets it.
    package func run() throws {
        defer { reset() }
        guard try !step() else { throw LedgerError(.storageFailure, "statement returned a row unexpectedly") }
    }

    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    package func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    package func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column's storage class name, for checks of what a file really holds.
    package func isBlob(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_BLOB }
    package func isInteger(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_INTEGER }
    package func isText(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_TEXT }

    private func check(_ rc: Int32, _ what: String) throws {
        guard rc == SQLITE_OK else { throw database.error(rc, what) }
    }
}
