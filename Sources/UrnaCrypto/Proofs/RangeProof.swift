/// Disjunctive Chaum-Pedersen proof that an ElGamal ciphertext `(A, B)` under `K` encrypts
/// some `m ∈ [min, max]` (`Specs/crypto.md` §4.4). A selection's 0/1 proof is the range `[0, 1]`;
/// a contest's sum proof is `[min, max]` of its selection rule.
///
/// For each `ℓ` the branch proves `log_G A = log_K (B − ℓ·G)`; all but the true branch are simulated.
public struct RangeProof: Sendable, Hashable, Codable {
    public static let tag = "urna/v1/range"
    /// The most branches a proof may have (keeps verification cost bounded).
    public static let maxBranches = 64

    public struct Branch: Sendable, Hashable, Codable {
        /// `a_ℓ` (commitment against G and A).
        public let a: Point
        /// `b_ℓ` (commitment against K and B − ℓG).
        public let b: Point
        public let challenge: Scalar
        public let response: Scalar

        public init(a: Point, b: Point, challenge: Scalar, response: Scalar) {
            self.a = a
            self.b = b
            self.challenge = challenge
            self.response = response
        }
    }

    /// The lower end of the range; the upper end is `min + branches.count − 1`.
    public let min: Int
    public let branches: [Branch]

    public var range: ClosedRange<Int> { min...(min + Swift.max(branches.count, 1) - 1) }

    public init(min: Int, branches: [Branch]) {
        self.min = min
        self.branches = branches
    }

    /// The challenge input: `H(tag, ctx, K, A, B, u32(min), u32(max), a_min, b_min, …, a_max, b_max)`.
    static func challenge(
        context: ProofContext, publicKey: Point, ciphertext: ElGamalCiphertext, range: ClosedRange<Int>,
        commitments: [(Point, Point)]
    ) -> Scalar {
        var parts: [[UInt8]] = [
            publicKey.bytes, ciphertext.a.bytes, ciphertext.b.bytes,
            DomainHash.uint32(UInt32(range.lowerBound)), DomainHash.uint32(UInt32(range.upperBound)),
        ]
        for (a, b) in commitments { parts.append(a.bytes); parts.append(b.bytes) }
        return Challenge.derive(tag: tag, context: context, parts)
    }

    static func validate(range: ClosedRange<Int>) throws {
        guard range.lowerBound >= 0, range.upperBound <= Int(UInt32.max) else {
            throw CryptoError(.outOfRange, "range \(range) must lie within [0, 2^32)")
        }
        guard range.count <= maxBranches else {
            throw CryptoError(.outOfRange, "range \(range) has \(range.count) values; at most \(maxBranches) are allowed")
        }
    }

    /// Proves that `ciphertext = Enc(value; nonce)` with `value ∈ range`.
    /// - Parameter tables: precomputed tables for G and `publicKey`, which make every commitment
    ///   a fixed-base multiplication. Variable time: for tools only, never a real voter's client
    ///   (see ``FixedBaseTable``); nil proves through libcrypto's constant-time path.
    /// - Parameter checkCiphertext: whether to recompute `Enc(value; nonce)` and compare it with
    ///   `ciphertext` first (a prover's own check, a fifth of a 0/1 proof's cost with tables).
    ///   A generator that has just made the ciphertext itself, and whose record is verified in
    ///   full anyway, may skip it: a wrong input then yields a proof that does not verify.
    public static func prove(
        ciphertext: ElGamalCiphertext, value: Int, nonce: Scalar, range: ClosedRange<Int>,
        publicKey: Point, context: ProofContext, tables: EncryptionTables? = nil, checkCiphertext: Bool = true
    ) throws -> RangeProof {
        try validate(range: range)
        guard range.contains(value) else {
            throw CryptoError(.outOfRange, "plaintext \(value) is not in \(range)")
        }
        if let tables {
            guard tables.jointKey.point == publicKey else {
                throw CryptoError(.invalidParameter, "range proof: the tables are for another key than the public key")
            }
        }
        if checkCiphertext {
            let reencrypted = try tables.map { try ElGamalCiphertext.encrypt(value, nonce: nonce, tables: $0) }
                ?? ElGamalCiphertext.encrypt(value, nonce: nonce, publicKey: publicKey)
            guard reencrypted == ciphertext else {
                throw CryptoError(.invalidParameter, "range proof: the ciphertext is not Enc(value; nonce)")
            }
        }
        let u = try Scalar.random()
        var simulated: [Int: (challenge: Scalar, response: Scalar)] = [:]
        for ell in range where ell != value { simulated[ell] = (try Scalar.random(), try Scalar.random()) }
        let commitments = try tables.map {
            commit(range: range, value: value, nonce: nonce, u: u, simulated: simulated, tables: $0)
        } ?? commit(range: range, u: u, simulated: simulated, ciphertext: ciphertext, publicKey: publicKey)
        let total = challenge(context: context, publicKey: publicKey, ciphertext: ciphertext, range: range,
                              commitments: commitments)
        let realChallenge = simulated.values.reduce(total) { $0 - $1.challenge }
        let branches = zip(range, commitments).map { ell, commitment in
            let (c, v) = simulated[ell] ?? (realChallenge, u + realChallenge * nonce)
            return Branch(a: commitment.0, b: commitment.1, challenge: c, response: v)
        }
        return RangeProof(min: range.lowerBound, branches: branches)
    }

    /// The commitments through libcrypto: the real branch `(u·G, u·K)`; a simulated branch
    /// `a_ℓ = v_ℓ·G − c_ℓ·A`, `b_ℓ = v_ℓ·K − c_ℓ·B + c_ℓ·ℓ·G`.
    private static func commit(
        range: ClosedRange<Int>, u: Scalar, simulated: [Int: (challenge: Scalar, response: Scalar)],
        ciphertext: ElGamalCiphertext, publicKey: Point
    ) throws -> [(Point, Point)] {
        try range.map { ell in
            guard let (c, v) = simulated[ell] else { return (try Point.base(u), try publicKey.multiplied(by: u)) }
            let a = try Point.linearCombination(generatorScalar: v, [(-c, ciphertext.a)])
            let b = try Point.linearCombination(
                generatorScalar: c * Scalar(UInt64(ell)), [(v, publicKey), (-c, ciphertext.b)])
            return (a, b)
        }
    }

    /// The same commitments from the tables alone: with `A = r·G` and `B = m·G + r·K`, a simulated
    /// branch is `a_ℓ = (v − c·r)·G` and `b_ℓ = (v − c·r)·K + c·(ℓ − m)·G`, all fixed-base.
    private static func commit(
        range: ClosedRange<Int>, value: Int, nonce: Scalar, u: Scalar,
        simulated: [Int: (challenge: Scalar, response: Scalar)], tables: EncryptionTables
    ) -> [(Point, Point)] {
        var pairs: [(g: Scalar, k: Scalar)] = []
        pairs.reserveCapacity(2 * range.count)
        for ell in range {
            guard let (c, v) = simulated[ell] else {
                pairs.append((g: u, k: .zero))
                pairs.append((g: .zero, k: u))
                continue
            }
            let w = v - c * nonce
            pairs.append((g: w, k: .zero))
            pairs.append((g: c * (Scalar(UInt64(ell)) - Scalar(UInt64(value))), k: w))
        }
        let points = tables.combinations(pairs)
        return stride(from: 0, to: points.count, by: 2).map { (points[$0], points[$0 + 1]) }
    }

    /// Checks the range and the challenge sum, and returns the `2·(max−min+1)` group equations.
    public func equations(
        ciphertext: ElGamalCiphertext, range expected: ClosedRange<Int>, publicKey: Point, context: ProofContext
    ) throws -> [VerificationEquation] {
        try Self.validate(range: expected)
        guard min == expected.lowerBound, branches.count == expected.count else {
            throw CryptoError(.outOfRange, "range proof covers \(min) with \(branches.count) branches; expected \(expected)")
        }
        try requireFinite([("public key", publicKey), ("A", ciphertext.a), ("B", ciphertext.b)], in: "range proof")
        let total = Self.challenge(context: context, publicKey: publicKey, ciphertext: ciphertext, range: expected,
                                   commitments: branches.map { ($0.a, $0.b) })
        let sum = branches.reduce(Scalar.zero) { $0 + $1.challenge }
        guard sum == total else {
            throw CryptoError(.challengeMismatch, "range proof: branch challenges do not sum to the Fiat-Shamir challenge")
        }
        var equations: [VerificationEquation] = []
        equations.reserveCapacity(2 * branches.count)
        for (ell, branch) in zip(expected, branches) {
            // v_ℓ·G = a_ℓ + c_ℓ·A   and   v_ℓ·K = b_ℓ + c_ℓ·(B − ℓ·G)
            equations.append(VerificationEquation(
                name: "branch \(ell): v·G = a + c·A", commitment: branch.a,
                generatorScalar: branch.response, terms: [(-branch.challenge, ciphertext.a)]))
            equations.append(VerificationEquation(
                name: "branch \(ell): v·K = b + c·(B − \(ell)·G)", commitment: branch.b,
                generatorScalar: branch.challenge * Scalar(UInt64(ell)),
                terms: [(branch.response, publicKey), (-branch.challenge, ciphertext.b)]))
        }
        return equations
    }

    /// Verifies singly (four two-term multiplications for a 0/1 proof).
    public func verify(
        ciphertext: ElGamalCiphertext, range: ClosedRange<Int>, publicKey: Point, context: ProofContext
    ) throws {
        try equations(ciphertext: ciphertext, range: range, publicKey: publicKey, context: context)
            .checkAll(proof: "range proof \(range)")
    }
}

extension RangeProof {
    enum CodingKeys: String, CodingKey { case min, branches }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let min = try container.decode(Int.self, forKey: .min)
        let branches = try container.decode([Branch].self, forKey: .branches)
        guard min >= 0, !branches.isEmpty, branches.count <= RangeProof.maxBranches else {
            throw DecodingError.dataCorruptedError(
                forKey: .branches, in: container,
                debugDescription: "a range proof has min ≥ 0 and 1...\(RangeProof.maxBranches) branches")
        }
        self.init(min: min, branches: branches)
    }
}
