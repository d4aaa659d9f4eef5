import Testing
import UrnaCrypto
import UrnaLedger
@testable import UrnaLedgerStore

/// The RFC 9162 §2.1 definitions written recursively as the RFC states them (a copy of the
/// one in UrnaLedgerTests, so that this target checks the SQLite store on its own).
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

/// The proofs the SQLite store builds from its stored nodes, for every tree size up to 300,
/// equal the naive RFC recursion and verify.
@Suite struct StoreProofTests {
    static let maxSize = 300

    @Test func storedProofsMatchNaiveRFCForAllSizesUpTo300() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = try LedgerStore.open(path: dir.dbPath, origin: "urna.test/proofs", configuration: configuration())
        defer { store.close() }
        let entries = try await appendNumbered(store, count: Self.maxSize, batch: 37)
        let naive = NaiveRFCMerkle(leafInputs: entries.map(\.hash))
        var roots: [[UInt8]] = []
        for n in 0...Self.maxSize {
            let root = try store.rootHash(treeSize: UInt64(n))
            #expect(root == naive.mth(0, n), "root of size \(n)")
            roots.append(root)
        }
        var checked = 0
        for n in 1...Self.maxSize {
            for m in 0..<n {
                let proof = try store.inclusionProof(seq: UInt64(m), treeSize: UInt64(n))
                guard proof == naive.path(m, 0, n) else {
                    Issue.record("stored inclusion proof of \(m) in \(n) differs from the RFC")
                    continue
                }
                try MerkleVerifier.verifyInclusion(leafHash: entries[m].leafHash, leafIndex: UInt64(m),
                                                   treeSize: UInt64(n), proof: proof, root: roots[n])
                checked += 1
            }
            for m in 1...n {
                let proof = try store.consistencyProof(oldSize: UInt64(m), newSize: UInt64(n))
                guard proof == naive.proof(m, n) else {
                    Issue.record("stored consistency proof \(m) -> \(n) differs from the RFC")
                    continue
                }
                try MerkleVerifier.verifyConsistency(oldSize: UInt64(m), newSize: UInt64(n), oldRoot: roots[m],
                                                     newRoot: roots[n], proof: proof)
                checked += 1
            }
        }
        #expect(checked == Self.maxSize * (Self.maxSize + 1))
        #expect(throws: LedgerError.self) { try store.inclusionProof(seq: 300, treeSize: 300) }
        #expect(throws: LedgerError.self) { try store.consistencyProof(oldSize: 1, newSize: 301) }
    }
}
