/// The hash of one complete, aligned subtree of the Merkle tree (`Specs/ledger.md` §3.2):
/// the `2^level` leaves `[index·2^level, (index+1)·2^level)`. Level 0 holds the leaf hashes.
public struct MerkleNode: Sendable, Hashable {
    public let level: Int
    public let index: UInt64
    public let hash: [UInt8]

    public init(level: Int, index: UInt64, hash: [UInt8]) {
        self.level = level
        self.index = index
        self.hash = hash
    }

    /// First leaf covered.
    public var firstLeaf: UInt64 { index << UInt64(level) }
}

/// The right edge of a growing RFC 9162 tree: one hash per set bit of the size, the
/// complete subtrees that `MTH(D[0:size])` decomposes into, largest first.
///
/// Appending a leaf costs O(1) amortised hashes and reports the complete subtrees it
/// finishes, which is how a store keeps every complete subtree hash so that proofs
/// read O(log n) stored hashes. Memory is O(log n), so a verifier can stream a ledger.
public struct MerkleFrontier: Sendable, Hashable {
    /// Number of leaves appended.
    public private(set) var size: UInt64
    /// Hashes of the complete subtrees covering `[0, size)`, largest (leftmost) first.
    public private(set) var hashes: [[UInt8]]

    /// An empty tree.
    public init() {
        size = 0
        hashes = []
    }

    /// Rebuilds the frontier of a tree of `size` leaves from stored subtree hashes:
    /// reads one complete subtree per set bit of `size` (O(log n) reads).
    public init(size: UInt64, reader: some MerkleSubtreeReader) throws {
        var hashes: [[UInt8]] = []
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (1 << UInt64(level)) != 0 {
            hashes.append(try reader.checkedSubtreeHash(level: level, index: start >> UInt64(level)))
            start += 1 << UInt64(level)
        }
        self.size = size
        self.hashes = hashes
    }

    /// Appends a leaf hash (`MerkleHash.leaf(d)`) and returns the complete subtrees it
    /// finishes: `(0, size)` for the leaf itself, then each parent it completes.
    @discardableResult
    public mutating func append(leafHash: [UInt8]) -> [MerkleNode] {
        var finished = [MerkleNode(level: 0, index: size, hash: leafHash)]
        var hash = leafHash
        var index = size
        var level = 0
        while index & 1 == 1, let left = hashes.popLast() {
            hash = MerkleHash.node(left, hash)
            index >>= 1
            level += 1
            finished.append(MerkleNode(level: level, index: index, hash: hash))
        }
        hashes.append(hash)
        size += 1
        return finished
    }

    /// `MTH(D[0:size])`: the subtree hashes folded from the right,
    /// `node(h0, node(h1, … node(h(k-1), hk)))`; `SHA-256()` for the empty tree.
    public var root: [UInt8] {
        guard var root = hashes.last else { return MerkleHash.emptyRoot }
        for hash in hashes.dropLast().reversed() {
            root = MerkleHash.node(hash, root)
        }
        return root
    }
}
