import Foundation
import UrnaCrypto

/// What a trustee hands the commission to be registered in the `election` entry
/// (`Specs/election-record.md` §4.1, §8.1): its name, the P-256 key other trustees encrypt key
/// shares to, and the Ed25519 identity key that signs its messages (`Specs/crypto.md` §6).
/// JSON `{"encryption_key": "02…", "identity_key": "<64 hex>", "name": "t1"}`.
public struct TrusteePublicInfo: Codable, Sendable, Hashable {
    /// The trustee's identifier (1–64 characters of `a–z A–Z 0–9 . _ -`).
    public let name: String
    /// `E = e·G`, the share-encryption key (`Specs/crypto.md` §5.3).
    public let encryptionKey: Point
    /// The trustee's Ed25519 identity key (32 bytes).
    public let identityKey: HexBytes

    enum CodingKeys: String, CodingKey {
        case name
        case encryptionKey = "encryption_key"
        case identityKey = "identity_key"
    }

    public init(name: String, encryptionKey: Point, identityKey: HexBytes) throws {
        guard Manifest.isValidIdentifier(name) else {
            throw RecordError(.invalidManifest, "trustee name '\(name)' is not 1–64 characters of a–z, A–Z, 0–9, '.', '_', '-'")
        }
        guard !encryptionKey.isInfinity else {
            throw RecordError(.invalidManifest, "trustee '\(name)': the encryption key is the point at infinity")
        }
        guard (try? Ed25519PublicKey(rawRepresentation: identityKey.bytes)) != nil else {
            throw RecordError(.invalidManifest,
                              "trustee '\(name)': identity_key is not a valid Ed25519 public key (32 bytes, canonical, not of small order); the trustee makes a new key file with 'urna trustee init'")
        }
        self.init(validatedName: name, encryptionKey: encryptionKey, identityKey: identityKey)
    }

    /// For a name and keys already validated (a key file's).
    package init(validatedName name: String, encryptionKey: Point, identityKey: HexBytes) {
        self.name = name
        self.encryptionKey = encryptionKey
        self.identityKey = identityKey
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.identityKey) else {
            throw RecordError(.invalidManifest,
                              "trustee registration without identity_key: it was made before identity signatures; the trustee runs 'urna trustee init' with a new key file and sends the new public info")
        }
        try self.init(name: try container.decode(String.self, forKey: .name),
                      encryptionKey: try container.decode(Point.self, forKey: .encryptionKey),
                      identityKey: try container.decode(HexBytes.self, forKey: .identityKey))
    }

    /// The `trustees` element of the `election` body for this trustee at `index`.
    public func trustee(index: Int) -> ElectionBody.Trustee {
        ElectionBody.Trustee(index: index, name: name, encryptionKey: encryptionKey, identityKey: identityKey)
    }
}
