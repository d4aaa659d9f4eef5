import Testing
import UrnaCrypto
@testable import UrnaLedger

/// The RFC 9162 §2.1 definitions (MTH, PATH, PROOF/SUBPROOF), written recursively exactly as
/// the RFC states them, over an explicit list of leaf inputs. MTH of a range is memoised
/// (the same range always has the same hash), which keeps the recursion itself untouched.
final class NaiveRFCMerkle {
    let leafInputs: [[UInt8]]
    private var memo: [Int: [UInt8]] = [:]

    init(leafInputs: [[UInt8]]) { self.leafInputs = leafInputs }

    /// MTH(D[a:b]).
    func mth(_ a: Int, _ b: Int) -> [UInt8] {
        let key = a << 32 | b
        if let hash = memo[key] { return hash }
        let n = b - a
        let hash: [UInt8]
        if n == 0 {
            hash = SHA256.hash([])
        } else if n == 1 {
            hash = SHA256.hash([0x00] + leafInputs[a])
        } else {
            let k = Self.k(n)
            hash = SHA256.hash([0x01] + mth(a, a + k) + mth(a + k, b))
        }
        memo[key] = hash
        return hash
    }

    /// The largest power of two smaller than n.
    static func k(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// PATH(m, D[a:b]).
    func path(_ m: Int, _ a: Int, _ b: Int) -> [[UInt8]] {
        let n = b - a
        if n == 1 { return [] }
        let k = Self.k(n)
        if m - a < k {
            return path(m, a, a + k) + [mth(a + k, b)]
        } else {
            return path(m, a + k, b) + [mth(a, a + k)]
        }
    }

    /// PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true).
    func proof(_ m: Int, _ n: Int) -> [[UInt8]] { subproof(m, 0, n, true) }

    /// SUBPROOF(m, D[a:b], flag), with m relative to a.
    func subproof(_ m: Int, _ a: Int, _ b: Int, _ flag: Bool) -> [[UInt8]] {
        let n = b - a
        if m == n { return flag ? [] : [mth(a, b)] }
        let k = Self.k(n)
        if m <= k {
            return subproof(m, a, a + k, flag) + [mth(a + k, b)]
        } else {
            return subproof(m - k, a + k, b, false) + [mth(a, a + k)]
        }
    }
}

@Suite struct MerkleCrossCheckTests {
    static let maxSize = 300

    /// Every tree size 0...300: the stored-tree root, every inclusion proof and every
    /// consistency proof equal the naive RFC recursion, and verify.
    @Test func storedTreeProofsMatchNaiveRFC() throws {
        let inputs = (0..<Self.maxSize).map { i in SHA256.hash(DomainHash.uint64(UInt64(i))) }
        let naive = NaiveRFCMerkle(leafInputs: inputs)
        var tree = InMemoryMerkleTree()
        for input in inputs { tree.append(leafHash: MerkleHash.leaf(input)) }
        let prover = tree.prover
        var roots: [[UInt8]] = []
        for n in 0...Self.maxSize {
            let root = try prover.root(treeSize: UInt64(n))
            #expect(root == naive.mth(0, n), "root of size \(n)")
            roots.append(root)
        }
        var checked = 0
        for n in 1...Self.maxSize {
            for m in 0..<n {
                let proof = try prover.inclusionProof(leafIndex: UInt64(m), treeSize: UInt64(n))
                guard proof == naive.path(m, 0, n) else {
                    Issue.record("inclusion proof of \(m) in \(n) differs from the RFC")
                    continue
                }
                try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(inputs[m]), leafIndex: UInt64(m),
                                                   treeSize: UInt64(n), proof: proof, root: roots[n])
                checked += 1
            }
            for m in 1...n {
                let proof = try prover.consistencyProof(oldSize: UInt64(m), newSize: UInt64(n))
                guard proof == naive.proof(m, n) else {
                    Issue.record("consistency proof \(m) -> \(n) differs from the RFC")
                    continue
                }
                try MerkleVerifier.verifyConsistency(oldSize: UInt64(m), newSize: UInt64(n), oldRoot: roots[m],
                                                     newRoot: roots[n], proof: proof)
                checked += 1
            }
        }
        #expect(checked == Self.maxSize * (Self.maxSize + 1))
    }

    /// Proofs read O(log n) stored hashes.
    @Test func proofsReadLogarithmicallyManyNodes() throws {
        final class CountingReader: MerkleSubtreeReader {
            let tree: InMemoryMerkleTree
            var reads = 0
            init(tree: InMemoryMerkleTree) { self.tree = tree }
            func subtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
                reads += 1
                return try tree.subtreeHash(level: level, index: index)
            }
        }
        var tree = InMemoryMerkleTree()
        for i in 0..<5000 { tree.append(leafHash: MerkleHash.leaf(DomainHash.uint64(UInt64(i)))) }
        let reader = CountingReader(tree: tree)
        let prover = MerkleProver(reader: reader, size: tree.size)
        for (m, n) in [(0, 5000), (4999, 5000), (1234, 4097), (2047, 2049)] as [(UInt64, UInt64)] {
            reader.reads = 0
            _ = try prover.inclusionProof(leafIndex: m, treeSize: n)
            #expect(reader.reads <= 2 * 13, "inclusion \(m) in \(n) read \(reader.reads) nodes")
            reader.reads = 0
            _ = try prover.consistencyProof(oldSize: m + 1, newSize: n)
            #expect(reader.reads <= 2 * 13, "consistency \(m + 1) -> \(n) read \(reader.reads) nodes")
        }
    }
}
