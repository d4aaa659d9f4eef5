import UrnaCryptoBackend

/// A running sum of public points (ciphertexts, commitments), kept in Jacobian coordinates in
/// our own field code: an addition costs a few field multiplications and no inversion, and
/// ``point`` normalizes once. The timing depends on the points, so never sum secrets with it.
public struct PointAccumulator: Sendable {
    private var total = P256Jacobian.infinity

    /// The empty sum, the point at infinity.
    public init() {}

    public mutating func add(_ point: Point) {
        if let affine = point.affine { total = total.adding(affine) }
    }

    public mutating func subtract(_ point: Point) {
        if let affine = point.affine { total = total.adding(affine.negated) }
    }

    public mutating func add(_ other: PointAccumulator) {
        total = total.adding(other.total)
    }

    /// The sum so far (one field inversion).
    public var point: Point { Point(affine: total.affine) }

    /// Many sums at once, sharing one field inversion (Montgomery's trick).
    public static func points(_ sums: [PointAccumulator]) -> [Point] {
        P256Jacobian.batchAffine(sums.map(\.total)).map { Point(affine: $0) }
    }
}
