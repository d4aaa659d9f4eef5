import UrnaCrypto
import UrnaRecord

/// A trustee's private key file: its name, its share-encryption key pair and, once it has
/// joined an election's key ceremony, its secret polynomial and the key shares it received.
///
/// **The file holds secrets and must be kept private** (mode 0600, never uploaded, backed up
/// only offline): with `threshold` such files anyone can decrypt every ballot of the election.
/// Nothing secret leaves it except through ``decrypt(tally:jointKey:electionBodyBytes:)``'s
/// partial decryptions and the ECDH point a complaint reveals (`Specs/election-record.md` §4.4).
///
/// One key file takes part in one election: ``pledge(electionBodyBytes:)`` binds it to the
/// election's setup digest. Write the file (``write(to:)``) after every mutating call and before
/// publishing its result, so that a published commitment is never lost.
///
/// JSON (keys sorted):
/// ```json
/// {"ceremony": {"coefficients": ["<scalar>", …], "commitment": { §4.3 body },
///               "check": {"body": { §4.4a body }, "checked": "<64 hex>"},
///               "complaints": {"3": { §4.4 body }}, "index": 1, "pledge": { §4.2a body },
///               "received_shares": {"2": "<scalar>", …}, "setup_digest": "<64 hex>"},
///  "encryption_key": "02…", "encryption_secret": "<scalar>",
///  "identity_key": "<64 hex>", "identity_secret": "<64 hex>", "name": "t1", "version": 1}
/// ```
///
/// The identity key (Ed25519, `Specs/crypto.md` §6) signs every body the trustee publishes;
/// `identity_secret` is its 32-byte seed (RFC 8032).
public struct TrusteeKeyFile: Codable, Sendable {
    public static let currentVersion = 1

    /// The state of the key ceremony this key file joined.
    struct Ceremony: Codable, Sendable {
        /// `H("urna/v1/setup", election body)` of the election pledged to.
        let setupDigest: HexBytes
        /// This trustee's index in that election.
        let index: Int
        /// The secret polynomial `a_0 … a_{k−1}` (non-zero scalars).
        let coefficients: [Scalar]
        /// The signed commitment body made from the polynomial, revealed once every trustee pledged.
        let commitment: TrusteeCommitmentBody
        /// The signed pledge to ``commitment``'s commitments (`Specs/election-record.md` §4.2a).
        let pledge: TrusteePledgeBody
        /// Sender index (decimal) → the valid share `f_i(j)` it sent.
        var receivedShares: [String: Scalar]
        /// Accused index (decimal) → the complaint made against its share.
        var complaints: [String: ComplaintBody]
        /// The signed check, once made (absent in files written before checks existed).
        var check: SignedCheck? = nil
        /// SHA-256 of the canonical bytes of the one `tally` body this key file decrypted: a
        /// trustee decrypts one tally per election, never a second one (a fork of the record
        /// holding fewer ballots could reveal single votes).
        var decryptedTally: HexBytes? = nil
        /// Trustee index (decimal) → the `commitments_hash` of that trustee's pledge in the record
        /// this key file revealed its commitments on. A trustee whose revealed commitments do not
        /// match it pledged again after seeing this one's: a rushing trustee, shown with a fork.
        var revealedAgainst: [String: HexBytes]? = nil

        enum CodingKeys: String, CodingKey {
            case index, coefficients, commitment, complaints, check, pledge
            case decryptedTally = "decrypted_tally"
            case revealedAgainst = "revealed_against"
            case setupDigest = "setup_digest"
            case receivedShares = "received_shares"
        }

        var polynomial: SecretPolynomial {
            get throws { try SecretPolynomial(coefficients: coefficients) }
        }
    }

    /// A check this key file signed, with the digest of the commitments it covers.
    struct SignedCheck: Codable, Sendable {
        let checked: HexBytes
        let body: TrusteeCheckBody
    }

    public let version: Int
    /// The trustee's identifier, as registered in the election.
    public let name: String
    /// `e`, the secret share-encryption key.
    let encryptionSecret: Scalar
    /// `E = e·G`.
    public let encryptionKey: Point
    /// The 32-byte Ed25519 seed of the identity key.
    let identitySecret: HexBytes
    /// The identity key (Ed25519 public key, 32 bytes).
    public let identityKey: HexBytes
    var ceremony: Ceremony?

    enum CodingKeys: String, CodingKey {
        case version, name, ceremony
        case encryptionSecret = "encryption_secret"
        case encryptionKey = "encryption_key"
        case identitySecret = "identity_secret"
        case identityKey = "identity_key"
    }

    /// A new key file with a fresh share-encryption key pair and a fresh identity key.
    public static func create(name: String) throws -> TrusteeKeyFile {
        guard Manifest.isValidIdentifier(name) else {
            throw RecordError(.keyFile, "trustee name '\(name)' is not 1–64 characters of a–z, A–Z, 0–9, '.', '_', '-'")
        }
        let secret = try Scalar.random()
        let identity = try Ed25519PrivateKey()
        return TrusteeKeyFile(version: currentVersion, name: name, encryptionSecret: secret,
                              encryptionKey: try Point.base(secret), identitySecret: HexBytes(identity.rawRepresentation),
                              identityKey: HexBytes(identity.publicKey.rawRepresentation), ceremony: nil)
    }

    private init(version: Int, name: String, encryptionSecret: Scalar, encryptionKey: Point, identitySecret: HexBytes,
                 identityKey: HexBytes, ceremony: Ceremony?) {
        self.version = version
        self.name = name
        self.encryptionSecret = encryptionSecret
        self.encryptionKey = encryptionKey
        self.identitySecret = identitySecret
        self.identityKey = identityKey
        self.ceremony = ceremony
    }

    /// Decodes and checks the file's consistency: version, name, `E = e·G`, the identity key
    /// against its seed, and the ceremony's polynomial against its commitment and pledge. A
    /// key file made before identity keys existed is refused: its trustee makes a new one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        name = try container.decode(String.self, forKey: .name)
        guard container.contains(.identitySecret), container.contains(.identityKey) else {
            throw RecordError(.keyFile,
                              "this key file has no identity key (it was made before trustees signed their messages); run 'urna trustee init' with a new key file and give its public info to the commission for a new election")
        }
        encryptionSecret = try container.decode(Scalar.self, forKey: .encryptionSecret)
        encryptionKey = try container.decode(Point.self, forKey: .encryptionKey)
        identitySecret = try container.decode(HexBytes.self, forKey: .identitySecret)
        identityKey = try container.decode(HexBytes.self, forKey: .identityKey)
        ceremony = try container.decodeIfPresent(Ceremony.self, forKey: .ceremony)
        try validate()
    }

    func validate() throws {
        guard version == Self.currentVersion else {
            throw RecordError(.keyFile, "key file version \(version) is not supported (expected \(Self.currentVersion))")
        }
        guard Manifest.isValidIdentifier(name) else { throw RecordError(.keyFile, "name '\(name)' is not an identifier") }
        guard !encryptionSecret.isZero, try Point.base(encryptionSecret) == encryptionKey else {
            throw RecordError(.keyFile, "encryption_key is not encryption_secret·G")
        }
        guard identitySecret.bytes.count == Ed25519PrivateKey.byteCount,
              let identity = try? Ed25519PrivateKey(rawRepresentation: identitySecret.bytes),
              identity.publicKey.rawRepresentation == identityKey.bytes else {
            throw RecordError(.keyFile, "identity_key is not the Ed25519 public key of identity_secret")
        }
        guard let ceremony else { return }
        let polynomial: SecretPolynomial
        do { polynomial = try ceremony.polynomial } catch let error as CryptoError {
            throw RecordError(.keyFile, "ceremony.coefficients: \(error.reason)")
        }
        guard try polynomial.commitments() == ceremony.commitment.commitments, ceremony.commitment.trustee == ceremony.index else {
            throw RecordError(.keyFile, "ceremony.commitment does not match the polynomial or the index")
        }
        guard ceremony.pledge == TrusteePledgeBody(trustee: ceremony.index, commitments: ceremony.commitment.commitments,
                                                   setupDigest: ceremony.setupDigest.bytes)
                                     .withIdentitySignature(ceremony.pledge.identitySignature) else {
            throw RecordError(.keyFile, "ceremony.pledge is not the pledge of the polynomial's commitments")
        }
        guard ceremony.receivedShares.values.allSatisfy({ !$0.isZero }) else {
            throw RecordError(.keyFile, "ceremony.received_shares holds a zero share")
        }
        guard ceremony.decryptedTally.map({ $0.bytes.count == 32 }) ?? true else {
            throw RecordError(.keyFile, "ceremony.decrypted_tally is not a 32-byte digest")
        }
        guard ceremony.check.map({ $0.body.trustee == ceremony.index && $0.checked.bytes.count == 32 }) ?? true else {
            throw RecordError(.keyFile, "ceremony.check is not a check of trustee \(ceremony.index) over a 32-byte commitments digest")
        }
    }

    /// Name and encryption key, for the commission to register.
    public var publicInfo: TrusteePublicInfo {
        // All three were validated when the file was created or decoded.
        TrusteePublicInfo(validatedName: name, encryptionKey: encryptionKey, identityKey: identityKey)
    }

    /// The identity key's fingerprint (`Specs/verification.md` §4), which the trustee announces
    /// out of band so that observers can tell the key in the election entry is its own.
    public var identityFingerprint: String { IdentityKeyFingerprint.of(identityKey.bytes) }

    /// The identity key pair (validated when the file was created or decoded).
    package func identityPrivateKey() throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(rawRepresentation: identitySecret.bytes)
    }

    /// `body` signed with this trustee's identity key for the election of `setupDigest`.
    package func sign<Body: TrusteeSignedBody>(_ body: Body, setupDigest: [UInt8]) throws -> Body {
        try body.signed(with: identityPrivateKey(), setupDigest: setupDigest)
    }

    /// The index this trustee pledged under, once it has pledged.
    public var index: Int? { ceremony?.index }
    /// The setup digest of the election pledged to, once it has pledged.
    public var setupDigest: [UInt8]? { ceremony?.setupDigest.bytes }
    /// The commitment body, once it has pledged (revealed by ``commit(electionBodyBytes:pledges:)``).
    public var commitment: TrusteeCommitmentBody? { ceremony?.commitment }
    /// The pledge, once it has pledged.
    public var pledge: TrusteePledgeBody? { ceremony?.pledge }
    /// Indices of the trustees whose valid shares this file holds, ascending.
    public var sharesReceived: [Int] { (ceremony?.receivedShares.keys.compactMap { Int($0) } ?? []).sorted() }
    /// The complaints made so far, by accused index.
    public var complaints: [ComplaintBody] {
        (ceremony?.complaints.values.map { $0 } ?? []).sorted { $0.accused < $1.accused }
    }
    /// The signed check, once made.
    public var check: TrusteeCheckBody? { ceremony?.check?.body }
}

extension RecordError.Code {
    /// This key file's trustee is not in the election body.
    public static let notATrustee = Self(rawValue: "not-a-trustee")
    /// A trustee's pledge (or revealed commitments) differ from the pledge this key file saw when
    /// it revealed its own commitments: that trustee pledged again after seeing them.
    public static let pledgeChanged = Self(rawValue: "pledge-changed")
    /// The election registers this trustee's name with another encryption key.
    public static let trusteeKeyMismatch = Self(rawValue: "trustee-key-mismatch")
    /// The key file already pledged to another election.
    public static let otherElection = Self(rawValue: "other-election")
    /// The key file has not pledged to this election.
    public static let notCommitted = Self(rawValue: "not-committed")
    /// The trustee is not among the joint key's qualified trustees.
    public static let notQualified = Self(rawValue: "not-qualified")
    /// A qualified trustee's key share was never received.
    public static let missingShare = Self(rawValue: "missing-share")
    /// A share or public share disagrees with what the key file holds.
    public static let shareMismatch = Self(rawValue: "share-mismatch")
    /// The key file already decrypted another tally of this election.
    public static let secondTally = Self(rawValue: "second-tally")
    /// The record does not hold every trustee's pledge yet, so this trustee cannot reveal its commitments.
    public static let pledgesMissing = Self(rawValue: "pledges-missing")
    /// The record does not hold every trustee's commitment yet, so this trustee cannot check.
    public static let incompleteCeremony = Self(rawValue: "incomplete-ceremony")
    /// The record shows a check or complaint in this trustee's name that this key file did not make.
    public static let notMine = Self(rawValue: "not-mine")
}

/// The file holds secrets: printing, interpolating or dumping it shows none of them.
extension TrusteeKeyFile: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "TrusteeKeyFile(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
