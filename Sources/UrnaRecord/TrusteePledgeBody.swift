import UrnaCrypto

/// Body of a `trustee-pledge` entry (`Specs/election-record.md` §4.2a): trustee `i`'s binding
/// hash of the Feldman commitments it will reveal in its `trustee-commitment` entry. Every
/// trustee pledges before any trustee reveals, so no trustee can choose its polynomial after
/// seeing the others' (a rushing trustee could otherwise bias the joint key).
public struct TrusteePledgeBody: Sendable, Hashable, Codable {
    public static let hashTag = "urna/v1/commitments-hash"

    public let trustee: Int
    /// `H("urna/v1/commitments-hash", setup digest, u32(i), C_i0, …, C_i,k−1)`.
    public let commitmentsHash: HexBytes
    /// Trustee `i`'s identity signature (`Specs/crypto.md` §6); nil only before signing.
    public let identitySignature: HexBytes?

    enum CodingKeys: String, CodingKey {
        case trustee
        case commitmentsHash = "commitments_hash"
        case identitySignature = "identity_signature"
    }

    public init(trustee: Int, commitmentsHash: HexBytes, identitySignature: HexBytes? = nil) {
        self.trustee = trustee
        self.commitmentsHash = commitmentsHash
        self.identitySignature = identitySignature
    }

    /// The pledge of trustee `trustee` to `commitments` (unsigned).
    public init(trustee: Int, commitments: FeldmanCommitments, setupDigest: [UInt8]) {
        self.init(trustee: trustee,
                  commitmentsHash: HexBytes(Self.commitmentsHash(setupDigest: setupDigest, trustee: trustee, commitments: commitments)))
    }

    /// `H("urna/v1/commitments-hash", setup digest, u32(i), C_i0, …, C_i,k−1)`, each point in
    /// its 33-byte compressed form as its own length-prefixed item.
    public static func commitmentsHash(setupDigest: [UInt8], trustee: Int, commitments: FeldmanCommitments) -> [UInt8] {
        DomainHash.hash(tag: hashTag, [setupDigest, DomainHash.uint32(UInt32(truncatingIfNeeded: trustee))]
                        + commitments.points.map(\.bytes))
    }
}
