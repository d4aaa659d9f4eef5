import UrnaCrypto

/// Pure verifiers of RFC 9162 inclusion and consistency proofs (RFC 9162 §2.1.3.2, §2.1.4.2).
///
/// Every check either returns or throws a ``LedgerError``: `invalid-encoding` for a hash that
/// is not 32 bytes, `invalid-proof` for sizes or proof lengths that cannot fit, and
/// `root-mismatch` (with `.rootMismatch(expected:computed:)`) when the recomputed root differs.
public enum MerkleVerifier {
    /// Checks that `leafHash` (`SHA-256(0x00 ‖ d)`) is leaf `leafIndex` of the tree of
    /// `treeSize` leaves whose root is `root` (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leafHash: [UInt8], leafIndex: UInt64, treeSize: UInt64,
                                       proof: [[UInt8]], root: [UInt8]) throws {
        try checkHash(root, "root")
        let computed = try rootFromInclusion(leafHash: leafHash, leafIndex: leafIndex, treeSize: treeSize, proof: proof)
        guard computed == root else {
            throw LedgerError(.rootMismatch,
                              "inclusion proof of leaf \(leafIndex) in tree \(treeSize) gives root \(computed.hex), expected \(root.hex)",
                              detail: .rootMismatch(expected: root, computed: computed))
        }
    }

    /// The root implied by an inclusion proof (RFC 9162 §2.1.3.2 steps 1–5, without the
    /// final comparison with the root hash).
    public static func rootFromInclusion(leafHash: [UInt8], leafIndex: UInt64, treeSize: UInt64,
                                         proof: [[UInt8]]) throws -> [UInt8] {
        try checkHash(leafHash, "leaf hash")
        for (i, p) in proof.enumerated() { try checkHash(p, "inclusion proof element \(i)") }
        // 1. Compare leaf_index against tree_size. If leaf_index is greater than or equal to
        //    tree_size, then fail the proof verification.
        guard leafIndex < treeSize else {
            throw LedgerError(.invalidProof, "leaf index \(leafIndex) is not below the tree size \(treeSize)")
        }
        // 2. Set fn to leaf_index and sn to tree_size - 1.
        var fn = leafIndex
        var sn = treeSize - 1
        // 3. Set r to hash.
        var r = leafHash
        // 4. For each value p in the inclusion_path array:
        for p in proof {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            guard sn != 0 else {
                throw LedgerError(.invalidProof, "inclusion proof of leaf \(leafIndex) in tree \(treeSize) has too many elements (\(proof.count))")
            }
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if fn & 1 == 1 || fn == sn {
                // i. Set r to HASH(0x01 || p || r).
                r = MerkleHash.node(p, r)
                // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until
                //     either LSB(fn) is set or fn is 0.
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                // Otherwise: i. Set r to HASH(0x01 || r || p).
                r = MerkleHash.node(r, p)
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>= 1
            sn >>= 1
        }
        // 5. Compare sn to 0. (The comparison of r with root_hash is the caller's.)
        guard sn == 0 else {
            throw LedgerError(.invalidProof, "inclusion proof of leaf \(leafIndex) in tree \(treeSize) has too few elements (\(proof.count))")
        }
        return r
    }

    /// Checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of
    /// `newSize` leaves with root `newRoot` (RFC 9162 §2.1.4.2).
    ///
    /// Edge cases: `oldSize == 0` is refused (there is nothing to prove and no root to bind);
    /// `oldSize == newSize` requires an empty proof and equal roots (compared byte for byte,
    /// as transparency-dev/merkle does; no hash is computed in that case).
    public static func verifyConsistency(oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8],
                                         proof: [[UInt8]]) throws {
        guard oldSize > 0 else {
            throw LedgerError(.invalidProof, "consistency from an empty tree is not a proof")
        }
        guard oldSize <= newSize else {
            throw LedgerError(.invalidProof, "old size \(oldSize) exceeds new size \(newSize)")
        }
        if oldSize == newSize {
            guard proof.isEmpty else {
                throw LedgerError(.invalidProof, "consistency between equal sizes \(oldSize) must have an empty proof, has \(proof.count)")
            }
            guard oldRoot == newRoot else {
                throw LedgerError(.rootMismatch, "trees of equal size \(oldSize) have different roots",
                                  detail: .rootMismatch(expected: oldRoot, computed: newRoot))
            }
            return
        }
        try checkHash(oldRoot, "old root")
        try checkHash(newRoot, "new root")
        for (i, c) in proof.enumerated() { try checkHash(c, "consistency proof element \(i)") }
        // 1. If consistency_path is an empty array, stop and fail the proof verification.
        guard !proof.isEmpty else {
            throw LedgerError(.invalidProof, "consistency proof \(oldSize) -> \(newSize) is empty")
        }
        var path = proof
        // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
        if oldSize & (oldSize - 1) == 0 {
            path.insert(oldRoot, at: 0)
        }
        // 3. Set fn to first - 1 and sn to second - 1.
        var fn = oldSize - 1
        var sn = newSize - 1
        // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // 5. Set both fr and sr to the first value in the consistency_path array.
        var fr = path[0]
        var sr = path[0]
        // 6. For each subsequent value c in the consistency_path array:
        for c in path.dropFirst() {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            guard sn != 0 else {
                throw LedgerError(.invalidProof, "consistency proof \(oldSize) -> \(newSize) has too many elements (\(proof.count))")
            }
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if fn & 1 == 1 || fn == sn {
                // i. Set fr to HASH(0x01 || c || fr).
                fr = MerkleHash.node(c, fr)
                // ii. Set sr to HASH(0x01 || c || sr).
                sr = MerkleHash.node(c, sr)
                // iii. If LSB(fn) is not set, then right-shift both fn and sn equally until
                //      either LSB(fn) is set or fn is 0.
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                // Otherwise: i. Set sr to HASH(0x01 || sr || c).
                sr = MerkleHash.node(sr, c)
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>= 1
            sn >>= 1
        }
        // 7. Verify that fr is equal to first_hash, that sr is equal to second_hash, and
        //    that sn is 0.
        guard sn == 0 else {
            throw LedgerError(.invalidProof, "consistency proof \(oldSize) -> \(newSize) has too few elements (\(proof.count))")
        }
        guard fr == oldRoot else {
            throw LedgerError(.rootMismatch, "consistency proof \(oldSize) -> \(newSize) gives old root \(fr.hex), expected \(oldRoot.hex)",
                              detail: .rootMismatch(expected: oldRoot, computed: fr))
        }
        guard sr == newRoot else {
            throw LedgerError(.rootMismatch, "consistency proof \(oldSize) -> \(newSize) gives new root \(sr.hex), expected \(newRoot.hex)",
                              detail: .rootMismatch(expected: newRoot, computed: sr))
        }
    }

    private static func checkHash(_ hash: [UInt8], _ what: String) throws {
        guard hash.count == MerkleHash.size else {
            throw LedgerError(.invalidEncoding, "\(what) has \(hash.count) bytes, expected \(MerkleHash.size)")
        }
    }
}
