import COpenSSL

/// The P-256 group object. `EC_GROUP` is read-only after creation and safe to share between threads.
package final class P256Group: @unchecked Sendable {
    package let group: OpaquePointer

    private init?() {
        guard let group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1) else { return nil }
        self.group = group
    }

    deinit { EC_GROUP_free(group) }

    private static let instance = P256Group()

    package static func shared() throws -> P256Group {
        guard let instance else { throw backendFailure("EC_GROUP_new_by_curve_name(P-256)") }
        return instance
    }
}

/// Owns one `EC_POINT`; never mutated after construction, so it may be shared.
package final class ECPointRef: @unchecked Sendable {
    package let point: OpaquePointer

    package init(group: P256Group) throws {
        guard let point = EC_POINT_new(group.group) else { throw backendFailure("EC_POINT_new") }
        self.point = point
    }

    /// Cleared as it is freed: a point may be a shared secret (the Diffie-Hellman point of an
    /// encrypted share).
    deinit { EC_POINT_clear_free(point) }
}

/// Point operations over P-256. Scalars cross this boundary as 32-byte big-endian arrays.
package enum P256Backend {
    /// Decodes SEC1 bytes (compressed or uncompressed), or the single byte 0x00 for the point at infinity.
    /// `EC_POINT_oct2point` checks that the point lies on the curve.
    package static func decode(_ bytes: [UInt8]) throws -> ECPointRef {
        let group = try P256Group.shared()
        let ref = try ECPointRef(group: group)
        guard EC_POINT_oct2point(group.group, ref.point, bytes, bytes.count, nil) == 1 else {
            ERR_clear_error()
            throw CryptoError(.invalidPoint, "bytes do not encode a point on P-256")
        }
        return ref
    }

    /// Affine coordinates (x, y), 32 bytes each; throws for the point at infinity.
    package static func affineCoordinates(_ ref: ECPointRef) throws -> (x: [UInt8], y: [UInt8]) {
        let group = try P256Group.shared()
        // Secret when the point is (an encrypted share's Diffie-Hellman point): cleared when freed.
        let x = try BigNum(secret: true), y = try BigNum(secret: true)
        guard EC_POINT_get_affine_coordinates(group.group, ref.point, x.bn, y.bn, nil) == 1 else {
            ERR_clear_error()
            throw CryptoError(.invalidPoint, "the point at infinity has no affine coordinates")
        }
        return (try x.bytes(padded: 32), try y.bytes(padded: 32))
    }

    /// The point with affine coordinates (x, y), 32 big-endian bytes each, which the caller has
    /// already checked to lie on the curve (libcrypto checks again).
    package static func fromAffine(x: [UInt8], y: [UInt8]) throws -> ECPointRef {
        let group = try P256Group.shared()
        let ref = try ECPointRef(group: group)
        let xNum = try BigNum(bytes: x, secret: false), yNum = try BigNum(bytes: y, secret: false)
        guard EC_POINT_set_affine_coordinates(group.group, ref.point, xNum.bn, yNum.bn, nil) == 1 else {
            ERR_clear_error()
            throw CryptoError(.invalidPoint, "coordinates do not give a point on P-256")
        }
        return ref
    }

    package static func add(_ a: ECPointRef, _ b: ECPointRef) throws -> ECPointRef {
        let group = try P256Group.shared()
        let out = try ECPointRef(group: group)
        guard EC_POINT_add(group.group, out.point, a.point, b.point, nil) == 1 else { throw backendFailure("EC_POINT_add") }
        return out
    }

    package static func negate(_ a: ECPointRef) throws -> ECPointRef {
        let group = try P256Group.shared()
        let out = try ECPointRef(group: group)
        guard EC_POINT_copy(out.point, a.point) == 1, EC_POINT_invert(group.group, out.point, nil) == 1 else {
            throw backendFailure("EC_POINT_invert")
        }
        return out
    }

    /// `g·G + Σ scalars[i]·points[i]` in one `EC_POINTs_mul` call (interleaved windowed method).
    /// `g` nil means no generator term. Scalars are 32-byte big-endian and flagged constant-time.
    package static func linearCombination(
        generatorScalar g: [UInt8]?, points: [ECPointRef], scalars: [[UInt8]]
    ) throws -> ECPointRef {
        guard points.count == scalars.count else {
            throw CryptoError(.invalidParameter, "\(points.count) points but \(scalars.count) scalars")
        }
        let group = try P256Group.shared()
        let out = try ECPointRef(group: group)
        let gNum = try g.map { try BigNum(bytes: $0, secret: true) }
        let nums = try scalars.map { try BigNum(bytes: $0, secret: true) }
        let context = try BigNumContext()
        let ok: Int32 = withExtendedLifetime((points, nums, gNum)) {
            if points.count == 1 {
                return EC_POINT_mul(group.group, out.point, gNum?.bn, points[0].point, nums[0].bn, context.ctx)
            }
            var pointPointers: [OpaquePointer?] = points.map { $0.point }
            var numPointers: [OpaquePointer?] = nums.map { $0.bn }
            return pointPointers.withUnsafeMutableBufferPointer { pp in
                numPointers.withUnsafeMutableBufferPointer { np in
                    EC_POINTs_mul(group.group, out.point, gNum?.bn, points.count, pp.baseAddress, np.baseAddress, context.ctx)
                }
            }
        }
        guard ok == 1 else { throw backendFailure("EC_POINTs_mul") }
        return out
    }

    package static func isInfinity(_ ref: ECPointRef) throws -> Bool {
        EC_POINT_is_at_infinity(try P256Group.shared().group, ref.point) == 1
    }
}

extension CryptoError.Code {
    /// Bytes that are not a valid P-256 point, or the point at infinity where it is not allowed.
    public static let invalidPoint = Self(rawValue: "invalid-point")
}
