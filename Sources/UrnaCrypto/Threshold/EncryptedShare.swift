/// A DKG share `s_ij` encrypted from trustee `i` to trustee `j` (`Specs/crypto.md` §5.3):
/// ephemeral P-256 ECDH with `j`'s encryption key, HKDF-SHA256, AES-256-GCM.
public struct EncryptedShare: Sendable, Hashable {
    public static let tag = "urna/v1/share-encryption"

    /// The ephemeral public key `Y = y·G`.
    public let ephemeral: Point
    /// `nonce (12) ‖ ciphertext (32) ‖ tag (16)`.
    public let box: [UInt8]

    public init(ephemeral: Point, box: [UInt8]) throws {
        guard box.count == 12 + 32 + 16 else {
            throw CryptoError(.invalidEncoding, "an encrypted share box is 60 bytes, got \(box.count)")
        }
        self.ephemeral = ephemeral
        self.box = box
    }

    /// Encrypts `share` to `recipientKey` under `context` (election id, sender and recipient indices).
    public static func seal(_ share: Scalar, to recipientKey: Point, context: ProofContext) throws -> EncryptedShare {
        try seal(share, to: recipientKey, context: context, ephemeralSecret: Scalar.random(), nonce: RandomBytes.generate(12))
    }

    /// Seal with a given ephemeral secret and GCM nonce: the known-answer example of the spec only.
    package static func seal(_ share: Scalar, to recipientKey: Point, context: ProofContext,
                             ephemeralSecret y: Scalar, nonce: [UInt8]) throws -> EncryptedShare {
        guard !recipientKey.isInfinity else {
            throw CryptoError(.invalidPoint, "the recipient's encryption key is the point at infinity")
        }
        // 1. y ← random scalar; Y = y·G.
        let ephemeral = try Point.base(y)
        // 2. Z = x(y·E_j).
        let z = try recipientKey.multiplied(by: y).affineCoordinates().x
        // 3.–4. info = LP(tag, ctx, Y, E_j); key = HKDF-SHA256(Z, ε, info, 32).
        let info = DomainHash.encode(tag: tag, [context.digest, ephemeral.bytes, recipientKey.bytes])
        let key = try HKDFSHA256.deriveKey(inputKeyMaterial: z, salt: [], info: info, outputByteCount: 32)
        // 5. box = AES-256-GCM(key, random nonce, s_ij, AAD = info).
        let sealed = try AES256GCM.seal(share.bytes, key: key, nonce: nonce, authenticating: info)
        return try EncryptedShare(ephemeral: ephemeral, box: sealed.combined)
    }

    /// Decrypts with the recipient's secret encryption key `e_j`. Fails with `authentication-failed`
    /// for a box not made for this key and context, or `invalid-scalar` for a bad plaintext.
    public func open(recipientSecret: Scalar, context: ProofContext) throws -> Scalar {
        let recipientKey = try Point.base(recipientSecret)
        let z = try ephemeral.multiplied(by: recipientSecret).affineCoordinates().x
        let info = DomainHash.encode(tag: Self.tag, [context.digest, ephemeral.bytes, recipientKey.bytes])
        let key = try HKDFSHA256.deriveKey(inputKeyMaterial: z, salt: [], info: info, outputByteCount: 32)
        let plaintext = try AES256GCM.open(AES256GCM.SealedBox(combined: box), key: key, authenticating: info)
        let share = try Scalar(bytes: plaintext)
        guard !share.isZero else { throw CryptoError(.invalidScalar, "the decrypted share is zero") }
        return share
    }
}
