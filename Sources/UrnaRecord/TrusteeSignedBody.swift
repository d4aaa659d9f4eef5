import UrnaCrypto

/// A body a trustee publishes and signs with its identity key (`Specs/crypto.md` §6,
/// `Specs/election-record.md` §4.2a–§4.4a, §4.9): `trustee-pledge`, `trustee-commitment`,
/// `complaint` (signed by the accuser), `trustee-check` and `tally-share`. The body carries
/// `identity_signature`; in memory it is nil until ``signed(with:setupDigest:)`` adds it, and a
/// body read from a record or a message always has one (decoding requires the member).
public protocol TrusteeSignedBody: Codable, Sendable, Hashable {
    /// The entry kind the signature is made for (the `kind` of the signed message).
    static var entryKind: EntryKind { get }
    /// The index of the trustee whose identity key signs the body (the accuser, for a complaint).
    var signer: Int { get }
    var identitySignature: HexBytes? { get }
    /// The same body with `identity_signature` replaced (nil: removed).
    func withIdentitySignature(_ signature: HexBytes?) -> Self
}

extension TrusteeSignedBody {
    /// `M` of `Specs/crypto.md` §6: the canonical bytes of the body without `identity_signature`.
    public func unsignedBytes() throws -> [UInt8] {
        try CanonicalJSON.encode(withIdentitySignature(nil))
    }

    /// The body signed with `key` for the election of `setupDigest`.
    public func signed(with key: Ed25519PrivateKey, setupDigest: [UInt8]) throws -> Self {
        let signature = try IdentitySignature.sign(key, setupDigest: setupDigest, kind: Self.entryKind,
                                                   unsignedBody: try unsignedBytes())
        return withIdentitySignature(HexBytes(signature))
    }

    /// Checks `identity_signature` against the identity key of trustee ``signer`` in `election`
    /// (`Specs/crypto.md` §6). Throws `bad-identity-signature` naming the entry kind and the
    /// trustee when the signer is not a trustee of the election or the signature fails.
    public func verifyIdentitySignature(election: ElectionBody, setupDigest: [UInt8]) throws {
        let kind = Self.entryKind.rawValue, n = election.trustees.count
        guard (1...n).contains(signer) else {
            throw RecordError(.badIdentitySignature,
                              "\(kind) signed by trustee \(signer), but the election has trustees 1...\(n) only: there is no identity key to check it against")
        }
        let trustee = election.trustees[signer - 1]
        let name = "trustee \(signer) ('\(TerminalText.escaped(trustee.name))')"
        guard let signature = identitySignature else {
            throw RecordError(.badIdentitySignature, "\(kind) of \(name) has no identity_signature")
        }
        guard IdentitySignature.isValid(signature.bytes, identityKey: trustee.identityKey.bytes, setupDigest: setupDigest,
                                        kind: Self.entryKind, unsignedBody: try unsignedBytes()) else {
            throw RecordError(.badIdentitySignature,
                              "the identity_signature of this \(kind) does not verify under the identity key of \(name) (fingerprint \(IdentityKeyFingerprint.of(trustee.identityKey.bytes))): it was not signed by that trustee for this election and this body")
        }
    }
}

extension RecordError.Code {
    /// A trustee body whose identity signature is missing or does not verify (`Specs/crypto.md` §6).
    public static let badIdentitySignature = Self(rawValue: "bad-identity-signature")
}
