/// P-256 field and order arithmetic in pure Swift, Montgomery form,
/// four little-endian 64-bit limbs, no allocation.
///
/// NOT constant time: branches and table lookups depend on the values. It is meant only for
/// verification, where every input is public (points and scalars of a published record).
/// Never use it with a secret (a nonce, a key, a share).
package struct P256Limbs: Sendable, Equatable {
    package var l0, l1, l2, l3: UInt64

    @inline(__always)
    package init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3
    }

    package static let zero = P256Limbs(0, 0, 0, 0)

    @inline(__always) package var isZero: Bool { l0 | l1 | l2 | l3 == 0 }

    /// 32 big-endian bytes (no range check).
    package init<C: Collection>(bigEndian bytes: C) where C.Element == UInt8, C.Index == Int {
        precondition(bytes.count == 32)
        var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var index = bytes.startIndex
        for word in 0..<4 {
            var value: UInt64 = 0
            for _ in 0..<8 { value = value << 8 | UInt64(bytes[index]); index += 1 }
            switch word {
            case 0: limbs.3 = value
            case 1: limbs.2 = value
            case 2: limbs.1 = value
            default: limbs.0 = value
            }
        }
        self.init(limbs.0, limbs.1, limbs.2, limbs.3)
    }

    package var bigEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for (word, value) in [l3, l2, l1, l0].enumerated() {
            for byte in 0..<8 { out[word * 8 + byte] = UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64(byte))) }
        }
        return out
    }

    /// Bit `index` (0 = least significant).
    @inline(__always)
    package func bits(at index: Int, count: Int) -> UInt64 {
        // Up to 16 bits starting at index; may straddle two limbs.
        let limb = index >> 6, shift = UInt64(index & 63)
        let low = self[limb] >> shift
        let high: UInt64 = (shift != 0 && limb < 3) ? self[limb + 1] << (64 - shift) : 0
        return (low | high) & ((1 << UInt64(count)) - 1)
    }

    @inline(__always)
    package subscript(_ index: Int) -> UInt64 {
        switch index {
        case 0: return l0
        case 1: return l1
        case 2: return l2
        case 3: return l3
        default: return 0
        }
    }

    /// a < b as integers.
    @inline(__always)
    package static func lessThan(_ a: P256Limbs, _ b: P256Limbs) -> Bool {
        var borrow: UInt64 = 0
        _ = sbb(a.l0, b.l0, &borrow); _ = sbb(a.l1, b.l1, &borrow)
        _ = sbb(a.l2, b.l2, &borrow); _ = sbb(a.l3, b.l3, &borrow)
        return borrow != 0
    }
}

@inline(__always)
func adc(_ a: UInt64, _ b: UInt64, _ carry: inout UInt64) -> UInt64 {
    let s = UInt128(a) &+ UInt128(b) &+ UInt128(carry)
    carry = UInt64(truncatingIfNeeded: s >> 64)
    return UInt64(truncatingIfNeeded: s)
}

@inline(__always)
func sbb(_ a: UInt64, _ b: UInt64, _ borrow: inout UInt64) -> UInt64 {
    let d = UInt128(a) &- UInt128(b) &- UInt128(borrow)
    borrow = UInt64(truncatingIfNeeded: d >> 64) & 1
    return UInt64(truncatingIfNeeded: d)
}

/// `acc + x·y + carry`: returns the low word, leaves the high word in `carry` (never overflows).
@inline(__always)
func mac(_ acc: UInt64, _ x: UInt64, _ y: UInt64, _ carry: inout UInt64) -> UInt64 {
    let t = UInt128(x) &* UInt128(y) &+ UInt128(acc) &+ UInt128(carry)
    carry = UInt64(truncatingIfNeeded: t >> 64)
    return UInt64(truncatingIfNeeded: t)
}

/// A Montgomery modulus: m (odd, > 2^255), −m⁻¹ mod 2^64, R² mod m.
@usableFromInline
struct MontgomeryModulus: Sendable {
    let m: P256Limbs
    let nPrime: UInt64
    let r2: P256Limbs

    init(_ m: P256Limbs) {
        self.m = m
        var inverse: UInt64 = 1
        for _ in 0..<6 { inverse = inverse &* (2 &- m.l0 &* inverse) }
        self.nPrime = 0 &- inverse
        // R mod m = 2^256 − m (m > 2^255); double it 256 times for R² mod m.
        var borrow: UInt64 = 0
        var value = P256Limbs(sbb(0, m.l0, &borrow), sbb(0, m.l1, &borrow), sbb(0, m.l2, &borrow), sbb(0, m.l3, &borrow))
        for _ in 0..<256 {
            var carry: UInt64 = 0
            let doubled = P256Limbs(adc(value.l0, value.l0, &carry), adc(value.l1, value.l1, &carry),
                                    adc(value.l2, value.l2, &carry), adc(value.l3, value.l3, &carry))
            value = MontgomeryModulus.reduceOnce(doubled, carry: carry, m)
        }
        self.r2 = value
    }

    /// v = carry·2^256 + limbs < 2m → v mod m.
    @inline(__always)
    static func reduceOnce(_ t: P256Limbs, carry: UInt64, _ m: P256Limbs) -> P256Limbs {
        var borrow: UInt64 = 0
        let d0 = sbb(t.l0, m.l0, &borrow), d1 = sbb(t.l1, m.l1, &borrow)
        let d2 = sbb(t.l2, m.l2, &borrow), d3 = sbb(t.l3, m.l3, &borrow)
        // Keep t when the subtraction borrowed beyond the carry word.
        let keep = 0 &- (borrow & ~carry & 1)
        return P256Limbs((t.l0 & keep) | (d0 & ~keep), (t.l1 & keep) | (d1 & ~keep),
                         (t.l2 & keep) | (d2 & ~keep), (t.l3 & keep) | (d3 & ~keep))
    }

    /// a·b·R⁻¹ mod m (CIOS), for a, b < m.
    @inline(__always)
    func mul(_ a: P256Limbs, _ b: P256Limbs) -> P256Limbs {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0, t4: UInt64 = 0
        @inline(__always) func round(_ bi: UInt64) {
            var carry: UInt64 = 0
            t0 = mac(t0, a.l0, bi, &carry)
            t1 = mac(t1, a.l1, bi, &carry)
            t2 = mac(t2, a.l2, bi, &carry)
            t3 = mac(t3, a.l3, bi, &carry)
            var c2: UInt64 = 0
            t4 = adc(t4, carry, &c2)
            let t5 = c2
            let k = t0 &* nPrime
            carry = 0
            _ = mac(t0, k, m.l0, &carry)
            t0 = mac(t1, k, m.l1, &carry)
            t1 = mac(t2, k, m.l2, &carry)
            t2 = mac(t3, k, m.l3, &carry)
            var c3: UInt64 = 0
            t3 = adc(t4, carry, &c3)
            t4 = t5 &+ c3
        }
        round(b.l0); round(b.l1); round(b.l2); round(b.l3)
        return MontgomeryModulus.reduceOnce(P256Limbs(t0, t1, t2, t3), carry: t4, m)
    }
}

/// An element of GF(p), p = 2^256 − 2^224 + 2^192 + 2^96 − 1, stored as x·R mod p (R = 2^256), canonical (< p).
package struct P256FieldElement: Sendable, Equatable {
    package var limbs: P256Limbs

    @inline(__always) init(montgomery limbs: P256Limbs) { self.limbs = limbs }

    package static let p = P256Limbs(0xffff_ffff_ffff_ffff, 0x0000_0000_ffff_ffff, 0, 0xffff_ffff_0000_0001)
    static let modulus = MontgomeryModulus(p)
    package static let zero = P256FieldElement(montgomery: .zero)
    package static let one = P256FieldElement(integer: P256Limbs(1, 0, 0, 0))
    /// The curve's b, in Montgomery form.
    package static let b = P256FieldElement(integer: P256Limbs(
        bigEndian: hexBytes("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b")))

    /// From a canonical integer (< p).
    @inline(__always)
    package init(integer: P256Limbs) { limbs = Self.modulus.mul(integer, Self.modulus.r2) }

    /// 32 big-endian bytes; nil when the value is ≥ p.
    package init?(bytes: ArraySlice<UInt8>) {
        let value = P256Limbs(bigEndian: bytes)
        guard P256Limbs.lessThan(value, Self.p) else { return nil }
        self.init(integer: value)
    }

    /// The canonical integer.
    @inline(__always)
    package var integer: P256Limbs { Self.modulus.mul(limbs, P256Limbs(1, 0, 0, 0)) }

    package var bytes: [UInt8] { integer.bigEndianBytes }
    @inline(__always) package var isZero: Bool { limbs.isZero }

    /// Montgomery multiplication specialized for p: −p⁻¹ mod 2^64 = 1, p's limb 2 is 0.
    @inline(__always)
    package static func * (x: P256FieldElement, y: P256FieldElement) -> P256FieldElement {
        let a = x.limbs, b = y.limbs
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0, t4: UInt64 = 0
        @inline(__always) func round(_ bi: UInt64) {
            var carry: UInt64 = 0
            t0 = mac(t0, a.l0, bi, &carry)
            t1 = mac(t1, a.l1, bi, &carry)
            t2 = mac(t2, a.l2, bi, &carry)
            t3 = mac(t3, a.l3, bi, &carry)
            var c2: UInt64 = 0
            t4 = adc(t4, carry, &c2)
            let t5 = c2
            // k = t0; t0 + k·(2^64 − 1) = k·2^64: the low word vanishes, carry is k.
            let k = t0
            carry = k
            t0 = mac(t1, k, 0x0000_0000_ffff_ffff, &carry)
            var c4: UInt64 = 0
            t1 = adc(t2, carry, &c4)
            carry = c4
            t2 = mac(t3, k, 0xffff_ffff_0000_0001, &carry)
            var c3: UInt64 = 0
            t3 = adc(t4, carry, &c3)
            t4 = t5 &+ c3
        }
        round(b.l0); round(b.l1); round(b.l2); round(b.l3)
        return P256FieldElement(montgomery: MontgomeryModulus.reduceOnce(P256Limbs(t0, t1, t2, t3), carry: t4, p))
    }

    @inline(__always) package func squared() -> P256FieldElement { self * self }

    @inline(__always)
    package func squared(times n: Int) -> P256FieldElement {
        var x = self
        for _ in 0..<n { x = x * x }
        return x
    }

    @inline(__always)
    package static func + (x: P256FieldElement, y: P256FieldElement) -> P256FieldElement {
        var carry: UInt64 = 0
        let s = P256Limbs(adc(x.limbs.l0, y.limbs.l0, &carry), adc(x.limbs.l1, y.limbs.l1, &carry),
                          adc(x.limbs.l2, y.limbs.l2, &carry), adc(x.limbs.l3, y.limbs.l3, &carry))
        return P256FieldElement(montgomery: MontgomeryModulus.reduceOnce(s, carry: carry, p))
    }

    @inline(__always)
    package static func - (x: P256FieldElement, y: P256FieldElement) -> P256FieldElement {
        var borrow: UInt64 = 0
        let d0 = sbb(x.limbs.l0, y.limbs.l0, &borrow), d1 = sbb(x.limbs.l1, y.limbs.l1, &borrow)
        let d2 = sbb(x.limbs.l2, y.limbs.l2, &borrow), d3 = sbb(x.limbs.l3, y.limbs.l3, &borrow)
        // Add p back when it borrowed.
        let mask = 0 &- borrow
        var carry: UInt64 = 0
        return P256FieldElement(montgomery: P256Limbs(
            adc(d0, p.l0 & mask, &carry), adc(d1, p.l1 & mask, &carry),
            adc(d2, p.l2 & mask, &carry), adc(d3, p.l3 & mask, &carry)))
    }

    @inline(__always)
    package static prefix func - (x: P256FieldElement) -> P256FieldElement { zero - x }

    @inline(__always) package func doubled() -> P256FieldElement { self + self }

    /// x^(2^32 − 1) and friends: the shared head of the two addition chains.
    @inline(__always)
    private func chainHead() -> (x2: P256FieldElement, x30: P256FieldElement, x32: P256FieldElement) {
        let x2 = squared() * self                       // 2^2 − 1
        let x3 = x2.squared() * self                    // 2^3 − 1
        let x6 = x3.squared(times: 3) * x3              // 2^6 − 1
        let x12 = x6.squared(times: 6) * x6             // 2^12 − 1
        let x15 = x12.squared(times: 3) * x3            // 2^15 − 1
        let x30 = x15.squared(times: 15) * x15          // 2^30 − 1
        let x32 = x30.squared(times: 2) * x2            // 2^32 − 1
        return (x2, x30, x32)
    }

    /// x^(p−2) = x⁻¹ (0 for 0): 255 squarings and 12 multiplications.
    package func inverse() -> P256FieldElement {
        // p − 2 = (2^32−1)·2^224 + 2^192 + (2^32−1)·2^64 + (2^32−1)·2^32 + (2^32−3)
        let (_, x30, x32) = chainHead()
        var t = x32.squared(times: 32) * self
        t = t.squared(times: 128) * x32
        t = t.squared(times: 32) * x32
        return t.squared(times: 32) * (x30.squared(times: 2) * self)
    }

    /// A square root when one exists: x^((p+1)/4), (p+1)/4 = 2^254 − 2^222 + 2^190 + 2^94.
    /// 253 squarings and 7 multiplications, then one squaring to check.
    package func squareRoot() -> P256FieldElement? {
        var x32 = squared() * self                      // 2^2 − 1
        x32 = x32.squared(times: 2) * x32               // 2^4 − 1
        x32 = x32.squared(times: 4) * x32               // 2^8 − 1
        x32 = x32.squared(times: 8) * x32               // 2^16 − 1
        x32 = x32.squared(times: 16) * x32              // 2^32 − 1
        var t = x32.squared(times: 32) * self           // (2^32 − 1)·2^32 + 1
        t = t.squared(times: 96) * self                 // ·2^96 + 1
        t = t.squared(times: 94)                        // ·2^94
        return t.squared() == self ? t : nil
    }

    /// Whether the canonical integer is odd (SEC1 `03`).
    @inline(__always) package var isOdd: Bool { integer.l0 & 1 == 1 }
}

/// An integer mod the group order q, Montgomery form, for the batch's coefficient arithmetic.
package struct P256OrderElement: Sendable, Equatable {
    package var limbs: P256Limbs
    @inline(__always) init(montgomery limbs: P256Limbs) { self.limbs = limbs }

    package static let q = P256Limbs(0xf3b9_cac2_fc63_2551, 0xbce6_faad_a717_9e84, 0xffff_ffff_ffff_ffff, 0xffff_ffff_0000_0000)
    static let modulus = MontgomeryModulus(q)
    package static let zero = P256OrderElement(montgomery: .zero)

    /// From a canonical integer (< q).
    @inline(__always) package init(integer: P256Limbs) { limbs = Self.modulus.mul(integer, Self.modulus.r2) }
    @inline(__always) package var integer: P256Limbs { Self.modulus.mul(limbs, P256Limbs(1, 0, 0, 0)) }

    @inline(__always)
    package static func * (x: P256OrderElement, y: P256OrderElement) -> P256OrderElement {
        P256OrderElement(montgomery: modulus.mul(x.limbs, y.limbs))
    }

    /// x·y as a canonical integer when x is in Montgomery form and `y` a plain integer (< q).
    @inline(__always)
    package func timesInteger(_ y: P256Limbs) -> P256Limbs { Self.modulus.mul(limbs, y) }

    @inline(__always)
    package static func + (x: P256OrderElement, y: P256OrderElement) -> P256OrderElement {
        P256OrderElement(montgomery: addMod(x.limbs, y.limbs))
    }

    @inline(__always)
    package static func addMod(_ x: P256Limbs, _ y: P256Limbs) -> P256Limbs {
        var carry: UInt64 = 0
        let s = P256Limbs(adc(x.l0, y.l0, &carry), adc(x.l1, y.l1, &carry), adc(x.l2, y.l2, &carry), adc(x.l3, y.l3, &carry))
        return MontgomeryModulus.reduceOnce(s, carry: carry, q)
    }

    @inline(__always)
    package static func negMod(_ x: P256Limbs) -> P256Limbs {
        if x.isZero { return x }
        var borrow: UInt64 = 0
        return P256Limbs(sbb(q.l0, x.l0, &borrow), sbb(q.l1, x.l1, &borrow), sbb(q.l2, x.l2, &borrow), sbb(q.l3, x.l3, &borrow))
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        func nibble(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c - 48 }
        out.append(nibble(high) << 4 | nibble(low))
    }
    return out
}
