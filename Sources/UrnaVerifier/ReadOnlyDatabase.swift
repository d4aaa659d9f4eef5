import CSQLite
import Foundation

/// A minimal read-only SQLite connection for the public `election.db` (`Specs/ledger.md` §7).
/// The verifier never writes the file: it opens it with `SQLITE_OPEN_READONLY` through a URI,
/// and as `immutable=1` when no write-ahead log is beside it (so not even a `-shm` file is
/// created). A live database (with a `-wal` file) is read in plain read-only mode, which sees
/// every committed transaction. Every connection refuses values and rows larger than
/// ``SourceLimits/maxRowSize`` (`SQLITE_LIMIT_LENGTH`), so a hostile file cannot make it
/// allocate more (`Specs/verification.md` §1). Internal: no SQLite type leaves this module.
final class ReadOnlyDatabase {
    let handle: OpaquePointer
    let path: String

    init(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw VerifierError(.unreadable, "cannot read \(path)")
        }
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? nil
        let immutable = (wal ?? 0) == 0
        let uri = "file:" + Self.uriPath(path) + "?mode=ro" + (immutable ? "&immutable=1" : "")
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw VerifierError(.unreadable, "cannot open \(path) read-only: \(message)")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
        // SQLite refuses (SQLITE_TOOBIG) any row, string or blob above this, before allocating it.
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, Int32(SourceLimits.maxRowSize))
    }

    deinit { sqlite3_close_v2(handle) }

    /// Percent-encodes everything but unreserved characters and `/` (RFC 3986 path).
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

    func error(_ what: String) -> VerifierError {
        VerifierError(.unreadable, "\(path): \(what): \(String(cString: sqlite3_errmsg(handle)))")
    }

    func prepare(_ sql: String) throws -> ReadOnlyStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw error("preparing \(sql.prefix(60))")
        }
        return ReadOnlyStatement(handle: statement, database: self)
    }

    /// Whether a table exists.
    func hasTable(_ name: String) throws -> Bool {
        let query = try prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        try query.bind(1, name)
        return try query.step()
    }
}

/// A prepared statement, finalised in `deinit`.
final class ReadOnlyStatement {
    let handle: OpaquePointer
    let database: ReadOnlyDatabase

    init(handle: OpaquePointer, database: ReadOnlyDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64) throws {
        guard sqlite3_bind_int64(handle, index, value) == SQLITE_OK else { throw database.error("bind") }
    }

    func bind(_ index: Int32, _ value: String) throws {
        guard sqlite3_bind_text(handle, index, value, -1, urna_sqlite_transient()) == SQLITE_OK else {
            throw database.error("bind")
        }
    }

    /// Steps once: `true` if a row is available.
    func step() throws -> Bool {
        switch try stepOrTooBig() {
        case .row: return true
        case .done: return false
        case .tooBig: throw database.error("reading (a value exceeds \(SourceLimits.maxRowSize) bytes)")
        }
    }

    enum Step { case row, done, tooBig }

    /// Steps once, telling a row larger than ``SourceLimits/maxRowSize`` (which SQLite refuses
    /// without reading it) apart from other errors, which throw.
    func stepOrTooBig() throws -> Step {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return .row }
        if rc == SQLITE_DONE { return .done }
        if rc == SQLITE_TOOBIG || sqlite3_extended_errcode(database.handle) == SQLITE_TOOBIG {
            sqlite3_reset(handle)
            return .tooBig
        }
        throw database.error("reading")
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func isInteger(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_INTEGER }
    func isText(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_TEXT }
    func isBlob(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_BLOB }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    /// Bytes of a text or blob value (its length, without converting it).
    func byteCount(_ column: Int32) -> Int { Int(sqlite3_column_bytes(handle, column)) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}
