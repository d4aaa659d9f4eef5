import UrnaCryptoBackend

/// Curve membership of an encoded edwards25519 point (RFC 8032 §5.1.3), with OpenSSL
/// big numbers. Used once per public key; verification itself stays in OpenSSL.
enum Ed25519Curve {
    /// True when the canonical encoding `bytes` decodes to a point of
    /// `−x² + y² = 1 + d·x²·y²` (RFC 8032 §5.1.3 steps 2–4). The caller has checked `y < p`.
    static func isOnCurve(_ bytes: [UInt8]) throws -> Bool {
        let context = try BigNumContext()
        let p = try BigNum(bytes: [0x7f] + [UInt8](repeating: 0xff, count: 30) + [0xed])
        let one = try BigNum(1)
        // Step 1: y is the little-endian value of the low 255 bits; x₀ is the top bit.
        var yBytes = bytes
        let signBit = yBytes[31] >> 7
        yBytes[31] &= 0x7f
        let y = try BigNum(bytes: yBytes.reversed())
        let d = try BigNum(bytes: curveD)
        // Step 2: x² = (y² − 1) / (d·y² + 1). The denominator is never 0 (d is not a square).
        let y2 = try y.modMul(y, p, context)
        let u = try y2.modSub(one, p, context)
        let v = try d.modMul(y2, p, context).modAdd(one, p, context)
        guard let vInverse = try v.modInverse(p, context) else { return false }
        let x2 = try u.modMul(vInverse, p, context)
        // Step 4: x = 0 with x₀ = 1 is refused.
        if x2.isZero { return signBit == 0 }
        // Step 3: x² must be a square mod p (Euler's criterion: x²^((p−1)/2) = 1).
        let half = try BigNum(bytes: [0x3f] + [UInt8](repeating: 0xff, count: 30) + [0xf6])
        return try x2.modExp(half, p, context).isOne
    }

    /// d = −121665/121666 mod p (RFC 8032 §5.1), big-endian.
    static let curveD: [UInt8] = [
        0x52, 0x03, 0x6c, 0xee, 0x2b, 0x6f, 0xfe, 0x73, 0x8c, 0xc7, 0x40, 0x79, 0x77, 0x79, 0xe8, 0x98,
        0x00, 0x70, 0x0a, 0x4d, 0x41, 0x41, 0xd8, 0xab, 0x75, 0xeb, 0x4d, 0xca, 0x13, 0x59, 0x78, 0xa3,
    ]
}
