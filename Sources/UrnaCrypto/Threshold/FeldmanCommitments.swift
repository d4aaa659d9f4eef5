/// Feldman commitments `C_l = a_l·G` to a trustee's polynomial (`Specs/crypto.md` §5.1).
/// They let anyone check a share and compute every trustee's public share.
public struct FeldmanCommitments: Sendable, Hashable {
    public let points: [Point]

    public init(points: [Point]) throws {
        guard !points.isEmpty, points.count <= Threshold.maxTrustees else {
            throw CryptoError(.invalidParameter, "\(points.count) commitments; expected 1...\(Threshold.maxTrustees)")
        }
        guard points.allSatisfy({ !$0.isInfinity }) else {
            throw CryptoError(.invalidPoint, "a Feldman commitment is the point at infinity")
        }
        self.points = points
    }

    /// `C₀`, the trustee's contribution to the joint key.
    public var constantTerm: Point { points[0] }
    public var threshold: Int { points.count }

    /// `Σ_l index^l · C_l`, which equals `f(index)·G`.
    public func evaluate(at index: Int) throws -> Point {
        try Threshold.validate(index: index)
        let x = Scalar(UInt64(index))
        var power = Scalar.one
        var terms: [(Scalar, Point)] = []
        for point in points {
            terms.append((power, point))
            power *= x
        }
        return try Point.linearCombination(generatorScalar: nil, terms)
    }

    /// Checks a received share `s = f(index)` against the commitments: `s·G = Σ index^l·C_l`.
    /// Throws `invalid-share` (grounds for a complaint) when it does not match.
    public func verifyShare(_ share: Scalar, at index: Int) throws {
        guard try Point.base(share) == evaluate(at: index) else {
            throw CryptoError(.invalidShare, "share for trustee \(index) does not match the sender's commitments")
        }
    }
}

extension CryptoError.Code {
    /// A key share or decryption share that does not match its public commitments.
    public static let invalidShare = Self(rawValue: "invalid-share")
}
