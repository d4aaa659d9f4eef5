import Foundation
import UrnaLedger

/// A public `election.db` (`Specs/ledger.md` §7.1), read through the verifier's own read-only
/// connections: the `entries`, `checkpoints`, `cosignatures`, `nodes` and `meta` tables.
public struct SQLiteRecordSource: RecordSource {
    public let path: String

    /// Opens the file once to check that it is an Urna ledger (`Specs/verification.md` §1): the
    /// exact schema of `ledger.md` §7.1, `meta.format = urna-ledger-v1`, and a first row that is
    /// an entry. Anything else is unreadable, not an invalid election.
    public init(path: String) throws {
        self.path = path
        let db = try ReadOnlyDatabase(path: path)
        try LedgerDatabaseSchema.check(db)
        guard case .value(let format)? = try Self.meta(db, "format"), format == "urna-ledger-v1" else {
            throw VerifierError(.unreadable, "\(path) is not an Urna ledger database (meta.format is not urna-ledger-v1)")
        }
        try SQLiteEntryReader(db: db, from: 0, withNodes: false).requireFirstEntry(of: path)
    }

    public var name: String { path }

    enum MetaValue: Equatable {
        case value(String)
        /// Present but unusable (not text, too long): why.
        case unusable(String)
    }

    /// A `meta` value, refused above ``SourceLimits/maxMetaValueSize`` bytes.
    static func meta(_ db: ReadOnlyDatabase, _ key: String) throws -> MetaValue? {
        let query = try db.prepare("SELECT value FROM meta WHERE key = ?")
        try query.bind(1, key)
        switch try query.stepOrTooBig() {
        case .done: return nil
        case .tooBig: return .unusable("meta.\(key) exceeds \(SourceLimits.maxRowSize) bytes")
        case .row: break
        }
        guard query.isText(0) else { return .unusable("meta.\(key) is not text") }
        guard query.byteCount(0) <= SourceLimits.maxMetaValueSize else {
            return .unusable("meta.\(key) has \(query.byteCount(0)) bytes, more than \(SourceLimits.maxMetaValueSize)")
        }
        return .value(query.text(0))
    }

    /// `meta.verifier_key`; an unusable value is handed on as ``UnusableSourceText`` (a failure).
    public func publishedVerifierKey() throws -> String? {
        switch try Self.meta(ReadOnlyDatabase(path: path), "verifier_key") {
        case nil: nil
        case .value(let key)?: key
        case .unusable(let reason)?: UnusableSourceText.make(reason)
        }
    }

    public func checkpointNotes() throws -> [String] {
        try SQLiteCheckpointReader(db: ReadOnlyDatabase(path: path)).notes()
    }

    public func estimatedEntryCount() throws -> UInt64? {
        let query = try ReadOnlyDatabase(path: path).prepare("SELECT max(seq) FROM entries")
        guard try query.step(), query.isInteger(0) else { return 0 }
        return UInt64(max(0, query.int64(0) + 1))
    }

    /// From seq 0, every item also carries the stored nodes its position completes.
    public func entries(from seq: UInt64) throws -> any RecordEntryReader {
        try SQLiteEntryReader(db: ReadOnlyDatabase(path: path), from: seq, withNodes: seq == 0)
    }

    public func subtreeReader() throws -> (any MerkleSubtreeReader)? {
        try SQLiteSubtreeReader(db: ReadOnlyDatabase(path: path))
    }
}

/// Reads stored Merkle nodes `(level, idx) → hash`.
final class SQLiteSubtreeReader: MerkleSubtreeReader {
    private let db: ReadOnlyDatabase
    private let query: ReadOnlyStatement

    init(db: ReadOnlyDatabase) throws {
        self.db = db
        query = try db.prepare("""
            SELECT CASE WHEN typeof(hash) = 'blob' AND length(hash) = 32 THEN hash END
            FROM nodes WHERE level = ? AND idx = ?
            """)
    }

    func subtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
        query.reset()
        try query.bind(1, Int64(level))
        try query.bind(2, Int64(clamping: index))
        guard try query.step(), query.isBlob(0) else {
            throw LedgerError(.invalidParameter, "the database stores no 32-byte node at level \(level), index \(index)")
        }
        return query.blob(0)
    }
}
