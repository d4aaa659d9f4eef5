/// A trustee's partial decryption `M_j = s_j·A` of an aggregate ciphertext, with a
/// Chaum-Pedersen proof that `log_G K_j = log_A M_j` (`Specs/crypto.md` §5.2).
public struct DecryptionShare: Sendable, Hashable, Codable {
    /// The trustee's 1-based index.
    public let index: Int
    /// `M_j = s_j·A`.
    public let share: Point
    public let proof: ChaumPedersenProof

    public init(index: Int, share: Point, proof: ChaumPedersenProof) {
        self.index = index
        self.share = share
        self.proof = proof
    }

    /// Computes trustee `index`'s share of `ciphertext` and proves it.
    public static func compute(
        index: Int, secretShare: Scalar, ciphertext: ElGamalCiphertext, context: ProofContext
    ) throws -> DecryptionShare {
        try Threshold.validate(index: index)
        let publicShare = try Point.base(secretShare)
        let share = try ciphertext.a.multiplied(by: secretShare)
        let proof = try ChaumPedersenProof.prove(
            secret: secretShare, x: publicShare, y: ciphertext.a, z: share, context: context)
        return DecryptionShare(index: index, share: share, proof: proof)
    }

    /// The proof's equations against the trustee's public share `K_j`.
    public func equations(publicShare: Point, ciphertext: ElGamalCiphertext, context: ProofContext) throws
        -> [VerificationEquation]
    {
        try proof.equations(x: publicShare, y: ciphertext.a, z: share, context: context)
    }

    public func verify(publicShare: Point, ciphertext: ElGamalCiphertext, context: ProofContext) throws {
        try proof.verify(x: publicShare, y: ciphertext.a, z: share, context: context)
    }
}

extension Threshold {
    /// `m·G = B − Σ_j λ_j·M_j` over a quorum of (already verified) shares.
    public static func combine(_ shares: [DecryptionShare], ciphertext: ElGamalCiphertext) throws -> Point {
        let participants = shares.map(\.index)
        let terms = try shares.map { share in
            (try lagrangeCoefficientAtZero(index: share.index, participants: participants), share.share)
        }
        let combined = try Point.linearCombination(generatorScalar: nil, terms)
        return try ciphertext.b.subtracting(combined)
    }

    /// Combines a quorum of shares and solves the bounded discrete log.
    public static func decrypt(
        _ ciphertext: ElGamalCiphertext, shares: [DecryptionShare], table: DiscreteLogTable
    ) throws -> Int {
        try table.solve(combine(shares, ciphertext: ciphertext))
    }
}
