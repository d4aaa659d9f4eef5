import UrnaCryptoBackend

extension Point {
    /// Whether `g·G + Σ kᵢ·Pᵢ` is the point at infinity, by a Pippenger multi-scalar
    /// multiplication in our own field code (`Sources/UrnaCryptoBackend/P256FieldMSM.swift`).
    ///
    /// Verification only: every scalar and point must be public (a record's values, or the
    /// verifier's own random batch weights), because the timing depends on them. Operations
    /// with secrets go through ``linearCombination(generatorScalar:_:)`` (libcrypto).
    public static func publicCombinationIsIdentity(generatorScalar g: Scalar?, _ terms: [(Scalar, Point)]) throws -> Bool {
        var points: [P256Affine] = []
        var scalars: [P256Limbs] = []
        points.reserveCapacity(terms.count + 1)
        scalars.reserveCapacity(terms.count + 1)
        if let g, !g.isZero {
            points.append(.generator)
            scalars.append(g.fastLimbs)
        }
        for (scalar, point) in terms {
            guard let affine = point.affine, !scalar.isZero else { continue }
            points.append(affine)
            scalars.append(scalar.fastLimbs)
        }
        return try P256MSM.combination(points: points, scalars: scalars).isInfinity
    }
}
