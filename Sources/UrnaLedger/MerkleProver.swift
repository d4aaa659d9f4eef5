/// A source of stored complete-subtree hashes (`Specs/ledger.md` §3.2).
///
/// `subtreeHash(level:index:)` returns the hash of the complete subtree of `2^level`
/// leaves starting at leaf `index·2^level`; level 0 is the leaf hash
/// `SHA-256(0x00 ‖ entry hash)`. A store implements it with one indexed read, so that
/// ``MerkleProver`` builds tree heads and proofs from O(log n) reads and never rehashes
/// the ledger.
public protocol MerkleSubtreeReader {
    func subtreeHash(level: Int, index: UInt64) throws -> [UInt8]
}

extension MerkleSubtreeReader {
    /// ``subtreeHash(level:index:)`` with its length checked.
    func checkedSubtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
        let hash = try subtreeHash(level: level, index: index)
        guard hash.count == MerkleHash.size else {
            throw LedgerError(.invalidEncoding, "stored subtree hash (level \(level), index \(index)) has \(hash.count) bytes")
        }
        return hash
    }
}

/// Builds RFC 9162 tree heads, inclusion proofs and consistency proofs from stored
/// complete-subtree hashes (RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1).
///
/// The RFC defines `PATH` and `SUBPROOF` recursively over ranges `D[a:b]`. Every range the
/// recursion visits is either a complete aligned subtree (one read) or a right-edge range
/// `D[a:b]` whose hash is the right fold of the complete subtrees in the binary
/// decomposition of `b - a` (at most log n reads, needed at most once per proof). So each
/// proof costs O(log n) reads and O(log n) hashes.
public struct MerkleProver<Reader: MerkleSubtreeReader> {
    public let reader: Reader
    /// The size of the tree the reader holds; proofs may be asked for any tree size up to it.
    public let size: UInt64

    public init(reader: Reader, size: UInt64) {
        self.reader = reader
        self.size = size
    }

    /// `MTH(D[0:treeSize])`, RFC 9162 §2.1.1.
    public func root(treeSize: UInt64) throws -> [UInt8] {
        guard treeSize <= size else {
            throw LedgerError(.invalidParameter, "tree size \(treeSize) exceeds the ledger size \(size)")
        }
        if treeSize == 0 { return MerkleHash.emptyRoot }
        return try rangeHash(0, treeSize)
    }

    /// The inclusion proof `PATH(m, D[0:n])` of leaf `leafIndex` in the tree of `treeSize`
    /// leaves, ordered from the leaf upwards (RFC 9162 §2.1.3.1).
    public func inclusionProof(leafIndex m: UInt64, treeSize n: UInt64) throws -> [[UInt8]] {
        guard n <= size else {
            throw LedgerError(.invalidParameter, "tree size \(n) exceeds the ledger size \(size)")
        }
        guard m < n else {
            throw LedgerError(.invalidParameter, "leaf index \(m) is not below the tree size \(n)")
        }
        // PATH(m, D[a:b]) for b - a > 1, with k the largest power of two smaller than b - a:
        //   PATH(m, D[a:a+k]) : MTH(D[a+k:b])   if m < a + k,
        //   PATH(m, D[a+k:b]) : MTH(D[a:a+k])   otherwise;
        // PATH(m, D[a:a+1]) = {}. Siblings are collected top-down and returned bottom-up.
        var siblings: [[UInt8]] = []
        var a: UInt64 = 0
        var b = n
        while b - a > 1 {
            let k = Self.largestPowerOfTwo(below: b - a)
            if m < a + k {
                siblings.append(try rangeHash(a + k, b))
                b = a + k
            } else {
                siblings.append(try rangeHash(a, a + k))
                a += k
            }
        }
        return siblings.reversed()
    }

    /// The consistency proof `PROOF(m, D[0:n])` between the trees of `oldSize` and `newSize`
    /// leaves (RFC 9162 §2.1.4.1). Empty when the sizes are equal.
    public func consistencyProof(oldSize m: UInt64, newSize n: UInt64) throws -> [[UInt8]] {
        guard n <= size else {
            throw LedgerError(.invalidParameter, "tree size \(n) exceeds the ledger size \(size)")
        }
        guard m > 0, m <= n else {
            throw LedgerError(.invalidParameter, "consistency needs 0 < old size <= new size, got \(m) and \(n)")
        }
        // PROOF(m, D[n]) = SUBPROOF(m, D[n], true), where
        //   SUBPROOF(m, D[m], true) = {};  SUBPROOF(m, D[m], false) = {MTH(D[m])};
        //   for m < n, k the largest power of two smaller than n:
        //     SUBPROOF(m, D[0:k], b) : MTH(D[k:n])        if m <= k,
        //     SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) if m > k.
        // The ranges are kept absolute ([a, b) with m fixed); nodes are collected top-down.
        var nodes: [[UInt8]] = []
        var a: UInt64 = 0
        var b = n
        var flag = true
        while true {
            if m == b {
                if !flag { nodes.append(try rangeHash(a, b)) }
                break
            }
            let k = Self.largestPowerOfTwo(below: b - a)
            if m - a <= k {
                nodes.append(try rangeHash(a + k, b))
                b = a + k
            } else {
                nodes.append(try rangeHash(a, a + k))
                a += k
                flag = false
            }
        }
        return nodes.reversed()
    }

    /// `MTH(D[a:b])` for a range that starts on a boundary of its largest power-of-two part
    /// (every range the RFC recursion visits does): the right fold of the complete subtrees
    /// in the binary decomposition of `b - a`, one read each.
    func rangeHash(_ a: UInt64, _ b: UInt64) throws -> [UInt8] {
        var parts: [[UInt8]] = []
        var start = a
        while start < b {
            let remaining = b - start
            let level = 63 - remaining.leadingZeroBitCount
            let width: UInt64 = 1 << UInt64(level)
            guard start % width == 0 else {
                throw LedgerError(.invalidParameter, "range [\(a), \(b)) is not aligned to its subtrees")
            }
            parts.append(try reader.checkedSubtreeHash(level: level, index: start >> UInt64(level)))
            start += width
        }
        guard var hash = parts.popLast() else { return MerkleHash.emptyRoot }
        while let left = parts.popLast() {
            hash = MerkleHash.node(left, hash)
        }
        return hash
    }

    /// The largest power of two strictly smaller than `n` (`n >= 2`).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        1 << UInt64(63 - (n - 1).leadingZeroBitCount)
    }
}
