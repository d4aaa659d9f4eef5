/// A Merkle tree held in memory with every complete subtree hash, laid out as a store
/// lays them out (`Specs/ledger.md` §3.2). For verifiers that rebuild a ledger's tree
/// to answer proofs, and for tests. Memory is about two hashes per leaf.
public struct InMemoryMerkleTree: MerkleSubtreeReader, Sendable {
    /// `levels[l][i]` is the hash of the complete subtree of `2^l` leaves starting at `i·2^l`.
    public private(set) var levels: [[[UInt8]]] = []
    private var frontier = MerkleFrontier()

    public init() {}

    public var size: UInt64 { frontier.size }
    public var root: [UInt8] { frontier.root }

    /// Appends a leaf hash (`MerkleHash.leaf(d)`).
    public mutating func append(leafHash: [UInt8]) {
        for node in frontier.append(leafHash: leafHash) {
            if levels.count <= node.level { levels.append([]) }
            levels[node.level].append(node.hash)
        }
    }

    public func subtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
        guard level >= 0, level < levels.count, index < UInt64(levels[level].count) else {
            throw LedgerError(.invalidParameter, "no complete subtree at level \(level), index \(index)")
        }
        return levels[level][Int(index)]
    }

    /// A prover over this tree.
    public var prover: MerkleProver<InMemoryMerkleTree> { MerkleProver(reader: self, size: size) }
}
