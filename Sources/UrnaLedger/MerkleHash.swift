import UrnaCrypto

/// The hashes of the RFC 9162 Merkle Tree (RFC 9162 §2.1.1), with SHA-256.
///
/// - the hash of an empty list is `SHA-256()` (the hash of the empty string);
/// - the hash of a list with one entry (a leaf) is `SHA-256(0x00 ‖ d(0))`;
/// - an interior node is `SHA-256(0x01 ‖ MTH(left) ‖ MTH(right))`.
///
/// In the Urna ledger the leaf input `d(i)` is the 32-byte hash of entry `i`.
public enum MerkleHash {
    /// Length of every Merkle hash.
    public static let size = 32

    /// `MTH({}) = SHA-256()`.
    public static let emptyRoot: [UInt8] = SHA256.hash([])

    /// `MTH({d(0)}) = SHA-256(0x00 ‖ d(0))`.
    public static func leaf(_ data: [UInt8]) -> [UInt8] {
        var input = [UInt8]()
        input.reserveCapacity(1 + data.count)
        input.append(0x00)
        input.append(contentsOf: data)
        return SHA256.hash(input)
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var input = [UInt8]()
        input.reserveCapacity(1 + left.count + right.count)
        input.append(0x01)
        input.append(contentsOf: left)
        input.append(contentsOf: right)
        return SHA256.hash(input)
    }
}
