/// P-256 points on ``P256FieldElement``. Not constant time (public data only).

/// An affine point (never infinity).
package struct P256Affine: Sendable, Equatable {
    package var x, y: P256FieldElement

    @inline(__always) package init(x: P256FieldElement, y: P256FieldElement) { self.x = x; self.y = y }

    @inline(__always) package var negated: P256Affine { P256Affine(x: x, y: -y) }

    /// y² = x³ − 3x + b.
    package var isOnCurve: Bool { y.squared() == P256Affine.rightHandSide(x) }

    @inline(__always)
    package static func rightHandSide(_ x: P256FieldElement) -> P256FieldElement {
        let x2 = x.squared()
        return x2 * x - x.doubled() - x + P256FieldElement.b
    }

    /// SEC1 compressed (33 bytes, `02`/`03` ‖ x), checked as `Specs/crypto.md` §1.1 orders it:
    /// length, prefix, x < p, on the curve. Nil on any failure.
    package init?(compressed bytes: [UInt8]) {
        guard bytes.count == 33, bytes[0] == 2 || bytes[0] == 3,
              let x = P256FieldElement(bytes: bytes[1..<33]) else { return nil }
        guard var y = P256Affine.rightHandSide(x).squareRoot() else { return nil }
        if y.isOdd != (bytes[0] == 3) { y = -y }
        self.init(x: x, y: y)
    }

    /// Uncompressed coordinates (x ‖ y, 64 bytes): the cost of a record that stores y.
    package init?(uncompressedX xBytes: ArraySlice<UInt8>, y yBytes: ArraySlice<UInt8>) {
        guard let x = P256FieldElement(bytes: xBytes), let y = P256FieldElement(bytes: yBytes) else { return nil }
        self.init(x: x, y: y)
        guard isOnCurve else { return nil }
    }

    package var compressed: [UInt8] { [y.isOdd ? 3 : 2] + x.bytes }

    package static let generator = P256Affine(
        x: P256FieldElement(bytes: hexBytes("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")[...])!,
        y: P256FieldElement(bytes: hexBytes("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")[...])!)
}

/// Jacobian coordinates (X/Z², Y/Z³); Z = 0 is infinity.
package struct P256Jacobian: Sendable {
    package var x, y, z: P256FieldElement

    @inline(__always)
    package init(x: P256FieldElement, y: P256FieldElement, z: P256FieldElement) { self.x = x; self.y = y; self.z = z }

    @inline(__always) package init(_ p: P256Affine) { self.init(x: p.x, y: p.y, z: .one) }

    package static let infinity = P256Jacobian(x: .one, y: .one, z: .zero)
    @inline(__always) package var isInfinity: Bool { z.isZero }

    /// dbl-2001-b (a = −3): 3M + 5S.
    @inline(__always)
    package func doubled() -> P256Jacobian {
        if isInfinity || y.isZero { return .infinity }
        let delta = z.squared(), gamma = y.squared()
        let beta = x * gamma
        let t = (x - delta) * (x + delta)
        let alpha = t + t + t
        let beta4 = beta.doubled().doubled()
        let x3 = alpha.squared() - beta4.doubled()
        let z3 = (y + z).squared() - gamma - delta
        let gamma2 = gamma.squared()
        let y3 = alpha * (beta4 - x3) - gamma2.doubled().doubled().doubled()
        return P256Jacobian(x: x3, y: y3, z: z3)
    }

    /// self + q, q affine: madd-2007-bl, 7M + 4S.
    @inline(__always)
    package func adding(_ q: P256Affine) -> P256Jacobian {
        if isInfinity { return P256Jacobian(q) }
        let z1z1 = z.squared()
        let u2 = q.x * z1z1
        let s2 = q.y * z * z1z1
        let h = u2 - x
        let r = (s2 - y).doubled()
        if h.isZero { return r.isZero ? P256Jacobian(q).doubled() : .infinity }
        let hh = h.squared()
        let i = hh.doubled().doubled()
        let j = h * i
        let v = x * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (y * j).doubled()
        let z3 = (z + h).squared() - z1z1 - hh
        return P256Jacobian(x: x3, y: y3, z: z3)
    }

    /// self + q: add-2007-bl, 11M + 5S.
    @inline(__always)
    package func adding(_ q: P256Jacobian) -> P256Jacobian {
        if isInfinity { return q }
        if q.isInfinity { return self }
        let z1z1 = z.squared(), z2z2 = q.z.squared()
        let u1 = x * z2z2, u2 = q.x * z1z1
        let s1 = y * q.z * z2z2, s2 = q.y * z * z1z1
        let h = u2 - u1
        let r = (s2 - s1).doubled()
        if h.isZero { return r.isZero ? doubled() : .infinity }
        let i = h.doubled().squared()
        let j = h * i
        let v = u1 * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (s1 * j).doubled()
        let z3 = ((z + q.z).squared() - z1z1 - z2z2) * h
        return P256Jacobian(x: x3, y: y3, z: z3)
    }

    /// Affine form (one inversion); nil for infinity.
    package var affine: P256Affine? {
        guard !isInfinity else { return nil }
        let zInv = z.inverse(), zInv2 = zInv.squared()
        return P256Affine(x: x * zInv2, y: y * zInv2 * zInv)
    }

    /// Many to affine with one inversion (Montgomery's trick); infinity maps to nil.
    package static func batchAffine(_ points: [P256Jacobian]) -> [P256Affine?] {
        var prefix = [P256FieldElement](repeating: .one, count: points.count)
        var acc = P256FieldElement.one
        for (index, point) in points.enumerated() {
            prefix[index] = acc
            if !point.isInfinity { acc = acc * point.z }
        }
        var inv = acc.inverse()
        var out = [P256Affine?](repeating: nil, count: points.count)
        for index in stride(from: points.count - 1, through: 0, by: -1) {
            let point = points[index]
            guard !point.isInfinity else { continue }
            let zInv = inv * prefix[index]
            inv = inv * point.z
            let zInv2 = zInv.squared()
            out[index] = P256Affine(x: point.x * zInv2, y: point.y * zInv2 * zInv)
        }
        return out
    }

    /// k·self by double-and-add (test oracle only).
    package func multiplied(by k: P256Limbs) -> P256Jacobian {
        var result = P256Jacobian.infinity
        for bit in stride(from: 255, through: 0, by: -1) {
            result = result.doubled()
            if k.bits(at: bit, count: 1) == 1 { result = result.adding(self) }
        }
        return result
    }
}
