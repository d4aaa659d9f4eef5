/// Schnorr proof of knowledge of `s` with `X = s·G` (`Specs/crypto.md` §4.2).
/// Trustees prove knowledge of their polynomial's constant term with it, sign their check with
/// it, and prove knowledge of each encrypted share's ephemeral secret with it (under the tag
/// `urna/v1/share-ephemeral`, §5.3).
public struct SchnorrProof: Sendable, Hashable, Codable {
    public static let tag = "urna/v1/schnorr"

    /// `h = u·G`.
    public let commitment: Point
    /// `c = H(tag, ctx, X, h) mod q`.
    public let challenge: Scalar
    /// `v = u + c·s mod q`.
    public let response: Scalar

    public init(commitment: Point, challenge: Scalar, response: Scalar) {
        self.commitment = commitment
        self.challenge = challenge
        self.response = response
    }

    /// Proves knowledge of `secret` for `publicKey = secret·G` in `context`; `tag` is the
    /// challenge's domain tag (`urna/v1/schnorr` unless a use names another).
    public static func prove(secret: Scalar, publicKey: Point, context: ProofContext,
                             tag: String = SchnorrProof.tag) throws -> SchnorrProof {
        guard try Point.base(secret) == publicKey else {
            throw CryptoError(.invalidParameter, "Schnorr: the secret does not match the public key")
        }
        let u = try Scalar.random()
        let h = try Point.base(u)
        let c = Challenge.derive(tag: tag, context: context, [publicKey.bytes, h.bytes])
        return SchnorrProof(commitment: h, challenge: c, response: u + c * secret)
    }

    /// Recomputes the challenge and returns the group equation `h = v·G − c·X`.
    public func equations(publicKey: Point, context: ProofContext,
                          tag: String = SchnorrProof.tag) throws -> [VerificationEquation] {
        try requireFinite([("public key", publicKey)], in: "Schnorr proof")
        let c = Challenge.derive(tag: tag, context: context, [publicKey.bytes, commitment.bytes])
        guard c == challenge else {
            throw CryptoError(.challengeMismatch, "Schnorr proof: challenge does not match the statement and context")
        }
        return [VerificationEquation(
            name: "v·G = h + c·X", commitment: commitment, generatorScalar: response, terms: [(-challenge, publicKey)])]
    }

    /// Verifies singly; throws `challenge-mismatch` or `proof-invalid`.
    public func verify(publicKey: Point, context: ProofContext, tag: String = SchnorrProof.tag) throws {
        try equations(publicKey: publicKey, context: context, tag: tag).checkAll(proof: "Schnorr proof")
    }
}
