import UrnaLedger

/// The sizes a source may hand the verifier (`Specs/verification.md` §1, §2). Anything larger is
/// refused *before* it is copied: a malformed item or a failure, never an allocation.
public enum SourceLimits {
    /// An entry body (`Specs/ledger.md` §2.1): 8 MiB.
    public static let maxBodySize = Entry.maxBodySize
    /// A checkpoint note with its cosignature lines (`Specs/ledger.md` §6.2): 1 MiB.
    public static let maxNoteSize = LedgerExport.maxSmallFileSize
    /// One cosignature line in `election.db` (a C2SP line is under 400 bytes).
    public static let maxCosignatureLineSize = 1024
    /// A `meta` value in `election.db` (`format`, `origin`, `verifier_key` are under 400 bytes).
    public static let maxMetaValueSize = 4096
    /// All checkpoint notes of a record together (about 200,000 checkpoints of a usual size).
    public static let maxCheckpointBytes = 64 << 20
    /// A `kind` as stored (`Specs/ledger.md` §2.1 allows 64 characters; longer is malformed).
    public static let maxKindSize = 64
    /// The largest row the verifier's SQLite connections accept (`SQLITE_LIMIT_LENGTH`): a body
    /// of ``maxBodySize`` plus the other columns. A larger row is refused by SQLite itself,
    /// before it allocates it, and reported as a malformed item.
    public static let maxRowSize = maxBodySize + 64 * 1024
    /// A chunk of the entry stream ends once its bodies reach this many bytes (or at the entry
    /// count, whichever comes first), so a chunk holds less than `chunkBodyBudget + maxBodySize`.
    public static let chunkBodyBudget = 8 << 20
}

/// A stand-in for a checkpoint note or published key that a source holds but cannot hand out
/// (too large, not UTF-8). It never parses as a note or key, and the verifier reports `reason`
/// under `ledger.checkpoint-signature` (`Specs/verification.md` §1).
enum UnusableSourceText {
    /// A NUL byte never starts a note or a verifier key.
    static let prefix = "\u{0}urna-unusable:"

    static func make(_ reason: String) -> String { prefix + reason }

    /// The reason, if `text` is such a stand-in.
    static func reason(_ text: String) -> String? {
        text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
    }
}
