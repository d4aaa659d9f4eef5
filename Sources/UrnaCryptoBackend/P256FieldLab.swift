import COpenSSL
import Glibc

/// This thread's CPU time in ns (immune to the other jobs sharing the 2 cores, unlike wall time).
package func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// PROTOTYPE (Tools/MSMLab): libcrypto oracles and baselines for the P-256 field prototype, and
/// timing loops that run inside this module (so the field operations inline as they would in a
/// verifier built here).
package enum P256FieldLab {
    // MARK: libcrypto oracles (BIGNUM modulo p)

    static let pBytes = P256FieldElement.p.bigEndianBytes

    private static func withBN<T>(_ body: (OpaquePointer, OpaquePointer) throws -> T) throws -> T {
        let p = try BigNum(bytes: pBytes)
        let context = try BigNumContext()
        return try withExtendedLifetime((p, context)) { try body(p.bn, context.ctx) }
    }

    /// a·b mod p through BN_mod_mul.
    package static func libcryptoModMul(_ a: [UInt8], _ b: [UInt8]) throws -> [UInt8] {
        try withBN { p, ctx in
            let x = try BigNum(bytes: a), y = try BigNum(bytes: b), r = try BigNum()
            guard BN_mod_mul(r.bn, x.bn, y.bn, p, ctx) == 1 else { throw backendFailure("BN_mod_mul") }
            return try r.bytes(padded: 32)
        }
    }

    /// a⁻¹ mod p through BN_mod_inverse.
    package static func libcryptoModInverse(_ a: [UInt8]) throws -> [UInt8] {
        try withBN { p, ctx in
            let x = try BigNum(bytes: a), r = try BigNum()
            guard BN_mod_inverse(r.bn, x.bn, p, ctx) != nil else { throw backendFailure("BN_mod_inverse") }
            return try r.bytes(padded: 32)
        }
    }

    /// A square root mod p through BN_mod_sqrt, or nil (non-residue).
    package static func libcryptoModSqrt(_ a: [UInt8]) throws -> [UInt8]? {
        try withBN { p, ctx in
            let x = try BigNum(bytes: a), r = try BigNum()
            guard BN_mod_sqrt(r.bn, x.bn, p, ctx) != nil else { ERR_clear_error(); return nil }
            return try r.bytes(padded: 32)
        }
    }

    /// Mean ns of one BN_mod_sqrt (BIGNUMs and context allocated once).
    package static func timeLibcryptoModSqrt(_ inputs: [[UInt8]], iterations: Int) throws -> Double {
        try withBN { p, ctx in
            let xs = try inputs.map { try BigNum(bytes: $0) }
            let r = try BigNum()
            return try withExtendedLifetime(xs) {
                try nanoseconds(iterations) { i in
                    guard BN_mod_sqrt(r.bn, xs[i % xs.count].bn, p, ctx) != nil else { throw backendFailure("BN_mod_sqrt") }
                }
            }
        }
    }

    /// Mean ns of one BN_mod_mul (Montgomery context not used: this is the generic API's cost).
    package static func timeLibcryptoModMul(iterations: Int) throws -> Double {
        try withBN { p, ctx in
            let x = try BigNum(bytes: hexBytes("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"))
            let y = try BigNum(bytes: hexBytes("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"))
            return try nanoseconds(iterations) { _ in
                guard BN_mod_mul(x.bn, x.bn, y.bn, p, ctx) == 1 else { throw backendFailure("BN_mod_mul") }
            }
        }
    }

    // MARK: libcrypto EC baselines

    /// Σ scalars[i]·points[i] (+ g·G) through EC_POINTs_mul with public (non-constant-time) BIGNUMs.
    package static func libcryptoPointsMulPublic(generatorScalar g: [UInt8]?, points: [ECPointRef], scalars: [[UInt8]]) throws -> ECPointRef {
        let group = try P256Group.shared()
        let out = try ECPointRef(group: group)
        let gNum = try g.map { try BigNum(bytes: $0) }
        let nums = try scalars.map { try BigNum(bytes: $0) }
        let context = try BigNumContext()
        var pointPointers: [OpaquePointer?] = points.map { $0.point }
        var numPointers: [OpaquePointer?] = nums.map { $0.bn }
        let ok = withExtendedLifetime((points, nums, gNum, context)) {
            pointPointers.withUnsafeMutableBufferPointer { pp in
                numPointers.withUnsafeMutableBufferPointer { np in
                    EC_POINTs_mul(group.group, out.point, gNum?.bn, points.count, pp.baseAddress, np.baseAddress, context.ctx)
                }
            }
        }
        guard ok == 1 else { throw backendFailure("EC_POINTs_mul") }
        return out
    }

    /// EC_POINTs_make_affine over copies of `points`; returns mean ns per point.
    package static func timeLibcryptoMakeAffine(_ points: [ECPointRef], rounds: Int) throws -> Double {
        let group = try P256Group.shared()
        let context = try BigNumContext()
        // Projective inputs: P + P' has Z ≠ 1 in libcrypto's representation.
        let projective = try points.map { try P256Backend.add($0, $0) }
        var total = 0.0
        for _ in 0..<rounds {
            let copies = try projective.map { source -> ECPointRef in
                let copy = try ECPointRef(group: group)
                guard EC_POINT_copy(copy.point, source.point) == 1 else { throw backendFailure("EC_POINT_copy") }
                return copy
            }
            var pointers: [OpaquePointer?] = copies.map { $0.point }
            let start = threadCPUNanoseconds()
            let ok = withExtendedLifetime(copies) {
                pointers.withUnsafeMutableBufferPointer { EC_POINTs_make_affine(group.group, copies.count, $0.baseAddress, context.ctx) }
            }
            total += Double(threadCPUNanoseconds() - start)
            guard ok == 1 else { throw backendFailure("EC_POINTs_make_affine") }
        }
        return total / Double(rounds * points.count)
    }

    /// The libcrypto point as our affine type (via its affine coordinates), nil for infinity.
    package static func affine(_ ref: ECPointRef) throws -> P256Affine? {
        guard !(try P256Backend.isInfinity(ref)) else { return nil }
        let (x, y) = try P256Backend.affineCoordinates(ref)
        return P256Affine(uncompressedX: x[...], y: y[...])
    }

    // MARK: timing loops for the Swift field (in this module so everything inlines)

    package static func nanoseconds(_ iterations: Int, _ body: (Int) throws -> Void) rethrows -> Double {
        try body(0)
        let start = threadCPUNanoseconds()
        for i in 0..<iterations { try body(i) }
        return Double(threadCPUNanoseconds() - start) / Double(iterations)
    }

    /// Dependent chains (latency, as in a square root's ladder), with a sink so nothing is elided.
    package static func timeFieldMul(iterations: Int) -> (ns: Double, sink: Bool) {
        var x = P256Affine.generator.x, y = P256Affine.generator.y
        let ns = nanoseconds(iterations) { _ in x = x * y }
        y = x
        return (ns, y.isZero)
    }

    package static func timeFieldSquare(iterations: Int) -> (ns: Double, sink: Bool) {
        var x = P256Affine.generator.x
        let ns = nanoseconds(iterations) { _ in x = x.squared() }
        return (ns, x.isZero)
    }

    package static func timeFieldAdd(iterations: Int) -> (ns: Double, sink: Bool) {
        var x = P256Affine.generator.x
        let y = P256Affine.generator.y
        let ns = nanoseconds(iterations) { _ in x = x + y }
        return (ns, x.isZero)
    }

    package static func timeFieldInverse(iterations: Int) -> (ns: Double, sink: Bool) {
        var x = P256Affine.generator.x
        let ns = nanoseconds(iterations) { _ in x = x.inverse() + .one }
        return (ns, x.isZero)
    }

    package static func timeFieldSqrt(_ inputs: [P256FieldElement], iterations: Int) -> (ns: Double, sink: Int) {
        var found = 0
        let ns = nanoseconds(iterations) { i in if inputs[i % inputs.count].squareRoot() != nil { found += 1 } }
        return (ns, found)
    }

    package static func timeDecompress(_ encodings: [[UInt8]], iterations: Int) -> (ns: Double, sink: Int) {
        var found = 0
        let ns = nanoseconds(iterations) { i in if P256Affine(compressed: encodings[i % encodings.count]) != nil { found += 1 } }
        return (ns, found)
    }

    package static func timeUncompressed(_ encodings: [(x: [UInt8], y: [UInt8])], iterations: Int) -> (ns: Double, sink: Int) {
        var found = 0
        let ns = nanoseconds(iterations) { i in
            let e = encodings[i % encodings.count]
            if P256Affine(uncompressedX: e.x[...], y: e.y[...]) != nil { found += 1 }
        }
        return (ns, found)
    }

    package static func timeMixedAdd(_ points: [P256Affine], iterations: Int) -> (ns: Double, sink: Bool) {
        var acc = P256Jacobian(points[0]).doubled()
        let ns = nanoseconds(iterations) { i in acc = acc.adding(points[1 + i % (points.count - 1)]) }
        return (ns, acc.isInfinity)
    }

    package static func timeJacobianAdd(_ points: [P256Jacobian], iterations: Int) -> (ns: Double, sink: Bool) {
        var acc = points[0].doubled()
        let ns = nanoseconds(iterations) { i in acc = acc.adding(points[1 + i % (points.count - 1)]) }
        return (ns, acc.isInfinity)
    }

    package static func timeDouble(iterations: Int) -> (ns: Double, sink: Bool) {
        var acc = P256Jacobian(P256Affine.generator)
        let ns = nanoseconds(iterations) { _ in acc = acc.doubled() }
        return (ns, acc.isInfinity)
    }

    package static func timeOrderMul(iterations: Int) -> (ns: Double, sink: Bool) {
        var x = P256OrderElement(integer: P256Limbs(0x1234, 0x5678, 0x9abc, 0xdef0))
        let y = P256OrderElement(integer: P256Limbs(0x4321, 0x8765, 0xcba9, 0x0fed))
        let ns = nanoseconds(iterations) { _ in x = x * y }
        return (ns, x.limbs.isZero)
    }
}
