/// Signs note texts with an Ed25519 key under a key name: signature type `0x01`
/// (c2sp.org/signed-note, "Ed25519 signatures"; `Specs/signatures.md` §2.4).
public struct NoteSigner: Sendable {
    /// The verifier for this signer's signatures (type `0x01`).
    public let verifier: NoteVerifier
    let privateKey: Ed25519PrivateKey

    /// A signer for `name`; throws `invalid-key-name` for a bad name.
    public init(name: String, privateKey: Ed25519PrivateKey) throws {
        verifier = try NoteVerifier(name: name, publicKey: privateKey.publicKey, type: .ed25519)
        self.privateKey = privateKey
    }

    /// The key name.
    public var name: String { verifier.name }
    /// `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]`, big-endian.
    public var keyID: UInt32 { verifier.keyID }

    /// Parses a signer key `PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 ‖ 32-byte seed)>`
    /// (golang.org/x/mod/sumdb/note format). Throws `invalid-note-key` if it is malformed,
    /// not type `0x01`, or its key ID does not match the name and the derived public key.
    public init(signerKey: String) throws {
        let (name, type, privateKey) = try NoteSignerKey.parse(signerKey)
        guard type == .ed25519 else {
            throw CryptoError(.invalidNoteKey, "signer key has type 0x\([type.rawValue].hex); a note signer needs 0x01")
        }
        try self.init(name: name, privateKey: privateKey)
    }

    /// `PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 ‖ seed)>`. This string is a secret.
    public var signerKeyString: String {
        NoteSignerKey.format(name: name, keyID: keyID, type: .ed25519, privateKey: privateKey)
    }

    /// The signature line for `text`: Ed25519 over the text's UTF-8 bytes (including the
    /// final newline). Throws `malformed-note` if `text` is not valid note text.
    public func sign(text: String) throws -> NoteSignature {
        try SignedNote.validateText(text)
        let signature = try privateKey.signature(for: Array(text.utf8))
        return try NoteSignature(name: name, keyID: keyID, signature: signature)
    }
}

extension SignedNote {
    /// Signs `text` with each signer, in order.
    public static func sign(text: String, signers: [NoteSigner]) throws -> SignedNote {
        guard !signers.isEmpty else { throw CryptoError(.invalidParameter, "signing a note needs at least one signer") }
        return try SignedNote(text: text, signatures: signers.map { try $0.sign(text: text) })
    }

    /// The same text with `more` signature lines appended (for example cosignatures).
    public func adding(_ more: [NoteSignature]) throws -> SignedNote {
        try SignedNote(text: text, signatures: signatures + more)
    }
}

/// Signer key strings: `PRIVATE+KEY+<name>+<key ID hex>+<base64(type ‖ seed)>`.
enum NoteSignerKey {
    static func parse(_ signerKey: String) throws -> (String, NoteSignatureType, Ed25519PrivateKey) {
        // Only the base64 key data (the last field) can contain '+'.
        let parts = signerKey.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw CryptoError(.invalidNoteKey, "signer key must be PRIVATE+KEY+<name>+<key ID>+<key data>")
        }
        let name = String(parts[2])
        try NoteKeyName.validate(name)
        let claimedID = try NoteKeyString.parseKeyID(parts[3])
        let (type, seed) = try NoteKeyString.decodeKeyData(parts[4], what: "signer key")
        let privateKey = try Ed25519PrivateKey(rawRepresentation: seed)
        let keyID = NoteVerifier.keyID(name: name, type: type, publicKey: privateKey.publicKey)
        guard keyID == claimedID else {
            throw CryptoError(.invalidNoteKey,
                "signer key ID \(NoteKeyString.hex(claimedID)) does not match its name and key (\(NoteKeyString.hex(keyID)))")
        }
        return (name, type, privateKey)
    }

    static func format(name: String, keyID: UInt32, type: NoteSignatureType, privateKey: Ed25519PrivateKey) -> String {
        "PRIVATE+KEY+" + name + "+" + NoteKeyString.hex(keyID) + "+"
            + NoteKeyString.base64([type.rawValue] + privateKey.rawRepresentation)
    }
}
