/// Domain-separated hashing, `Specs/crypto.md` §2.
///
/// `H(tag, x1, …, xn) = SHA-256(len(tag) ‖ tag ‖ len(x1) ‖ x1 ‖ … ‖ len(xn) ‖ xn)`
/// where `len` is a 4-byte big-endian length and `tag` is ASCII `urna/v1/<purpose>`.
public enum DomainHash {
    /// The length-prefixed encoding `len(tag) ‖ tag ‖ len(x1) ‖ x1 ‖ …` that `H` hashes.
    /// The RFC 9474 token message uses the same encoding (`Specs/crypto.md` §2).
    public static func encode(tag: String, _ parts: [[UInt8]]) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4 + tag.utf8.count + parts.reduce(0) { $0 + 4 + $1.count })
        appendPrefixed(Array(tag.utf8), to: &buffer)
        for part in parts { appendPrefixed(part, to: &buffer) }
        return buffer
    }

    /// `H(tag, parts…)`: 32 bytes.
    public static func hash(tag: String, _ parts: [[UInt8]]) -> [UInt8] {
        SHA256.hash(encode(tag: tag, parts))
    }

    /// Appends `len(x) ‖ x` with a 4-byte big-endian length.
    public static func appendPrefixed(_ part: [UInt8], to buffer: inout [UInt8]) {
        let n = UInt32(truncatingIfNeeded: part.count)
        buffer.append(contentsOf: [UInt8(n >> 24), UInt8((n >> 16) & 0xff), UInt8((n >> 8) & 0xff), UInt8(n & 0xff)])
        buffer.append(contentsOf: part)
    }

    /// Big-endian 8-byte encoding of an unsigned integer (sequence numbers, times, indices).
    public static func uint64(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    /// Big-endian 4-byte encoding.
    public static func uint32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32($0))) }
    }
}
