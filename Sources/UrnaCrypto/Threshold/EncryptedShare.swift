/// A DKG share `s_ij` encrypted from trustee `i` to trustee `j` (`Specs/crypto.md` §5.3):
/// ephemeral P-256 ECDH with `j`'s encryption key, HKDF-SHA256, AES-256-GCM, and a Schnorr
/// proof that the sender knows the ephemeral secret `y`.
///
/// The proof is what makes a complaint safe: a recipient reveals `e_j·Y` only for a `Y` whose
/// sender proved it knows `log_G Y` under this very share's context. Without it a sender could
/// copy another trustee's ephemeral key `Y'` (or a multiple of it) into its own share to `j`,
/// and `j`'s complaint would reveal `e_j·Y'`, opening the other trustee's share to `j`.
public struct EncryptedShare: Sendable, Hashable {
    public static let tag = "urna/v1/share-encryption"
    /// Challenge tag of the proof of knowledge of `y` (`Specs/crypto.md` §5.3).
    public static let proofTag = "urna/v1/share-ephemeral"

    /// The ephemeral public key `Y = y·G`.
    public let ephemeral: Point
    /// Schnorr proof of knowledge of `y` for `X = Y`, tag ``proofTag``, under the share's context.
    public let proof: SchnorrProof
    /// `nonce (12) ‖ ciphertext (32) ‖ tag (16)`.
    public let box: [UInt8]

    public init(ephemeral: Point, proof: SchnorrProof, box: [UInt8]) throws {
        guard box.count == 12 + 32 + 16 else {
            throw CryptoError(.invalidEncoding, "an encrypted share box is 60 bytes, got \(box.count)")
        }
        self.ephemeral = ephemeral
        self.proof = proof
        self.box = box
    }

    /// The proof of knowledge of `y` for ephemeral key `Y` under `context` (step 6 of §5.3).
    public static func proveEphemeral(secret y: Scalar, ephemeral: Point, context: ProofContext) throws -> SchnorrProof {
        try SchnorrProof.prove(secret: y, publicKey: ephemeral, context: context, tag: proofTag)
    }

    /// The group equation of the ephemeral proof under `context` (the share's context
    /// `[setup digest, "share", u32(i), u32(j)]`), after checking that `Y ≠ O` and recomputing
    /// the challenge: throws `invalid-point` or `challenge-mismatch`.
    public func ephemeralEquations(context: ProofContext) throws -> [VerificationEquation] {
        try proof.equations(publicKey: ephemeral, context: context, tag: Self.proofTag)
    }

    /// Verifies the ephemeral proof singly; throws `invalid-point`, `challenge-mismatch` or `proof-invalid`.
    public func verifyEphemeral(context: ProofContext) throws {
        try ephemeralEquations(context: context).checkAll(proof: "ephemeral-key proof")
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
        var z = try recipientKey.multiplied(by: y).affineCoordinates().x
        defer { SecretMemory.wipe(&z) }
        // 3.–4. info = LP(tag, ctx, Y, E_j); key = HKDF-SHA256(Z, ε, info, 32).
        let info = DomainHash.encode(tag: tag, [context.digest, ephemeral.bytes, recipientKey.bytes])
        var key = try HKDFSHA256.deriveKey(inputKeyMaterial: z, salt: [], info: info, outputByteCount: 32)
        defer { SecretMemory.wipe(&key) }
        // 5. box = AES-256-GCM(key, random nonce, s_ij, AAD = info).
        var plaintext = share.bytes
        defer { SecretMemory.wipe(&plaintext) }
        let sealed = try AES256GCM.seal(plaintext, key: key, nonce: nonce, authenticating: info)
        // 6. proof = Schnorr proof of knowledge of y for X = Y, tag "urna/v1/share-ephemeral", ctx.
        let proof = try proveEphemeral(secret: y, ephemeral: ephemeral, context: context)
        return try EncryptedShare(ephemeral: ephemeral, proof: proof, box: sealed.combined)
    }

    /// Decrypts with the recipient's secret encryption key `e_j`. Fails with `authentication-failed`
    /// for a box not made for this key and context, or `invalid-scalar` for a bad plaintext.
    public func open(recipientSecret: Scalar, context: ProofContext) throws -> Scalar {
        let recipientKey = try Point.base(recipientSecret)
        var z = try ephemeral.multiplied(by: recipientSecret).affineCoordinates().x
        defer { SecretMemory.wipe(&z) }
        let info = DomainHash.encode(tag: Self.tag, [context.digest, ephemeral.bytes, recipientKey.bytes])
        var key = try HKDFSHA256.deriveKey(inputKeyMaterial: z, salt: [], info: info, outputByteCount: 32)
        defer { SecretMemory.wipe(&key) }
        var plaintext = try AES256GCM.open(AES256GCM.SealedBox(combined: box), key: key, authenticating: info)
        defer { SecretMemory.wipe(&plaintext) }
        let share = try Scalar(bytes: plaintext)
        guard !share.isZero else { throw CryptoError(.invalidScalar, "the decrypted share is zero") }
        return share
    }
}
