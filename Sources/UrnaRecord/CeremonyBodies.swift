import UrnaCrypto

/// Body of a `trustee-commitment` entry (`Specs/election-record.md` §4.3): trustee `i`'s Feldman
/// commitments, a Schnorr proof of its constant term, and its shares encrypted to each other trustee.
public struct TrusteeCommitmentBody: Sendable, Hashable, Codable {
    public let trustee: Int
    public let commitments: FeldmanCommitments
    public let proof: SchnorrProof
    /// Recipient index (decimal string) → encrypted share `f_i(j)`.
    public let shares: [String: EncryptedShare]
    /// Trustee `i`'s identity signature (`Specs/crypto.md` §6); nil only before signing.
    public let identitySignature: HexBytes?

    enum CodingKeys: String, CodingKey {
        case trustee, commitments, proof, shares
        case identitySignature = "identity_signature"
    }

    public init(trustee: Int, commitments: FeldmanCommitments, proof: SchnorrProof, shares: [String: EncryptedShare],
                identitySignature: HexBytes? = nil) {
        self.trustee = trustee
        self.commitments = commitments
        self.proof = proof
        self.shares = shares
        self.identitySignature = identitySignature
    }

    /// Context of the Schnorr proof: `[setup digest, "commitment", u32(i)]`.
    public static func proofContext(setupDigest: [UInt8], trustee: Int) -> ProofContext {
        ProofContext([setupDigest, Array("commitment".utf8), DomainHash.uint32(UInt32(trustee))])
    }

    /// Context of the share sent from `sender` to `recipient`: `[setup digest, "share", u32(i), u32(j)]`.
    public static func shareContext(setupDigest: [UInt8], sender: Int, recipient: Int) -> ProofContext {
        ProofContext([setupDigest, Array("share".utf8), DomainHash.uint32(UInt32(sender)), DomainHash.uint32(UInt32(recipient))])
    }
}

/// Body of a `complaint` entry (§4.4): trustee `accuser` reveals the ECDH point of the share
/// `accused` sent it, with a proof, so anyone can open the box and judge the share.
public struct ComplaintBody: Sendable, Hashable, Codable {
    public let accuser: Int
    public let accused: Int
    /// `e_j·Y`: the accuser's ECDH point with the share's ephemeral key.
    public let sharedPoint: Point
    /// Chaum-Pedersen proof that `log_G E_j = log_Y sharedPoint`.
    public let proof: ChaumPedersenProof
    /// The accuser's identity signature (`Specs/crypto.md` §6); nil only before signing.
    public let identitySignature: HexBytes?

    enum CodingKeys: String, CodingKey {
        case accuser, accused, proof
        case sharedPoint = "shared_point"
        case identitySignature = "identity_signature"
    }

    public init(accuser: Int, accused: Int, sharedPoint: Point, proof: ChaumPedersenProof,
                identitySignature: HexBytes? = nil) {
        self.accuser = accuser
        self.accused = accused
        self.sharedPoint = sharedPoint
        self.proof = proof
        self.identitySignature = identitySignature
    }

    public static func proofContext(setupDigest: [UInt8], accuser: Int, accused: Int) -> ProofContext {
        ProofContext([setupDigest, Array("complaint".utf8), DomainHash.uint32(UInt32(accuser)), DomainHash.uint32(UInt32(accused))])
    }
}

/// Body of the `joint-key` entry (§4.5).
public struct JointKeyBody: Sendable, Hashable, Codable {
    /// `K = Σ_{i ∈ qualified} C_i0`.
    public let jointKey: Point
    /// Trustees whose shares were not upheld against by a complaint, ascending.
    public let qualified: [Int]
    /// Trustee index (decimal string) → public share `K_j`.
    public let publicShares: [String: Point]

    enum CodingKeys: String, CodingKey {
        case qualified
        case jointKey = "joint_key"
        case publicShares = "public_shares"
    }

    public init(jointKey: Point, qualified: [Int], publicShares: [String: Point]) {
        self.jointKey = jointKey
        self.qualified = qualified
        self.publicShares = publicShares
    }
}

/// Body of the phase entries `ceremony`, `open` and `close` (§4.2).
public struct PhaseBody: Sendable, Hashable, Codable {
    public let phase: Phase

    public init(phase: Phase) { self.phase = phase }
}
