/// The strict acceptance rules for Ed25519 encodings (`Specs/signatures.md` §1.1).
///
/// RFC 8032 §5.1.7 alone lets a public key or `R` be any curve point, including the eight
/// points of small order. With `A = R = O` (the identity) and `S = 0` the group equation
/// `[S]B = R + [k]A` holds for every message, so a "credential" that nobody holds a key for
/// would sign anything. These rules refuse such encodings before the equation is checked,
/// as libsodium does (`crypto_sign_verify_detached`): canonical `y`, no small-order point,
/// `S < L`. Mixed-order keys (a large-order point plus a torsion point) are not refused:
/// only the holder of the large part's secret can sign under them (§1.1 explains).
enum Ed25519Strict {
    /// Why the 32 bytes are not an acceptable point encoding (`A` or `R`), or nil:
    /// `y ≥ p` (RFC 8032 §5.1.3 step 1), or a point of small order.
    static func encodingProblem(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 32 else { return "is \(bytes.count) bytes, expected 32" }
        guard isCanonicalY(bytes) else { return "is not canonical (y ≥ p)" }
        guard !hasSmallOrder(bytes) else { return "is a point of small order" }
        return nil
    }

    /// RFC 8032 §5.1.3 step 1: the low 255 bits, little-endian, are `y`, which must be
    /// below `p = 2^255 − 19`. `y ≥ p` only when bytes 1…30 are 0xff, byte 31 is 0x7f or
    /// 0xff (top bit is the sign of `x`) and byte 0 is at least 0xed.
    static func isCanonicalY(_ bytes: [UInt8]) -> Bool {
        guard bytes[31] & 0x7f == 0x7f, bytes[1...30].allSatisfy({ $0 == 0xff }) else { return true }
        return bytes[0] < 0xed
    }

    /// True when the encoding's `y` is that of one of the eight torsion points, whatever
    /// the sign bit: `y` = 1 (order 1), `p − 1` (order 2), 0 (order 4) or one of the two
    /// `y` of the order-8 points. Setting the sign bit with `x = 0` (y = 1 or p − 1) is
    /// itself non-canonical (RFC 8032 §5.1.3 step 4), so both signs are refused. The
    /// non-canonical aliases `y = p` and `y = p + 1` fail ``isCanonicalY(_:)``.
    static func hasSmallOrder(_ bytes: [UInt8]) -> Bool {
        var y = bytes
        y[31] &= 0x7f
        return smallOrderY.contains(y)
    }

    /// The `y` encodings (sign bit clear) of the eight points of small order.
    static let smallOrderY: [[UInt8]] = [
        // y = 0: the two points of order 4, x = ±√−1.
        [UInt8](repeating: 0, count: 32),
        // y = 1: the identity O (x = 0).
        [0x01] + [UInt8](repeating: 0, count: 31),
        // y = p − 1: the point of order 2 (x = 0).
        [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f],
        // The order-8 points: y₈ and p − y₈, each with x of either sign.
        hexBytes("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        hexBytes("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    ]

    /// RFC 8032 §5.1.7 step 1: `S` (little-endian, bytes 32…63 of the signature) must be
    /// below `L = 2^252 + 27742317777372353535851937790883648493`.
    static func isCanonicalS(_ s: ArraySlice<UInt8>) -> Bool {
        let bytes = Array(s)
        guard bytes.count == 32 else { return false }
        // Compare from the most significant byte down.
        for index in stride(from: 31, through: 0, by: -1) where bytes[index] != groupOrder[index] {
            return bytes[index] < groupOrder[index]
        }
        return false // S == L
    }

    /// L, little-endian.
    static let groupOrder: [UInt8] = hexBytes("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")

    /// Why a 64-byte signature `R ‖ S` is refused before the group equation, or nil.
    static func signatureProblem(_ signature: [UInt8]) -> String? {
        guard signature.count == 64 else { return "signature is \(signature.count) bytes, expected 64" }
        if let problem = encodingProblem(Array(signature[0..<32])) { return "R \(problem)" }
        guard isCanonicalS(signature[32..<64]) else { return "S is not below the group order L" }
        return nil
    }

    private static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(nibble(digits[index]) << 4 | nibble(digits[index + 1]))
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "a") + 10
    }
}
