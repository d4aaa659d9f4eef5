/// Chaum-Pedersen proof that `log_G X = log_Y Z` (`Specs/crypto.md` §4.3).
/// A trustee's decryption share `M = s·A` is proven against its public share `K_j = s·G`
/// with `X = K_j`, `Y = A`, `Z = M`.
public struct ChaumPedersenProof: Sendable, Hashable, Codable {
    enum CodingKeys: String, CodingKey {
        case commitmentG = "commitment_g"
        case commitmentY = "commitment_y"
        case challenge, response
    }

    public static let tag = "urna/v1/chaum-pedersen"

    /// `a = u·G`.
    public let commitmentG: Point
    /// `b = u·Y`.
    public let commitmentY: Point
    /// `c = H(tag, ctx, X, Y, Z, a, b) mod q`.
    public let challenge: Scalar
    /// `v = u + c·s mod q`.
    public let response: Scalar

    public init(commitmentG: Point, commitmentY: Point, challenge: Scalar, response: Scalar) {
        self.commitmentG = commitmentG
        self.commitmentY = commitmentY
        self.challenge = challenge
        self.response = response
    }

    /// Proves `X = s·G` and `Z = s·Y` for the same secret `s`.
    public static func prove(
        secret: Scalar, x: Point, y: Point, z: Point, context: ProofContext
    ) throws -> ChaumPedersenProof {
        guard try Point.base(secret) == x, try y.multiplied(by: secret) == z else {
            throw CryptoError(.invalidParameter, "Chaum-Pedersen: the secret does not match the statement")
        }
        let u = try Scalar.random()
        let a = try Point.base(u), b = try y.multiplied(by: u)
        let c = Challenge.derive(tag: tag, context: context, [x.bytes, y.bytes, z.bytes, a.bytes, b.bytes])
        return ChaumPedersenProof(commitmentG: a, commitmentY: b, challenge: c, response: u + c * secret)
    }

    /// Recomputes the challenge and returns `a = v·G − c·X` and `b = v·Y − c·Z`.
    public func equations(x: Point, y: Point, z: Point, context: ProofContext) throws -> [VerificationEquation] {
        try requireFinite([("X", x), ("Y", y), ("Z", z)], in: "Chaum-Pedersen proof")
        let c = Challenge.derive(
            tag: Self.tag, context: context, [x.bytes, y.bytes, z.bytes, commitmentG.bytes, commitmentY.bytes])
        guard c == challenge else {
            throw CryptoError(.challengeMismatch, "Chaum-Pedersen proof: challenge does not match the statement and context")
        }
        return [
            VerificationEquation(name: "v·G = a + c·X", commitment: commitmentG, generatorScalar: response,
                                 terms: [(-challenge, x)]),
            VerificationEquation(name: "v·Y = b + c·Z", commitment: commitmentY, generatorScalar: nil,
                                 terms: [(response, y), (-challenge, z)]),
        ]
    }

    public func verify(x: Point, y: Point, z: Point, context: ProofContext) throws {
        try equations(x: x, y: y, z: z, context: context).checkAll(proof: "Chaum-Pedersen proof")
    }
}
