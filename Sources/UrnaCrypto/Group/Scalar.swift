import UrnaCryptoBackend

/// An integer modulo the P-256 group order `q` (`Specs/crypto.md` §1.2).
///
/// Encoded as 32 bytes big-endian; decoding refuses values ≥ q. Arithmetic is
/// pure Swift Montgomery multiplication (see `Scalar+Montgomery.swift`): it does
/// not allocate and cannot fail.
public struct Scalar: Sendable, Hashable, CustomStringConvertible {
    /// Little-endian 64-bit limbs of the canonical value (< q).
    @usableFromInline let l0, l1, l2, l3: UInt64

    @inlinable init(limbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3
    }

    public static let zero = Scalar(limbs: 0, 0, 0, 0)
    public static let one = Scalar(limbs: 1, 0, 0, 0)

    /// The group order q as 32 big-endian bytes.
    public static let orderBytes: [UInt8] = Scalar.limbsToBytes(Montgomery.q)

    /// A small non-negative integer.
    public init(_ value: UInt64) {
        self.init(limbs: value, 0, 0, 0)
    }

    /// A signed integer, reduced mod q (negative values wrap to q − |value|).
    public init(signed value: Int) {
        let magnitude = Scalar(UInt64(value.magnitude))
        self = value < 0 ? -magnitude : magnitude
    }

    /// Decodes exactly 32 big-endian bytes; refuses a value ≥ q.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else {
            throw CryptoError(.invalidScalar, "a scalar is 32 bytes, got \(bytes.count)")
        }
        let limbs = Scalar.bytesToLimbs(bytes)
        guard Montgomery.lessThanQ(limbs) else {
            throw CryptoError(.invalidScalar, "scalar is not below the group order q")
        }
        self.init(limbs: limbs[0], limbs[1], limbs[2], limbs[3])
    }

    /// Decodes 64 lowercase hex characters; refuses a value ≥ q.
    public init(hex: String) throws {
        try self.init(bytes: Hex.decode(hex))
    }

    /// Reduces a big-endian integer of any length modulo q (hash outputs, test vectors).
    public init(reducing bytes: [UInt8]) {
        var acc = Scalar.zero
        // Horner's rule over 64-bit words: acc = acc · 2^64 + word (mod q).
        let padded = [UInt8](repeating: 0, count: (8 - bytes.count % 8) % 8) + bytes
        var offset = 0
        while offset < padded.count {
            var word: UInt64 = 0
            for byte in padded[offset..<offset + 8] { word = word << 8 | UInt64(byte) }
            acc = acc * Montgomery.twoTo64 + Scalar(reducingWord: word)
            offset += 8
        }
        self = acc
    }

    /// A 64-bit word reduced mod q (any word is already below q).
    init(reducingWord word: UInt64) { self.init(limbs: word, 0, 0, 0) }

    /// Uniform in `[1, q)` by rejection sampling from `RAND_bytes`.
    public static func random() throws -> Scalar {
        for _ in 0..<128 {
            let candidate = try SecureRandom.bytes(32)
            let limbs = bytesToLimbs(candidate)
            if Montgomery.lessThanQ(limbs), limbs != [0, 0, 0, 0] {
                return Scalar(limbs: limbs[0], limbs[1], limbs[2], limbs[3])
            }
        }
        throw CryptoError(.randomFailure, "random scalar sampling did not terminate")
    }

    /// Uniform in `[1, 2^128)`: a batch-verification weight.
    public static func randomWeight() throws -> Scalar {
        try randomWeights(count: 1)[0]
    }

    /// `count` independent weights uniform in `[1, 2^128)`, from one `RAND_bytes` call.
    public static func randomWeights(count: Int) throws -> [Scalar] {
        var weights: [Scalar] = []
        weights.reserveCapacity(count)
        while weights.count < count {
            let bytes = try SecureRandom.bytes(16 * (count - weights.count))
            for offset in stride(from: 0, to: bytes.count, by: 16) {
                var low: UInt64 = 0, high: UInt64 = 0
                for index in 0..<8 {
                    high = high << 8 | UInt64(bytes[offset + index])
                    low = low << 8 | UInt64(bytes[offset + 8 + index])
                }
                if low | high != 0 { weights.append(Scalar(limbs: low, high, 0, 0)) }
            }
        }
        return weights
    }

    /// 32 bytes big-endian.
    public var bytes: [UInt8] { Scalar.limbsToBytes([l0, l1, l2, l3]) }
    public var hex: String { bytes.hex }
    public var description: String { hex }
    public var isZero: Bool { l0 | l1 | l2 | l3 == 0 }

    /// The value as a small integer when it is below 2^63, else nil.
    public var smallValue: Int? {
        guard l1 | l2 | l3 == 0, l0 <= UInt64(Int.max) else { return nil }
        return Int(l0)
    }

    static func bytesToLimbs(_ bytes: [UInt8]) -> [UInt64] {
        var limbs = [UInt64](repeating: 0, count: 4)
        for (index, byte) in bytes.enumerated() {
            let position = 31 - index
            limbs[position / 8] |= UInt64(byte) << (8 * UInt64(position % 8))
        }
        return limbs
    }

    static func limbsToBytes(_ limbs: [UInt64]) -> [UInt8] {
        (0..<32).map { index in
            let position = 31 - index
            return UInt8(truncatingIfNeeded: limbs[position / 8] >> (8 * UInt64(position % 8)))
        }
    }
}

extension CryptoError.Code {
    /// A scalar that is not 32 bytes or not below the group order.
    public static let invalidScalar = Self(rawValue: "invalid-scalar")
}
