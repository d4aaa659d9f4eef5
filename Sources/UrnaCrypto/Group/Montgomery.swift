/// Montgomery arithmetic modulo the P-256 order q with R = 2^256 (CIOS method).
enum Montgomery {
    /// q, little-endian limbs.
    static let q: [UInt64] = [0xf3b9_cac2_fc63_2551, 0xbce6_faad_a717_9e84, 0xffff_ffff_ffff_ffff, 0xffff_ffff_0000_0000]

    /// −q⁻¹ mod 2^64, by Newton iteration (each step doubles the correct bits).
    static let qInv: UInt64 = {
        var inverse: UInt64 = 1
        for _ in 0..<6 { inverse = inverse &* (2 &- q[0] &* inverse) }
        return 0 &- inverse
    }()

    /// R mod q = 2^256 − q (q > 2^255).
    static let rModQ: [UInt64] = {
        var borrow: UInt64 = 0
        return (0..<4).map { subBorrow(0, q[$0], &borrow) }
    }()

    /// R² mod q, by doubling R mod q 256 times.
    static let r2: [UInt64] = {
        var value = rModQ
        for _ in 0..<256 {
            var carry: UInt64 = 0
            let doubled = (0..<4).map { addCarry(value[$0], value[$0], &carry) }
            let reduced = reduceOnce(doubled, carry: carry)
            value = [reduced.l0, reduced.l1, reduced.l2, reduced.l3]
        }
        return value
    }()

    static let qMinus2: [UInt64] = [q[0] - 2, q[1], q[2], q[3]]

    /// 2^64 as a scalar.
    static let twoTo64 = Scalar(limbs: 0, 1, 0, 0)

    @inline(__always)
    static func addCarry(_ a: UInt64, _ b: UInt64, _ carry: inout UInt64) -> UInt64 {
        let (s1, o1) = a.addingReportingOverflow(b)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        return s2
    }

    @inline(__always)
    static func subBorrow(_ a: UInt64, _ b: UInt64, _ borrow: inout UInt64) -> UInt64 {
        let (d1, o1) = a.subtractingReportingOverflow(b)
        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
        borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        return d2
    }

    /// `acc + x·y + carry` as (high, low); cannot overflow 128 bits.
    @inline(__always)
    static func mulAdd(_ acc: UInt64, _ x: UInt64, _ y: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let (high, low) = x.multipliedFullWidth(by: y)
        var h = high
        let (l1, o1) = low.addingReportingOverflow(acc)
        if o1 { h &+= 1 }
        let (l2, o2) = l1.addingReportingOverflow(carry)
        if o2 { h &+= 1 }
        return (h, l2)
    }

    static func lessThanQ(_ limbs: [UInt64]) -> Bool {
        var borrow: UInt64 = 0
        for index in 0..<4 { _ = subBorrow(limbs[index], q[index], &borrow) }
        return borrow == 1
    }

    /// Given a value v = carry·2^256 + limbs < 2q, returns v mod q without branching on v.
    static func reduceOnce(_ limbs: [UInt64], carry: UInt64) -> Scalar {
        var borrow: UInt64 = 0
        let d0 = subBorrow(limbs[0], q[0], &borrow)
        let d1 = subBorrow(limbs[1], q[1], &borrow)
        let d2 = subBorrow(limbs[2], q[2], &borrow)
        let d3 = subBorrow(limbs[3], q[3], &borrow)
        // Keep the difference unless it borrowed past the carry word.
        let keepOriginal = borrow & ~carry & 1
        let mask = 0 &- keepOriginal
        return Scalar(
            limbs: (limbs[0] & mask) | (d0 & ~mask), (limbs[1] & mask) | (d1 & ~mask),
            (limbs[2] & mask) | (d2 & ~mask), (limbs[3] & mask) | (d3 & ~mask))
    }

    /// a·b·R⁻¹ mod q for a, b < q (coarsely integrated operand scanning).
    static func montMul(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var t = [UInt64](repeating: 0, count: 6)
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                (carry, t[j]) = mulAdd(t[j], a[j], b[i], carry)
            }
            var c2: UInt64 = 0
            t[4] = addCarry(t[4], carry, &c2)
            t[5] = c2
            let m = t[0] &* qInv
            (carry, _) = mulAdd(t[0], m, q[0], 0)
            for j in 1..<4 {
                (carry, t[j - 1]) = mulAdd(t[j], m, q[j], carry)
            }
            var c3: UInt64 = 0
            t[3] = addCarry(t[4], carry, &c3)
            t[4] = t[5] &+ c3
        }
        let reduced = reduceOnce([t[0], t[1], t[2], t[3]], carry: t[4])
        return [reduced.l0, reduced.l1, reduced.l2, reduced.l3]
    }
}
