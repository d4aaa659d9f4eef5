import UrnaCrypto

/// One ledger entry (`Specs/ledger.md` §2).
///
/// An entry is `seq` (from 0), `kind`, `time` (Unix milliseconds), `body` (canonical JSON
/// bytes, kept exactly as hashed) and `prev` (the previous entry's hash, 32 zero bytes for
/// seq 0). Its ``hash`` is `H("urna/v1/entry", seq, kind, time, prev, body)`, which links the
/// hash chain and is the Merkle leaf input.
///
/// Every initialiser validates its input, so an `Entry` value always carries the hash of its
/// own fields.
public struct Entry: Sendable, Hashable {
    /// Position in the ledger, from 0; also the Merkle leaf index.
    public let seq: UInt64
    /// Entry kind: 1...64 characters from `a-z`, `0-9` and `-`.
    public let kind: String
    /// Time of the append in milliseconds since the Unix epoch (UTC), at least 0.
    public let time: Int64
    /// The canonical JSON bytes of the body, exactly as hashed.
    public let body: [UInt8]
    /// The previous entry's ``hash``; 32 zero bytes for seq 0.
    public let prev: [UInt8]
    /// `H("urna/v1/entry", seq, kind, time, prev, body)`.
    public let hash: [UInt8]

    /// Domain tag of the entry hash.
    public static let hashTag = "urna/v1/entry"
    /// Length of `prev` and `hash`.
    public static let hashSize = 32
    /// `prev` of entry 0.
    public static let genesisPrev = [UInt8](repeating: 0, count: 32)
    /// Largest accepted body, so that readers of an export can bound their memory.
    public static let maxBodySize = 8 * 1024 * 1024
    /// Longest accepted kind.
    public static let maxKindLength = 64

    /// Makes an entry and computes its hash.
    public init(seq: UInt64, kind: String, time: Int64, body: [UInt8], prev: [UInt8]) throws {
        try Self.validate(seq: seq, kind: kind, time: time, body: body, prev: prev)
        self.seq = seq
        self.kind = kind
        self.time = time
        self.body = body
        self.prev = prev
        self.hash = Self.computeHash(seq: seq, kind: kind, time: time, prev: prev, body: body)
    }

    /// Rebuilds a stored or exported entry and checks that `hash` is the hash of its fields.
    public init(seq: UInt64, kind: String, time: Int64, body: [UInt8], prev: [UInt8], hash: [UInt8]) throws {
        try self.init(seq: seq, kind: kind, time: time, body: body, prev: prev)
        guard hash == self.hash else {
            throw LedgerError(.entryHashMismatch,
                              "entry \(seq): stored hash \(hash.hex) is not the hash of its fields (\(self.hash.hex))",
                              detail: .entry(seq: seq))
        }
    }

    /// The entry hash, `Specs/ledger.md` §2.2:
    /// `H("urna/v1/entry", u64be(seq), utf8(kind), u64be(time), prev, body)`.
    /// `time` is encoded as its 64-bit two's complement, which equals `u64be` for the
    /// non-negative times an entry accepts.
    public static func computeHash(seq: UInt64, kind: String, time: Int64, prev: [UInt8], body: [UInt8]) -> [UInt8] {
        DomainHash.hash(tag: hashTag, [
            DomainHash.uint64(seq),
            Array(kind.utf8),
            DomainHash.uint64(UInt64(bitPattern: time)),
            prev,
            body,
        ])
    }

    /// The RFC 9162 leaf hash of this entry: `SHA-256(0x00 ‖ hash)`.
    public var leafHash: [UInt8] { MerkleHash.leaf(hash) }

    /// Checks a kind: 1...64 characters from `a-z`, `0-9` and `-`.
    public static func validateKind(_ kind: String) throws {
        let bytes = Array(kind.utf8)
        guard !bytes.isEmpty, bytes.count <= maxKindLength else {
            throw LedgerError(.invalidParameter, "entry kind must have 1...\(maxKindLength) characters, has \(bytes.count)")
        }
        for byte in bytes {
            let ok = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-")
            guard ok else {
                throw LedgerError(.invalidParameter, "entry kind \"\(kind)\" has a character outside a-z, 0-9 and -")
            }
        }
    }

    private static func validate(seq: UInt64, kind: String, time: Int64, body: [UInt8], prev: [UInt8]) throws {
        guard seq <= UInt64(Int64.max) else {
            throw LedgerError(.invalidParameter, "entry seq \(seq) exceeds 2^63-1", detail: .entry(seq: seq))
        }
        do {
            try validateKind(kind)
        } catch let error as LedgerError {
            throw LedgerError(error.code, "entry \(seq): \(error.reason)", detail: .entry(seq: seq))
        }
        guard time >= 0 else {
            throw LedgerError(.invalidParameter, "entry \(seq): time \(time) is negative", detail: .entry(seq: seq))
        }
        guard body.count <= maxBodySize else {
            throw LedgerError(.invalidParameter, "entry \(seq): body has \(body.count) bytes, more than \(maxBodySize)",
                              detail: .entry(seq: seq))
        }
        guard prev.count == hashSize else {
            throw LedgerError(.invalidParameter, "entry \(seq): prev has \(prev.count) bytes, expected 32",
                              detail: .entry(seq: seq))
        }
    }
}
