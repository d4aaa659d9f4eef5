import UrnaCryptoBackend

/// A point of the NIST P-256 group (`Specs/crypto.md` §1.1).
///
/// The canonical encoding is SEC1 compressed (33 bytes); the point at infinity
/// is the single byte `00` and is accepted only where a caller allows it.
/// Every point carries its canonical encoding, so hashing and comparing are cheap, and its
/// affine coordinates in our own field code (``P256Affine``), which verification uses. The
/// libcrypto form, which operations with secret scalars use, is kept when libcrypto made the
/// point and otherwise made from the coordinates when an operation needs it (a few µs, against
/// tens of µs for the operation), so decoding a point allocates nothing for libcrypto.
public struct Point: Sendable, Hashable, CustomStringConvertible {
    /// The affine coordinates; nil for the point at infinity.
    let affine: P256Affine?
    /// The canonical encoding: 33 bytes, or `[0x00]` for the point at infinity.
    public let bytes: [UInt8]
    private let libcrypto: ECPointRef?

    /// From a libcrypto result: one conversion to affine coordinates gives both the encoding and
    /// the coordinates.
    init(ref: ECPointRef) throws {
        if try P256Backend.isInfinity(ref) {
            affine = nil
            bytes = [0]
        } else {
            let (x, y) = try P256Backend.affineCoordinates(ref)
            guard let fx = P256FieldElement(bytes: x[...]), let fy = P256FieldElement(bytes: y[...]), let last = y.last else {
                throw CryptoError(.invalidPoint, "libcrypto returned coordinates outside the field")
            }
            affine = P256Affine(x: fx, y: fy)
            bytes = [last & 1 == 1 ? 3 : 2] + x
        }
        libcrypto = ref
    }

    /// From coordinates computed by our own field code (public data only).
    init(affine: P256Affine?) {
        self.affine = affine
        bytes = affine?.compressed ?? [0]
        libcrypto = nil
    }

    /// Decodes a compressed point with full validation: length, prefix, x < p, on the curve.
    /// The square root is our own addition chain (`Specs/crypto.md` §1.1: y = rhs^((p+1)/4),
    /// checked by squaring), so a point costs no libcrypto call until a secret operation needs it.
    /// - Parameter allowInfinity: accept `[0x00]` as the point at infinity.
    public init(bytes: [UInt8], allowInfinity: Bool = false) throws {
        if bytes == [0] {
            guard allowInfinity else {
                throw CryptoError(.invalidPoint, "the point at infinity is not allowed here")
            }
            affine = nil
        } else {
            guard bytes.count == 33, bytes[0] == 2 || bytes[0] == 3 else {
                throw CryptoError(.invalidPoint, "a point is 33 bytes SEC1 compressed (02/03 prefix), got \(bytes.count) bytes")
            }
            guard let decoded = P256Affine(compressed: bytes) else {
                throw CryptoError(.invalidPoint, "bytes do not encode a point on P-256 (x ≥ p, or x³ − 3x + b has no square root)")
            }
            affine = decoded
        }
        self.bytes = bytes
        libcrypto = nil
    }

    public init(hex: String, allowInfinity: Bool = false) throws {
        try self.init(bytes: Hex.decode(hex), allowInfinity: allowInfinity)
    }

    public var hex: String { bytes.hex }
    public var description: String { hex }
    public var isInfinity: Bool { affine == nil }

    public static func == (a: Point, b: Point) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Affine coordinates, 32 bytes each (ECDH uses x). Throws for infinity.
    public func affineCoordinates() throws -> (x: [UInt8], y: [UInt8]) {
        guard let affine else { throw CryptoError(.invalidPoint, "the point at infinity has no affine coordinates") }
        return (affine.x.bytes, affine.y.bytes)
    }

    /// The libcrypto form: the one libcrypto made, or one made now from the coordinates.
    var ref: ECPointRef {
        get throws {
            if let libcrypto { return libcrypto }
            guard let affine else { return try P256Backend.decode([0]) }
            return try P256Backend.fromAffine(x: affine.x.bytes, y: affine.y.bytes)
        }
    }
}

extension Point {
    /// `k·G` with the fixed-base table.
    public static func base(_ k: Scalar) throws -> Point {
        try Point(ref: P256Backend.linearCombination(generatorScalar: k.bytes, points: [], scalars: []))
    }

    /// The generator G.
    public static func generator() throws -> Point { try base(.one) }

    /// The point at infinity (the identity).
    public static func infinity() throws -> Point { try Point(bytes: [0], allowInfinity: true) }

    /// `k·self`.
    public func multiplied(by k: Scalar) throws -> Point {
        try Point(ref: P256Backend.linearCombination(generatorScalar: nil, points: [ref], scalars: [k.bytes]))
    }

    public func adding(_ other: Point) throws -> Point {
        try Point(ref: P256Backend.add(ref, other.ref))
    }

    public func negated() throws -> Point {
        Point(affine: affine?.negated)
    }

    public func subtracting(_ other: Point) throws -> Point {
        try adding(other.negated())
    }

    /// `g·G + Σ kᵢ·Pᵢ` in one multi-scalar multiplication (OpenSSL `EC_POINTs_mul`, constant
    /// time in the scalars: the path for secrets).
    public static func linearCombination(generatorScalar g: Scalar?, _ terms: [(Scalar, Point)]) throws -> Point {
        try Point(ref: P256Backend.linearCombination(
            generatorScalar: g?.bytes, points: terms.map { try $0.1.ref }, scalars: terms.map(\.0.bytes)))
    }

    /// `Σ pointsᵢ` (the identity for an empty list), in our own field code with one inversion at
    /// the end. For public points only (ciphertexts, commitments): the timing depends on them.
    public static func sum(_ points: [Point]) throws -> Point {
        var total = PointAccumulator()
        for point in points { total.add(point) }
        return total.point
    }
}
