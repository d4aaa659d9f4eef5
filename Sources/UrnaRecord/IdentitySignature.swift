import UrnaCrypto

/// Signatures by the identity keys of the people outside the commission: each trustee and the
/// registrar (`Specs/crypto.md` §6). An identity key is an Ed25519 key (RFC 8032) that its holder
/// makes, keeps, and announces out of band by its fingerprint; the `election` entry names it.
///
/// A signed body carries `identity_signature`: Ed25519 over
/// `E("urna/v1/identity-signature", setup digest, kind, M)`, where `kind` is the entry kind and
/// `M` the canonical bytes of the body without its `identity_signature` member. The body is
/// stored in canonical form (RFC 8785), so `M` is the stored bytes with that member (and the
/// comma joining it to a neighbour) removed: fixed byte for byte by what is stored.
public enum IdentitySignature {
    public static let tag = "urna/v1/identity-signature"
    public static let byteCount = Ed25519PublicKey.signatureByteCount

    /// `E("urna/v1/identity-signature", setup digest, kind, M)`: the bytes the key signs.
    public static func message(setupDigest: [UInt8], kind: EntryKind, unsignedBody: [UInt8]) -> [UInt8] {
        DomainHash.encode(tag: tag, [setupDigest, Array(kind.rawValue.utf8), unsignedBody])
    }

    /// Signs `unsignedBody` (the canonical bytes of the body without `identity_signature`).
    public static func sign(_ key: Ed25519PrivateKey, setupDigest: [UInt8], kind: EntryKind,
                            unsignedBody: [UInt8]) throws -> [UInt8] {
        try key.signature(for: message(setupDigest: setupDigest, kind: kind, unsignedBody: unsignedBody))
    }

    /// True when `signature` is the identity signature of `identityKey` over `unsignedBody`. An
    /// identity key that is not a valid Ed25519 public key under the strict rules
    /// (`Specs/signatures.md` §1.1) verifies nothing.
    public static func isValid(_ signature: [UInt8], identityKey: [UInt8], setupDigest: [UInt8], kind: EntryKind,
                               unsignedBody: [UInt8]) -> Bool {
        guard signature.count == byteCount, let key = try? Ed25519PublicKey(rawRepresentation: identityKey) else { return false }
        return key.isValidSignature(signature, for: message(setupDigest: setupDigest, kind: kind, unsignedBody: unsignedBody))
    }
}

/// The fingerprint people compare out of band for an identity key (`Specs/verification.md` §4):
/// the first 128 bits of SHA-256 over the 32 key bytes, as 32 lowercase hex digits in eight
/// groups of four joined by `-`.
public enum IdentityKeyFingerprint {
    public static func of(_ identityKey: [UInt8]) -> String {
        let hex = Array(Array(SHA256.hash(identityKey).prefix(16)).hex)
        return stride(from: 0, to: hex.count, by: 4).map { String(hex[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
