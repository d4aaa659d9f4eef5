/// Field arithmetic modulo q. All operations are branch-free in the values.
extension Scalar {
    public static func + (a: Scalar, b: Scalar) -> Scalar {
        var carry: UInt64 = 0
        let s0 = Montgomery.addCarry(a.l0, b.l0, &carry)
        let s1 = Montgomery.addCarry(a.l1, b.l1, &carry)
        let s2 = Montgomery.addCarry(a.l2, b.l2, &carry)
        let s3 = Montgomery.addCarry(a.l3, b.l3, &carry)
        return Montgomery.reduceOnce([s0, s1, s2, s3], carry: carry)
    }

    public static prefix func - (a: Scalar) -> Scalar {
        // (q − a) mod q: for a = 0 this yields q, which reduceOnce maps to 0.
        let q = Montgomery.q
        var borrow: UInt64 = 0
        let d0 = Montgomery.subBorrow(q[0], a.l0, &borrow)
        let d1 = Montgomery.subBorrow(q[1], a.l1, &borrow)
        let d2 = Montgomery.subBorrow(q[2], a.l2, &borrow)
        let d3 = Montgomery.subBorrow(q[3], a.l3, &borrow)
        return Montgomery.reduceOnce([d0, d1, d2, d3], carry: 0)
    }

    public static func - (a: Scalar, b: Scalar) -> Scalar { a + (-b) }

    public static func * (a: Scalar, b: Scalar) -> Scalar {
        // montMul(a, b) = a·b·R⁻¹; multiplying by R² and reducing again gives a·b.
        let ab = Montgomery.montMul([a.l0, a.l1, a.l2, a.l3], [b.l0, b.l1, b.l2, b.l3])
        let r = Montgomery.montMul(ab, Montgomery.r2)
        return Scalar(limbs: r[0], r[1], r[2], r[3])
    }

    public static func += (a: inout Scalar, b: Scalar) { a = a + b }
    public static func -= (a: inout Scalar, b: Scalar) { a = a - b }
    public static func *= (a: inout Scalar, b: Scalar) { a = a * b }

    /// The multiplicative inverse, by Fermat: a^(q−2). Zero has none.
    public func inverse() throws -> Scalar {
        guard !isZero else { throw CryptoError(.invalidScalar, "zero has no inverse modulo q") }
        return power(Montgomery.qMinus2)
    }

    /// `self^exponent` for a public exponent given as little-endian limbs.
    func power(_ exponent: [UInt64]) -> Scalar {
        let base = Montgomery.montMul([l0, l1, l2, l3], Montgomery.r2)   // to Montgomery form
        var acc = Montgomery.rModQ                                       // 1 in Montgomery form
        for limb in exponent.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = Montgomery.montMul(acc, acc)
                if (limb >> UInt64(bit)) & 1 == 1 { acc = Montgomery.montMul(acc, base) }
            }
        }
        let out = Montgomery.montMul(acc, [1, 0, 0, 0])                  // out of Montgomery form
        return Scalar(limbs: out[0], out[1], out[2], out[3])
    }
}
