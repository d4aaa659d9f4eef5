import UrnaCrypto

/// What a trustee hands the commission to be registered in the `election` entry
/// (`Specs/election-record.md` §4.1): its name and the P-256 key other trustees encrypt key
/// shares to. JSON `{"encryption_key": "02…", "name": "t1"}`.
public struct TrusteePublicInfo: Codable, Sendable, Hashable {
    /// The trustee's identifier (1–64 characters of `a–z A–Z 0–9 . _ -`).
    public let name: String
    /// `E = e·G`, the share-encryption key (`Specs/crypto.md` §5.3).
    public let encryptionKey: Point

    enum CodingKeys: String, CodingKey {
        case name
        case encryptionKey = "encryption_key"
    }

    public init(name: String, encryptionKey: Point) throws {
        guard Manifest.isValidIdentifier(name) else {
            throw RecordError(.invalidManifest, "trustee name '\(name)' is not 1–64 characters of a–z, A–Z, 0–9, '.', '_', '-'")
        }
        guard !encryptionKey.isInfinity else {
            throw RecordError(.invalidManifest, "trustee '\(name)': the encryption key is the point at infinity")
        }
        self.init(validatedName: name, encryptionKey: encryptionKey)
    }

    /// For a name and key already validated (a key file's).
    package init(validatedName name: String, encryptionKey: Point) {
        self.name = name
        self.encryptionKey = encryptionKey
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(name: try container.decode(String.self, forKey: .name),
                      encryptionKey: try container.decode(Point.self, forKey: .encryptionKey))
    }

    /// The `trustees` element of the `election` body for this trustee at `index`.
    public func trustee(index: Int) -> ElectionBody.Trustee {
        ElectionBody.Trustee(index: index, name: name, encryptionKey: encryptionKey)
    }
}
