import UrnaCryptoBackend

/// Precomputed multiples of one fixed point P (the generator G, an election's joint key K) for
/// fast `k·P` in our own field code (`Sources/UrnaCryptoBackend/P256FieldComb.swift`): 32 mixed
/// additions instead of a whole variable-base multiplication.
///
/// **Variable time.** The timing and memory accesses depend on the scalar, so a table must not
/// multiply a secret where an adversary can time it. Urna uses tables only in its tools — the
/// benchmark record generator, the load generator, the demo's simulated voters — where the
/// "secrets" are the tool's own throw-away nonces and votes. A real voter's client
/// (``BallotBuilder`` without tables) encrypts through libcrypto's constant-time `EC_POINTs_mul`.
public final class FixedBaseTable: Sendable {
    /// The table's point P.
    public let point: Point
    let comb: P256Comb

    /// Builds the table of `point` (8,160 points, 522 KB, a few milliseconds).
    public init(_ point: Point) throws {
        guard let affine = point.affine else {
            throw CryptoError(.invalidPoint, "a fixed-base table needs a finite point, not the point at infinity")
        }
        let comb = P256Comb(affine)
        guard comb.isComplete else {
            throw CryptoError(.invalidPoint, "the fixed-base table of \(point) has an entry at infinity")
        }
        self.point = point
        self.comb = comb
    }

    /// The table of the generator G, built once on first use.
    public static let generator: FixedBaseTable = {
        // G is a constant finite point: building its table cannot fail.
        let g = Point(affine: P256Affine.generator)
        return FixedBaseTable(uncheckedAffine: P256Affine.generator, point: g)
    }()

    private init(uncheckedAffine affine: P256Affine, point: Point) {
        self.point = point
        self.comb = P256Comb(affine)
    }

    /// `k·P` in Jacobian coordinates, for callers that combine and normalize several at once.
    func jacobian(_ k: Scalar) -> P256Jacobian { comb.multiplied(by: k.fastLimbs) }

    /// `k·P` (the point at infinity for k = 0). Variable time: see the type's note.
    public func multiplied(by k: Scalar) -> Point { Point(affine: jacobian(k).affine) }
}

/// The two tables an encryption under a joint key K uses: G and K.
public struct EncryptionTables: Sendable {
    public let generator: FixedBaseTable
    public let jointKey: FixedBaseTable

    /// Builds K's table (G's is shared). Throws for the point at infinity.
    public init(jointKey: Point) throws {
        generator = .generator
        self.jointKey = try FixedBaseTable(jointKey)
    }

    /// `(g·G + k·K)` for each pair, normalized together with one field inversion.
    func combinations(_ pairs: [(g: Scalar, k: Scalar)]) -> [Point] {
        let jacobians = pairs.map { pair -> P256Jacobian in
            let fromK = pair.k.isZero ? P256Jacobian.infinity : jointKey.jacobian(pair.k)
            // 1·G (an encrypted 1) is G itself: one mixed addition, no table walk.
            if pair.g == .one { return fromK.adding(P256Affine.generator) }
            return pair.g.isZero ? fromK : fromK.adding(generator.jacobian(pair.g))
        }
        return P256Jacobian.batchAffine(jacobians).map { Point(affine: $0) }
    }
}
