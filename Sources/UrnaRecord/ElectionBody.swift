import UrnaCrypto

/// Body of the first entry, kind `election` (`Specs/election-record.md` §4.1): the manifest,
/// the public keys every later check needs, and the trustees.
public struct ElectionBody: Sendable, Hashable, Codable {
    public struct Trustee: Sendable, Hashable, Codable {
        /// 1-based index, the x-coordinate of the trustee's share.
        public let index: Int
        public let name: String
        /// The P-256 key other trustees encrypt key shares to (`Specs/crypto.md` §5.3).
        public let encryptionKey: Point
        /// The Ed25519 key that signs every body the trustee publishes (`Specs/crypto.md` §6).
        public let identityKey: HexBytes

        enum CodingKeys: String, CodingKey {
            case index, name
            case encryptionKey = "encryption_key"
            case identityKey = "identity_key"
        }

        public init(index: Int, name: String, encryptionKey: Point, identityKey: HexBytes) {
            self.index = index
            self.name = name
            self.encryptionKey = encryptionKey
            self.identityKey = identityKey
        }
    }

    public static let currentVersion = 1

    public let version: Int
    public let manifest: Manifest
    /// The ledger's checkpoint verifier key, C2SP `name+keyid+base64`.
    public let ledgerKey: String
    /// RFC 9474 token key per district: base64 of the SubjectPublicKeyInfo DER.
    public let tokenKeys: [String: String]
    public let trustees: [Trustee]
    public let threshold: Int
    /// The registrar: its identity key, which signs the roll, and the voters it announced.
    public let registrar: RegistrarInfo

    enum CodingKeys: String, CodingKey {
        case version, manifest, trustees, threshold, registrar
        case ledgerKey = "ledger_key"
        case tokenKeys = "token_keys"
    }

    public init(manifest: Manifest, ledgerKey: String, tokenKeys: [String: String], trustees: [Trustee],
                threshold: Int, registrar: RegistrarInfo) throws {
        self.version = Self.currentVersion
        self.registrar = registrar
        self.manifest = manifest
        self.ledgerKey = ledgerKey
        self.tokenKeys = tokenKeys
        self.trustees = trustees
        self.threshold = threshold
        try validate()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        manifest = try container.decode(Manifest.self, forKey: .manifest)
        ledgerKey = try container.decode(String.self, forKey: .ledgerKey)
        tokenKeys = try container.decode([String: String].self, forKey: .tokenKeys)
        trustees = try container.decode([Trustee].self, forKey: .trustees)
        threshold = try container.decode(Int.self, forKey: .threshold)
        registrar = try container.decode(RegistrarInfo.self, forKey: .registrar)
        try validate()
    }

    func validate() throws {
        guard version == Self.currentVersion else {
            throw RecordError(.invalidManifest, "version: \(version) is not supported (expected \(Self.currentVersion))")
        }
        guard !trustees.isEmpty, trustees.count <= Threshold.maxTrustees else {
            throw RecordError(.invalidManifest, "trustees: \(trustees.count) trustees; 1...\(Threshold.maxTrustees) are allowed")
        }
        guard trustees.map(\.index) == Array(1...trustees.count) else {
            throw RecordError(.invalidManifest, "trustees: indices must be 1...\(trustees.count) in order")
        }
        guard Set(trustees.map(\.name)).count == trustees.count, trustees.allSatisfy({ Manifest.isValidIdentifier($0.name) }) else {
            throw RecordError(.invalidManifest, "trustees: names must be distinct identifiers")
        }
        for trustee in trustees {
            guard (try? Ed25519PublicKey(rawRepresentation: trustee.identityKey.bytes)) != nil else {
                throw RecordError(.invalidManifest,
                                  "trustees[\(trustee.index - 1)].identity_key: not a valid Ed25519 public key (32 bytes, canonical, not of small order)")
            }
        }
        guard Set(trustees.map(\.identityKey)).count == trustees.count else {
            throw RecordError(.invalidManifest, "trustees: two trustees have the same identity_key; each trustee makes its own")
        }
        guard (1...trustees.count).contains(threshold) else {
            throw RecordError(.invalidManifest, "threshold: \(threshold) is outside 1...\(trustees.count)")
        }
        guard Set(tokenKeys.keys) == Set(manifest.districts.map(\.id)) else {
            throw RecordError(.invalidManifest, "token_keys: need exactly one key per district")
        }
        try registrar.validate(against: manifest)
        guard !trustees.contains(where: { $0.identityKey == registrar.identityKey }) else {
            throw RecordError(.invalidManifest, "registrar.identity_key: it is also a trustee's identity key; the registrar and each trustee make keys of their own")
        }
    }

    /// `H("urna/v1/setup", body)`: binds ceremony proofs to this election before the joint key exists.
    public static func setupDigest(bodyBytes: [UInt8]) -> [UInt8] {
        DomainHash.hash(tag: "urna/v1/setup", [bodyBytes])
    }

    /// The election hash `H("urna/v1/election-hash", body, K)` that every ballot proof binds.
    public static func electionHash(bodyBytes: [UInt8], jointKey: Point) -> [UInt8] {
        DomainHash.hash(tag: "urna/v1/election-hash", [bodyBytes, jointKey.bytes])
    }
}
