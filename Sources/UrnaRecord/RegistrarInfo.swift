import UrnaCrypto

/// The registrar as the `election` entry names it (`Specs/election-record.md` §4.1), and the
/// registration file the registrar hands the commission (§8.3), which has the same fields:
/// `{"identity_key": "<64 hex>", "name": "registrar", "voters": {"north": 1200}}`.
public struct RegistrarInfo: Sendable, Hashable, Codable {
    /// The most voters a district may announce.
    public static let maxVoters = 10_000_000

    public let name: String
    /// The registrar's Ed25519 identity key, which signs the `roll` entries.
    public let identityKey: HexBytes
    /// District id → the number of voters the registrar announced (the roll's size there).
    public let voters: [String: Int]

    enum CodingKeys: String, CodingKey {
        case name, voters
        case identityKey = "identity_key"
    }

    public init(name: String, identityKey: [UInt8], voters: [String: Int]) throws {
        self.name = name
        self.identityKey = HexBytes(identityKey)
        self.voters = voters
        try validate()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        identityKey = try container.decode(HexBytes.self, forKey: .identityKey)
        voters = try container.decode([String: Int].self, forKey: .voters)
        try validate()
    }

    /// Rules that need no manifest: the name, the key, the counts' range.
    func validate() throws {
        guard Manifest.isValidIdentifier(name) else {
            throw RecordError(.invalidManifest, "registrar.name: '\(TerminalText.escaped(name))' is not 1–64 characters of a–z, A–Z, 0–9, '.', '_', '-'")
        }
        do {
            _ = try Ed25519PublicKey(rawRepresentation: identityKey.bytes)
        } catch {
            throw RecordError(.invalidManifest, "registrar.identity_key: not a valid Ed25519 public key (\(error))")
        }
        for (district, count) in voters.sorted(by: { $0.key < $1.key }) where !(0...Self.maxVoters).contains(count) {
            throw RecordError(.invalidManifest, "registrar.voters.\(TerminalText.escaped(district)): \(count) is outside 0…\(Self.maxVoters)")
        }
    }

    /// The announced districts must be exactly the manifest's.
    public func validate(against manifest: Manifest) throws {
        let known = Set(manifest.districts.map(\.id)), announced = Set(voters.keys)
        guard known == announced else {
            let missing = known.subtracting(announced).sorted(), unknown = announced.subtracting(known).sorted()
            var parts: [String] = []
            if !missing.isEmpty { parts.append("no count for \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { parts.append("districts not in the manifest: \(unknown.map(TerminalText.escaped).joined(separator: ", "))") }
            throw RecordError(.invalidManifest, "registrar.voters: must name exactly the manifest's districts (\(parts.joined(separator: "; ")))")
        }
    }

    /// The fingerprint people compare out of band.
    public var fingerprint: String { IdentityKeyFingerprint.of(identityKey.bytes) }

    /// Voters announced in all districts.
    public var totalVoters: Int { voters.values.reduce(0, +) }
}
