/// A trustee's secret polynomial `f(x) = a₀ + a₁x + … + a_{k−1}x^{k−1}` over Z_q for a
/// k-of-n Pedersen DKG without a dealer (`Specs/crypto.md` §5).
public struct SecretPolynomial: Sendable {
    public let coefficients: [Scalar]

    public init(coefficients: [Scalar]) throws {
        guard !coefficients.isEmpty else {
            throw CryptoError(.invalidParameter, "a polynomial needs at least its constant term")
        }
        guard coefficients.allSatisfy({ !$0.isZero }) else {
            throw CryptoError(.invalidScalar, "polynomial coefficients must be non-zero")
        }
        self.coefficients = coefficients
    }

    /// A uniformly random polynomial of degree `threshold − 1`.
    public static func random(threshold: Int) throws -> SecretPolynomial {
        guard threshold >= 1, threshold <= Threshold.maxTrustees else {
            throw CryptoError(.invalidParameter, "threshold \(threshold) is outside 1...\(Threshold.maxTrustees)")
        }
        return try SecretPolynomial(coefficients: (0..<threshold).map { _ in try Scalar.random() })
    }

    public var threshold: Int { coefficients.count }

    /// `f(index)` by Horner's rule: the share sent to trustee `index` (1-based).
    public func evaluate(at index: Int) throws -> Scalar {
        try Threshold.validate(index: index)
        let x = Scalar(UInt64(index))
        return coefficients.reversed().reduce(Scalar.zero) { $0 * x + $1 }
    }

    /// The Feldman commitments `C_l = a_l·G`.
    public func commitments() throws -> FeldmanCommitments {
        try FeldmanCommitments(points: coefficients.map { try Point.base($0) })
    }
}
