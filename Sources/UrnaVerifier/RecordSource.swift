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
    /// The stored Merkle nodes this entry's leaf completes (`Specs/verification.md` §1), when the
    /// source keeps nodes; nil otherwise.
    public var storedNodes: StoredNodes?

    public init(seq: UInt64, kind: String, time: Int64, body: [UInt8], prev: [UInt8], hash: [UInt8],
                storedNodes: StoredNodes? = nil) {
        self.seq = seq
        self.kind = kind
        self.time = time
        self.body = body
        self.prev = prev
        self.hash = hash
        self.storedNodes = storedNodes
    }

    public init(_ entry: Entry) {
        self.init(seq: entry.seq, kind: entry.kind, time: entry.time, body: entry.body, prev: entry.prev, hash: entry.hash)
    }
}

/// One position of a source's entry stream: an entry, or a row or line that does not even
/// decode as one (reported under `ledger.entry-format`; verification goes on with the next).
public enum RecordItem: Sendable {
    case entry(RecordEntry)
    /// `seq` when the source knows it (a row's key), `reason` what is wrong; the stored nodes its
    /// position completes, when the source keeps nodes.
    case malformed(seq: UInt64?, reason: String, storedNodes: StoredNodes? = nil)

    /// The stored nodes the item's position completes (nil: the source keeps none).
    public var storedNodes: StoredNodes? {
        switch self {
        case .entry(let entry): entry.storedNodes
        case .malformed(_, _, let nodes): nodes
        }
    }

    /// Bytes of entry data the item holds (its body), for the readers' byte budget.
    public var bodyBytes: Int {
        if case .entry(let entry) = self { return entry.body.count }
        return 0
    }

    /// The item with `nodes` as its stored nodes.
    func with(storedNodes nodes: StoredNodes?) -> RecordItem {
        switch self {
        case .entry(var entry):
            entry.storedNodes = nodes
            return .entry(entry)
        case .malformed(let seq, let reason, _):
            return .malformed(seq: seq, reason: reason, storedNodes: nodes)
        }
    }
}

/// What a source stores of the Merkle tree at one position of its entry stream
/// (`Specs/ledger.md` §3.2, `Specs/verification.md` §1): the nodes that the leaf at that position
/// completes, as read (or missing), and any stored node that should not exist (found on the way,
/// or, on the last item, every node left beyond the entries). Nothing here is trusted: the
/// verifier compares each node with its recomputed tree (`ledger.stored-nodes`).
public struct StoredNodes: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        public let level: Int
        public let index: UInt64
        /// The stored hash; nil if the source holds no such node (missing), or a value that is
        /// not a 32-byte hash (`problem` says which).
        public let hash: [UInt8]?
        public let problem: String?

        public init(level: Int, index: UInt64, hash: [UInt8]?, problem: String? = nil) {
            self.level = level
            self.index = index
            self.hash = hash
            self.problem = problem
        }
    }

    /// The nodes the position completes, in the order the leaf completes them (level 0 first).
    public var completed: [Node] = []
    /// Descriptions of stored nodes that should not exist (`(level, idx)` outside the tree).
    public var extra: [String] = []

    public init(completed: [Node] = [], extra: [String] = []) {
        self.completed = completed
        self.extra = extra
    }
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
    /// Up to `maxCount` items in order, stopping early once the chunk's bodies reach
    /// `maxBodyBytes` (a chunk holds at least one item, and at most `maxBodyBytes` plus one body
    /// of at most ``SourceLimits/maxBodySize``, `Specs/verification.md` §2); empty at the end of
    /// the stream. Throws ``VerifierError`` `unreadable` when the source fails (I/O), not for bad content.
    func next(maxCount: Int, maxBodyBytes: Int) throws -> [RecordItem]
}

extension RecordEntryReader {
    /// Up to `maxCount` items, with the default byte budget (``SourceLimits/chunkBodyBudget``).
    public func next(maxCount: Int) throws -> [RecordItem] {
        try next(maxCount: maxCount, maxBodyBytes: SourceLimits.chunkBodyBudget)
    }
}

extension RecordEntryReader {
    /// A source whose first item is not an entry (empty, an HTML page, binary) holds no record:
    /// it is unreadable (exit 2), not an invalid election (`Specs/verification.md` §1). Later bad
    /// items are malformed items of an invalid record.
    func requireFirstEntry(of source: String) throws {
        switch try next(maxCount: 1).first {
        case nil:
            throw VerifierError(.unreadable, "\(source) holds no entry: there is no record to verify")
        case .malformed(_, let reason, _)?:
            throw VerifierError(.unreadable, "\(source) is not an Urna ledger: its first item is not an entry (\(reason))")
        case .entry?:
            break
        }
    }
}
