import UrnaCrypto

/// Body of the `tally` entry (`Specs/election-record.md` §4.8): the homomorphic aggregates of
/// the counted ballots, per district, contest and candidate, which trustees then decrypt.
/// Built by ``TallyBody/compute(manifest:counted:)``. Aggregates may contain the point at
/// infinity (a district with no counted ballot has `(O, O)`), so decoding is custom
/// (`TallyBodies+Codable.swift`).
public struct TallyBody: Sendable, Hashable, Codable {
    public struct ContestAggregate: Sendable, Hashable, Codable {
        /// Ballots counted in this district (the discrete-log bound).
        public let ballots: Int
        /// Candidate id → Σ of that selection's ciphertexts.
        public let selections: [String: ElGamalCiphertext]

        public init(ballots: Int, selections: [String: ElGamalCiphertext]) {
            self.ballots = ballots
            self.selections = selections
        }
    }

    /// District id → contest id → aggregate.
    public let districts: [String: [String: ContestAggregate]]

    public init(districts: [String: [String: ContestAggregate]]) {
        self.districts = districts
    }

    /// Context of trustee `j`'s decryption-share proof for one aggregate:
    /// `[election hash, "tally", district, contest, candidate, u32(j)]`.
    public static func shareContext(electionHash: [UInt8], district: String, contest: String, candidate: String,
                                    trustee: Int) -> ProofContext {
        ProofContext([electionHash, Array("tally".utf8), Array(district.utf8), Array(contest.utf8),
                      Array(candidate.utf8), DomainHash.uint32(UInt32(trustee))])
    }
}

/// Body of a `tally-share` entry (§4.9): trustee `j`'s partial decryption of every aggregate.
public struct TallyShareBody: Sendable, Hashable, Codable {
    /// One aggregate's partial decryption. JSON `{"share": hex, "proof": {…}}`, or `{"share": "00"}`
    /// without a proof when the aggregate's `A` is `O` (§4.9; decoding in `TallyBodies+Codable.swift`).
    public struct Share: Sendable, Hashable, Codable {
        /// `M_j = s_j·A`; the point at infinity exactly when `A` is.
        public let share: Point
        /// Chaum-Pedersen proof that `log_G K_j = log_A M_j`; nil exactly when `A` is `O`.
        public let proof: ChaumPedersenProof?

        public init(share: Point, proof: ChaumPedersenProof?) {
            self.share = share
            self.proof = proof
        }
    }

    public let trustee: Int
    /// District id → contest id → candidate id → share.
    public let shares: [String: [String: [String: Share]]]
    /// Trustee `j`'s identity signature (`Specs/crypto.md` §6); nil only before signing.
    public let identitySignature: HexBytes?

    enum CodingKeys: String, CodingKey {
        case trustee, shares
        case identitySignature = "identity_signature"
    }

    public init(trustee: Int, shares: [String: [String: [String: Share]]], identitySignature: HexBytes? = nil) {
        self.trustee = trustee
        self.shares = shares
        self.identitySignature = identitySignature
    }
}

/// Body of the `result` entry (§4.10): the decrypted counts.
public struct ResultBody: Sendable, Hashable, Codable {
    public struct DistrictResult: Sendable, Hashable, Codable {
        public let ballots: Int
        /// Contest id → candidate id → count.
        public let contests: [String: [String: Int]]

        public init(ballots: Int, contests: [String: [String: Int]]) {
            self.ballots = ballots
            self.contests = contests
        }
    }

    /// The trustees whose shares were combined, ascending.
    public let trustees: [Int]
    public let districts: [String: DistrictResult]
    /// Contest id → candidate id → count over all districts.
    public let totals: [String: [String: Int]]

    public init(trustees: [Int], districts: [String: DistrictResult]) {
        self.trustees = trustees
        self.districts = districts
        var totals: [String: [String: Int]] = [:]
        for result in districts.values {
            for (contest, counts) in result.contests {
                for (candidate, count) in counts { totals[contest, default: [:]][candidate, default: 0] += count }
            }
        }
        self.totals = totals
    }

    /// A body as read from a record, `totals` as published (``init(from:)``).
    init(trustees: [Int], districts: [String: DistrictResult], totals: [String: [String: Int]]) {
        self.trustees = trustees
        self.districts = districts
        self.totals = totals
    }
}
