/// The exact schema of a public `election.db` (`Specs/ledger.md` §7.1, as the service writes it),
/// checked before anything is read from the file (`Specs/verification.md` §1). A file made by
/// hand can hold views, generated or hidden columns, other types or extra objects whose reading
/// costs what its author wants (a generated `body` of `zeroblob(400 MB)` is 24 KB on disk); such
/// a file is not a ledger, and the verifier refuses it as unreadable, naming what differs.
enum LedgerDatabaseSchema {
    /// One column as `PRAGMA table_xinfo` reports it.
    struct Column: Equatable, CustomStringConvertible {
        let name: String
        let type: String
        let notNull: Bool
        /// Position in the primary key (1-based), 0 if not part of it.
        let primaryKey: Int
        /// 0 for an ordinary column; 1 hidden, 2 or 3 generated.
        var hidden = 0

        var description: String {
            "\(name) \(type)\(notNull ? " NOT NULL" : "")\(primaryKey > 0 ? " PK\(primaryKey)" : "")"
                + (hidden == 0 ? "" : hidden == 1 ? " HIDDEN" : " GENERATED")
        }
    }

    struct Table {
        let name: String
        let withoutRowID: Bool
        let columns: [Column]
    }

    /// Version 1 (`LedgerSchema.migrations[0]` plus `schema_version`).
    static let tables: [Table] = [
        Table(name: "schema_version", withoutRowID: false, columns: [
            Column(name: "version", type: "INTEGER", notNull: false, primaryKey: 1),
            Column(name: "applied_at", type: "INTEGER", notNull: true, primaryKey: 0),
        ]),
        Table(name: "meta", withoutRowID: true, columns: [
            Column(name: "key", type: "TEXT", notNull: true, primaryKey: 1),
            Column(name: "value", type: "TEXT", notNull: true, primaryKey: 0),
        ]),
        Table(name: "entries", withoutRowID: false, columns: [
            Column(name: "seq", type: "INTEGER", notNull: false, primaryKey: 1),
            Column(name: "kind", type: "TEXT", notNull: true, primaryKey: 0),
            Column(name: "time", type: "INTEGER", notNull: true, primaryKey: 0),
            Column(name: "body", type: "BLOB", notNull: true, primaryKey: 0),
            Column(name: "prev", type: "BLOB", notNull: true, primaryKey: 0),
            Column(name: "hash", type: "BLOB", notNull: true, primaryKey: 0),
        ]),
        Table(name: "nodes", withoutRowID: true, columns: [
            Column(name: "level", type: "INTEGER", notNull: true, primaryKey: 1),
            Column(name: "idx", type: "INTEGER", notNull: true, primaryKey: 2),
            Column(name: "hash", type: "BLOB", notNull: true, primaryKey: 0),
        ]),
        Table(name: "checkpoints", withoutRowID: false, columns: [
            Column(name: "id", type: "INTEGER", notNull: false, primaryKey: 1),
            Column(name: "size", type: "INTEGER", notNull: true, primaryKey: 0),
            Column(name: "note", type: "TEXT", notNull: true, primaryKey: 0),
            Column(name: "created_at", type: "INTEGER", notNull: true, primaryKey: 0),
        ]),
        Table(name: "cosignatures", withoutRowID: true, columns: [
            Column(name: "checkpoint_id", type: "INTEGER", notNull: true, primaryKey: 1),
            Column(name: "line", type: "TEXT", notNull: true, primaryKey: 2),
            Column(name: "added_at", type: "INTEGER", notNull: true, primaryKey: 0),
        ]),
    ]

    /// The append-only triggers of §7.1 (`<table>_no_update`, `<table>_no_delete`). Triggers never
    /// fire on a read-only connection; only their names are checked.
    static let triggers: Set<String> = Set(["meta", "entries", "nodes", "checkpoints", "cosignatures"]
        .flatMap { ["\($0)_no_update", "\($0)_no_delete"] })

    /// Statistics tables `ANALYZE` may leave; they only steer the query planner.
    static let statisticsTables: Set<String> = ["sqlite_stat1", "sqlite_stat4"]

    /// Throws ``VerifierError`` `unreadable` naming the first difference.
    static func check(_ db: ReadOnlyDatabase) throws {
        func refuse(_ what: String) -> VerifierError {
            VerifierError(.unreadable, "\(db.path) is not an Urna ledger database (ledger.md §7.1): \(what)")
        }
        let expected = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        // Every schema object must be one of ours: no view, index, virtual table or extra table.
        let objects = try db.prepare("SELECT type, name, tbl_name FROM sqlite_master")
        var seen: Set<String> = []
        while try objects.step() {
            let type = objects.text(0), name = objects.text(1), table = objects.text(2)
            switch type {
            case "table" where expected[name] != nil: seen.insert(name)
            case "table" where statisticsTables.contains(name): continue
            case "trigger" where triggers.contains(name) && name.hasPrefix(table + "_no_"): continue
            default: throw refuse("unexpected \(type) '\(name.prefix(64))'")
            }
        }
        for table in tables where !seen.contains(table.name) { throw refuse("no table '\(table.name)'") }
        // Virtual, shadow and strict tables, and the rowid form.
        let list = try db.prepare("SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main'")
        while try list.step() {
            let name = list.text(0)
            guard let table = expected[name] else { continue }
            guard list.text(1) == "table" else { throw refuse("'\(name)' is a \(list.text(1).prefix(16)) table") }
            guard (list.int64(2) != 0) == table.withoutRowID else {
                throw refuse("'\(name)' is \(table.withoutRowID ? "not " : "")a WITHOUT ROWID table")
            }
            guard list.int64(3) == 0 else { throw refuse("'\(name)' is a STRICT table") }
        }
        // Columns exactly: names, declared types, NOT NULL, primary key; nothing hidden or generated.
        for table in tables {
            let info = try db.prepare("SELECT name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid")
            try info.bind(1, table.name)
            var columns: [Column] = []
            while try info.step() {
                columns.append(Column(name: info.text(0), type: info.text(1), notNull: info.int64(2) != 0,
                                      primaryKey: Int(clamping: info.int64(3)), hidden: Int(clamping: info.int64(4))))
            }
            guard columns == table.columns else {
                throw refuse("table '\(table.name)' has columns (\(columns.map(\.description).joined(separator: ", ").prefix(400))),"
                             + " not (\(table.columns.map(\.description).joined(separator: ", ")))")
            }
        }
        // Version 1 only (§7.1: one row per migration applied).
        let version = try db.prepare("SELECT max(version), count(*) FROM schema_version")
        guard try version.step(), version.isInteger(0), version.int64(0) == 1, version.int64(1) == 1 else {
            throw refuse("schema_version is not exactly version 1")
        }
    }
}
