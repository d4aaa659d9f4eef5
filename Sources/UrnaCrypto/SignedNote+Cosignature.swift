/// The signed message of a C2SP tlog-cosignature v1 (https://c2sp.org/tlog-cosignature;
/// `Specs/signatures.md` §3).
public enum CosignatureV1 {
    /// The header line, which provides domain separation.
    public static let header = "cosignature/v1"

    /// `"cosignature/v1\n" ‖ "time " ‖ decimal(time) ‖ "\n" ‖ checkpoint body`, where the
    /// body is the whole note text of the cosigned checkpoint (final newline included,
    /// signature lines excluded) and the decimal has no leading zeroes.
    public static func signedMessage(checkpointBody: String, time: UInt64) -> [UInt8] {
        Array((header + "\ntime " + String(time) + "\n" + checkpointBody).utf8)
    }
}

/// A witness's cosigning key: signature type `0x04`, timestamped Ed25519 cosignatures of
/// checkpoints (c2sp.org/tlog-cosignature).
///
/// The signature line's bytes are `key ID (4) ‖ timestamp (8, big-endian) ‖ Ed25519 signature (64)`.
/// Verify cosignatures with ``SignedNote/verifySignatures(verifiers:)`` and this signer's
/// ``verifier`` (or `NoteVerifier(name:publicKey:type: .cosignatureV1)`).
public struct CosignatureSigner: Sendable {
    /// The verifier for this witness's cosignatures (type `0x04`).
    public let verifier: NoteVerifier
    let privateKey: Ed25519PrivateKey

    /// A cosigner for witness `name`; throws `invalid-key-name` for a bad name.
    public init(name: String, privateKey: Ed25519PrivateKey) throws {
        verifier = try NoteVerifier(name: name, publicKey: privateKey.publicKey, type: .cosignatureV1)
        self.privateKey = privateKey
    }

    /// Parses a signer key `PRIVATE+KEY+<name>+<key ID hex>+<base64(type ‖ seed)>` of type
    /// `0x04`, or of type `0x01` (an ordinary note key reused as a witness key: the key ID
    /// is checked for type `0x01`, and cosignatures then carry the type-`0x04` key ID).
    public init(signerKey: String) throws {
        let (name, _, privateKey) = try NoteSignerKey.parse(signerKey)
        try self.init(name: name, privateKey: privateKey)
    }

    /// The witness name.
    public var name: String { verifier.name }
    /// `SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]`, big-endian.
    public var keyID: UInt32 { verifier.keyID }

    /// `PRIVATE+KEY+<name>+<key ID hex>+<base64(0x04 ‖ seed)>`. This string is a secret.
    public var signerKeyString: String {
        NoteSignerKey.format(name: name, keyID: keyID, type: .cosignatureV1, privateKey: privateKey)
    }

    /// The cosignature line for a checkpoint body at `time` (seconds since the Unix epoch).
    /// Throws `malformed-note` if `checkpointBody` is not valid note text.
    public func cosign(checkpointBody: String, time: UInt64) throws -> NoteSignature {
        try SignedNote.validateText(checkpointBody)
        let message = CosignatureV1.signedMessage(checkpointBody: checkpointBody, time: time)
        let signature = try privateKey.signature(for: message)
        return try NoteSignature(name: name, keyID: keyID, signature: DomainHash.uint64(time) + signature)
    }
}

extension SignedNote {
    /// This note with a cosignature by `cosigner` at `time` appended.
    public func cosigned(by cosigner: CosignatureSigner, time: UInt64) throws -> SignedNote {
        try adding([cosigner.cosign(checkpointBody: text, time: time)])
    }
}
