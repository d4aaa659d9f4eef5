import UrnaLedger

/// One ledger entry exactly as a source holds it, before any check: the stored hash is the
/// source's claim, which the verifier recomputes (`Specs/ledger.md` §2).
public struct RecordEntry: Sendable, Hashable {
    public let seq: UInt64
    public let kind: String
    public let time: Int64
    public let body: [UInt8]
    public let prev: [UInt8]
    /// The hash the source stores for the entry (not yet checked).
    public let hash: [UInt8]

    public init(seq: UInt64, kind: String, time: Int64, body: [UInt8], prev: [UInt8], hash: [UInt8]) {
        self.seq = seq
        self.kind = kind
        self.time = time
        self.body = body
        self.prev = prev
        self.hash = hash
    }

    public init(_ entry: Entry) {
        self.init(seq: entry.seq, kind: entry.kind, time: entry.time, body: entry.body, prev: entry.prev, hash: entry.hash)
    }
}

/// One position of a source's entry stream: an entry, or a row or line that does not even
/// decode as one (reported under `ledger.entry-format`; verification goes on with the next).
public enum RecordItem: Sendable {
    case entry(RecordEntry)
    /// `seq` when the source knows it (a row's key), `reason` what is wrong.
    case malformed(seq: UInt64?, reason: String)
}

/// Where a record comes from: a public `election.db`, a JSON Lines export, and later a running
/// service's URL. A source hands out what the public record holds and nothing else; the
/// verifier trusts none of it.
public protocol RecordSource: Sendable {
    /// A human name of the source (a path or URL).
    var name: String { get }
    /// The ledger verifier key published beside the entries (`ledger.vkey`, `meta.verifier_key`), if any.
    func publishedVerifierKey() throws -> String?
    /// Every signed checkpoint note the source holds (with cosignature lines), oldest first.
    /// A JSON Lines export holds only its latest one.
    func checkpointNotes() throws -> [String]
    /// The number of entries, or an estimate, for progress reports (nil if unknown).
    func estimatedEntryCount() throws -> UInt64?
    /// A reader of the entry stream from position `seq` on, in order.
    func entries(from seq: UInt64) throws -> any RecordEntryReader
    /// Stored complete-subtree hashes (`Specs/ledger.md` §3.2), when the source keeps them, for
    /// consistency and inclusion proofs without rehashing; nil otherwise. Never trusted: every
    /// proof built from them is checked against signed roots.
    func subtreeReader() throws -> (any MerkleSubtreeReader)?
}

/// Streams a source's entries in chunks, in order, in bounded memory.
public protocol RecordEntryReader: AnyObject {
    /// Up to `maxCount` items in order; empty at the end of the stream. Throws
    /// ``VerifierError`` `unreadable` when the source fails (I/O), not for bad content.
    func next(maxCount: Int) throws -> [RecordItem]
}
