import UrnaCrypto

/// Streaming check of the hash chain and the Merkle tree of a ledger (`Specs/ledger.md` §2.3).
///
/// Feed entries in order with ``append(_:)``. Each must have the next sequence number and
/// `prev` equal to the previous entry's hash (32 zero bytes for seq 0); an `Entry` value
/// always carries the hash of its fields. Memory is O(log n): the verifier keeps the chain
/// head and the Merkle frontier, so it can stream a ledger of any size.
public struct ChainVerifier: Sendable {
    /// Number of entries checked.
    public var size: UInt64 { frontier.size }
    /// Hash of the last entry checked; 32 zero bytes before any.
    public private(set) var head: [UInt8] = Entry.genesisPrev
    /// Merkle frontier of the entries checked.
    public private(set) var frontier = MerkleFrontier()

    public init() {}

    /// `MTH` of the entries checked so far.
    public var root: [UInt8] { frontier.root }

    /// Checks the next entry and extends the chain. Returns the complete subtrees it finishes.
    @discardableResult
    public mutating func append(_ entry: Entry) throws -> [MerkleNode] {
        guard entry.seq == size else {
            throw LedgerError(.chainBroken, "expected entry \(size), found entry \(entry.seq)", detail: .entry(seq: size))
        }
        guard entry.prev == head else {
            throw LedgerError(.chainBroken,
                              "entry \(entry.seq): prev \(entry.prev.hex) is not the previous entry's hash \(head.hex)",
                              detail: .entry(seq: entry.seq))
        }
        head = entry.hash
        return frontier.append(leafHash: entry.leafHash)
    }

    /// Checks a whole sequence of entries starting at seq 0.
    public static func verify(_ entries: some Sequence<Entry>) throws -> ChainVerifier {
        var verifier = ChainVerifier()
        for entry in entries { try verifier.append(entry) }
        return verifier
    }
}
