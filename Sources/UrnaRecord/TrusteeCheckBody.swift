import UrnaCrypto

/// Body of a `trustee-check` entry (`Specs/election-record.md` §4.4a): trustee `j` states that it
/// checked the share every other trustee sent it and names the trustees it complains about
/// (their `complaint` entries, with the evidence, come before the check). Signed by the
/// trustee: a Schnorr proof of knowledge of its secret encryption key `e_j` (`E_j = e_j·G`)
/// whose context binds the election, the trustee, every commitment it checked and its complaints.
/// The commission cannot write one in a trustee's name.
public struct TrusteeCheckBody: Sendable, Hashable, Codable {
    public let trustee: Int
    /// Indices of the trustees whose share `trustee` complains about, strictly ascending (often empty).
    public let complaints: [Int]
    /// Schnorr proof of knowledge of `e_j` for `X = E_j` under ``signatureContext(setupDigest:trustee:checked:complaints:)``.
    public let signature: SchnorrProof
    /// Trustee `j`'s identity signature (`Specs/crypto.md` §6); nil only before signing.
    public let identitySignature: HexBytes?

    enum CodingKeys: String, CodingKey {
        case trustee, complaints, signature
        case identitySignature = "identity_signature"
    }

    public init(trustee: Int, complaints: [Int], signature: SchnorrProof, identitySignature: HexBytes? = nil) {
        self.trustee = trustee
        self.complaints = complaints
        self.signature = signature
        self.identitySignature = identitySignature
    }

    /// `H("urna/v1/checked-commitments", C_1, …, C_n)`: the stored body bytes of every trustee's
    /// commitment entry, in index order. The check covers exactly these commitments.
    public static func checkedDigest(commitmentBodies: [[UInt8]]) -> [UInt8] {
        DomainHash.hash(tag: "urna/v1/checked-commitments", commitmentBodies)
    }

    /// `[setup digest, "trustee-check", u32(j), checked digest, u32(a_1), …, u32(a_m)]`.
    public static func signatureContext(setupDigest: [UInt8], trustee: Int, checked: [UInt8], complaints: [Int]) -> ProofContext {
        ProofContext([setupDigest, Array("trustee-check".utf8), DomainHash.uint32(UInt32(truncatingIfNeeded: trustee)), checked]
                     + complaints.map { DomainHash.uint32(UInt32(truncatingIfNeeded: $0)) })
    }
}

/// What `urna trustee check` hands the commission (`Specs/election-record.md` §8.2): the
/// trustee's complaints (one `complaint` entry each, appended first) and its signed check.
public struct TrusteeCheckMessage: Sendable, Hashable, Codable {
    public let check: TrusteeCheckBody
    public let complaints: [ComplaintBody]

    public init(check: TrusteeCheckBody, complaints: [ComplaintBody]) {
        self.check = check
        self.complaints = complaints
    }
}
