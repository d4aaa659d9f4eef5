/// Threshold key arithmetic shared by the key ceremony and the tally (`Specs/crypto.md` §5).
public enum Threshold {
    /// Trustee indices are 1...maxTrustees.
    public static let maxTrustees = 255

    static func validate(index: Int) throws {
        guard index >= 1, index <= maxTrustees else {
            throw CryptoError(.invalidParameter, "trustee index \(index) is outside 1...\(maxTrustees)")
        }
    }

    /// The joint election key `K = Σ_i C_i0`.
    public static func jointKey(_ commitments: [FeldmanCommitments]) throws -> Point {
        guard !commitments.isEmpty else { throw CryptoError(.invalidParameter, "no trustee commitments") }
        let key = try Point.sum(commitments.map(\.constantTerm))
        guard !key.isInfinity else { throw CryptoError(.invalidPoint, "the joint key is the point at infinity") }
        return key
    }

    /// Trustee `index`'s public share `K_j = Σ_i Σ_l j^l·C_il = s_j·G`.
    public static func publicShare(of index: Int, commitments: [FeldmanCommitments]) throws -> Point {
        try Point.sum(commitments.map { try $0.evaluate(at: index) })
    }

    /// Trustee `index`'s secret share `s_j = Σ_i f_i(j)` from the shares it received (its own included).
    public static func secretShare(receivedShares: [Scalar]) -> Scalar {
        receivedShares.reduce(.zero, +)
    }

    /// The Lagrange coefficient at 0: `λ_j = Π_{m ∈ S, m ≠ j} m / (m − j) mod q`.
    public static func lagrangeCoefficientAtZero(index j: Int, participants: [Int]) throws -> Scalar {
        try validate(index: j)
        guard Set(participants).count == participants.count else {
            throw CryptoError(.invalidParameter, "participant indices \(participants) repeat")
        }
        guard participants.contains(j) else {
            throw CryptoError(.invalidParameter, "trustee \(j) is not among the participants \(participants)")
        }
        var numerator = Scalar.one, denominator = Scalar.one
        for m in participants where m != j {
            try validate(index: m)
            numerator *= Scalar(UInt64(m))
            denominator *= Scalar(signed: m - j)
        }
        return numerator * (try denominator.inverse())
    }
}
