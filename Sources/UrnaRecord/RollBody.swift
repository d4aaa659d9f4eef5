import UrnaCrypto

/// Body of a `roll` entry (`Specs/election-record.md` §4.1a): one district's pseudonyms (or a
/// part of them), each with the commitment to its activation code, signed by the registrar.
public struct RollBody: Sendable, Hashable, Codable {
    /// The registrar splits a district into entries of at most this many pseudonyms.
    public static let maxPseudonymsPerEntry = 50_000

    public let district: String
    /// Pseudonym (32 lowercase hex digits) → commitment `H("urna/v1/code-commitment", …)`.
    public let pseudonyms: [String: HexBytes]
    /// The registrar's identity signature (`Specs/crypto.md` §6); nil only while signing.
    public let identitySignature: HexBytes?

    enum CodingKeys: String, CodingKey {
        case district, pseudonyms
        case identitySignature = "identity_signature"
    }

    public init(district: String, pseudonyms: [String: HexBytes], identitySignature: HexBytes?) {
        self.district = district
        self.pseudonyms = pseudonyms
        self.identitySignature = identitySignature
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        district = try container.decode(String.self, forKey: .district)
        pseudonyms = try container.decode([String: HexBytes].self, forKey: .pseudonyms)
        identitySignature = try container.decode(HexBytes.self, forKey: .identitySignature)
    }

    /// `M` of `Specs/crypto.md` §6: the canonical bytes without `identity_signature`.
    public func unsignedBytes() throws -> [UInt8] {
        try CanonicalJSON.encode(RollBody(district: district, pseudonyms: pseudonyms, identitySignature: nil))
    }

    /// The body signed with the registrar's identity key.
    public func signed(with key: Ed25519PrivateKey, setupDigest: [UInt8]) throws -> RollBody {
        let signature = try IdentitySignature.sign(key, setupDigest: setupDigest, kind: .roll, unsignedBody: unsignedBytes())
        return RollBody(district: district, pseudonyms: pseudonyms, identitySignature: HexBytes(signature))
    }

    /// True when the registrar's identity signature verifies.
    public func hasValidSignature(registrarKey: [UInt8], setupDigest: [UInt8]) -> Bool {
        guard let signature = identitySignature?.bytes, let unsigned = try? unsignedBytes() else { return false }
        return IdentitySignature.isValid(signature, identityKey: registrarKey, setupDigest: setupDigest, kind: .roll, unsignedBody: unsigned)
    }
}

/// Body of an `issuance` entry (§4.6): per district, the pseudonyms issued a token since the
/// previous batch, each with the activation code it presented, revealed (22 canonical symbols).
public struct IssuanceBody: Sendable, Hashable, Codable {
    /// District id → pseudonym (hex) → revealed code (canonical form).
    public let districts: [String: [String: String]]

    public init(districts: [String: [String: String]]) {
        self.districts = districts
    }

    /// Tokens in the batch, per district.
    public var counts: [String: Int] { districts.mapValues(\.count) }
}

/// What the registrar hands the commission to publish (§8.3):
/// `{"urna_registrar_message": "roll", "bodies": [roll body, …]}`.
public struct RegistrarMessage: Sendable, Codable {
    public static let rollKind = "roll"

    public let kind: String
    public let bodies: [RollBody]

    enum CodingKeys: String, CodingKey {
        case kind = "urna_registrar_message"
        case bodies
    }

    public init(bodies: [RollBody]) {
        self.kind = Self.rollKind
        self.bodies = bodies
    }
}
