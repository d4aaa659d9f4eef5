import UrnaCryptoBackend

/// A point of the NIST P-256 group (`Specs/crypto.md` §1.1).
///
/// The canonical encoding is SEC1 compressed (33 bytes); the point at infinity
/// is the single byte `00` and is accepted only where a caller allows it.
/// Every point carries its canonical encoding, so hashing and comparing are cheap.
public struct Point: Sendable, Hashable, CustomStringConvertible {
    let ref: ECPointRef
    /// The canonical encoding: 33 bytes, or `[0x00]` for the point at infinity.
    public let bytes: [UInt8]

    init(ref: ECPointRef) throws {
        self.ref = ref
        self.bytes = try P256Backend.encodeCompressed(ref)
    }

    /// Decodes a compressed point with full validation: length, prefix, x < p, on the curve.
    /// - Parameter allowInfinity: accept `[0x00]` as the point at infinity.
    public init(bytes: [UInt8], allowInfinity: Bool = false) throws {
        if bytes == [0] {
            guard allowInfinity else {
                throw CryptoError(.invalidPoint, "the point at infinity is not allowed here")
            }
        } else {
            guard bytes.count == 33, bytes[0] == 2 || bytes[0] == 3 else {
                throw CryptoError(.invalidPoint, "a point is 33 bytes SEC1 compressed (02/03 prefix), got \(bytes.count) bytes")
            }
        }
        self.ref = try P256Backend.decode(bytes)
        self.bytes = bytes
    }

    public init(hex: String, allowInfinity: Bool = false) throws {
        try self.init(bytes: Hex.decode(hex), allowInfinity: allowInfinity)
    }

    public var hex: String { bytes.hex }
    public var description: String { hex }
    public var isInfinity: Bool { bytes == [0] }

    public static func == (a: Point, b: Point) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Affine coordinates, 32 bytes each (ECDH uses x). Throws for infinity.
    public func affineCoordinates() throws -> (x: [UInt8], y: [UInt8]) {
        try P256Backend.affineCoordinates(ref)
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
        try Point(ref: P256Backend.negate(ref))
    }

    public func subtracting(_ other: Point) throws -> Point {
        try adding(other.negated())
    }

    /// `g·G + Σ kᵢ·Pᵢ` in one multi-scalar multiplication (OpenSSL `EC_POINTs_mul`).
    public static func linearCombination(generatorScalar g: Scalar?, _ terms: [(Scalar, Point)]) throws -> Point {
        try Point(ref: P256Backend.linearCombination(
            generatorScalar: g?.bytes, points: terms.map(\.1.ref), scalars: terms.map(\.0.bytes)))
    }

    /// `Σ pointsᵢ` (the identity for an empty list).
    public static func sum(_ points: [Point]) throws -> Point {
        guard var total = points.first else { return try infinity() }
        for point in points.dropFirst() { total = try total.adding(point) }
        return total
    }
}
