/// Signature types of C2SP signed-note that Urna implements: the type byte that enters the
/// key ID and the key strings (`Specs/signatures.md` §2.1).
public enum NoteSignatureType: UInt8, Sendable, Hashable, CaseIterable {
    /// `0x01`: Ed25519 over the note text (c2sp.org/signed-note, "Ed25519 signatures").
    case ed25519 = 0x01
    /// `0x04`: timestamped Ed25519 witness cosignature v1 (c2sp.org/tlog-cosignature).
    case cosignatureV1 = 0x04

    /// Length of the signature bytes that follow the 4-byte key ID on a signature line.
    public var signatureByteCount: Int {
        switch self {
        case .ed25519: Ed25519PublicKey.signatureByteCount
        case .cosignatureV1: 8 + Ed25519PublicKey.signatureByteCount
        }
    }
}

/// A key that can check signatures on a signed note: a key name, a signature type and an
/// Ed25519 public key (c2sp.org/signed-note; `Specs/signatures.md` §2).
///
/// The key ID is `SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]` read big-endian. A note
/// signature line belongs to this verifier when both its key name (compared byte for byte)
/// and its key ID match.
public struct NoteVerifier: Sendable, Hashable {
    /// The key name; non-empty, no Unicode white space, no `+`, no control characters.
    public let name: String
    /// The signature type byte: `0x01` for a log's note signature, `0x04` for a cosignature.
    public let type: NoteSignatureType
    public let publicKey: Ed25519PublicKey
    /// `SHA-256(name ‖ 0x0A ‖ type ‖ publicKey)[:4]`, big-endian.
    public let keyID: UInt32

    /// A verifier for `name` and `publicKey`; throws `invalid-key-name` for a bad name.
    public init(name: String, publicKey: Ed25519PublicKey, type: NoteSignatureType = .ed25519) throws {
        try NoteKeyName.validate(name)
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, type: type, publicKey: publicKey)
    }

    /// Parses a verifier key `<name>+<key ID, 8 lowercase hex>+<base64(type ‖ 32-byte key)>`
    /// (the format of golang.org/x/mod/sumdb/note, referenced by C2SP as "vkey").
    ///
    /// Throws `invalid-note-key` when the string is malformed, the type is not `0x01` or
    /// `0x04`, or the key ID does not match the name and key; `invalid-key-name` for a bad name.
    public init(verifierKey: String) throws {
        // The name and key ID cannot contain '+'; the base64 key data can.
        let parts = verifierKey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw CryptoError(.invalidNoteKey, "verifier key must have 3 '+'-separated fields, found \(parts.count)")
        }
        let name = String(parts[0])
        try NoteKeyName.validate(name)
        let claimedID = try NoteKeyString.parseKeyID(parts[1])
        let (type, keyBytes) = try NoteKeyString.decodeKeyData(parts[2], what: "verifier key")
        let publicKey = try Ed25519PublicKey(rawRepresentation: keyBytes)
        try self.init(name: name, publicKey: publicKey, type: type)
        guard keyID == claimedID else {
            throw CryptoError(.invalidNoteKey,
                "verifier key ID \(NoteKeyString.hex(claimedID)) does not match its name and key (\(NoteKeyString.hex(keyID)))")
        }
    }

    /// `<name>+<key ID, 8 lowercase hex>+<base64(type ‖ public key)>`.
    public var verifierKeyString: String {
        name + "+" + NoteKeyString.hex(keyID) + "+"
            + NoteKeyString.base64([type.rawValue] + publicKey.rawRepresentation)
    }

    /// `SHA-256(name ‖ 0x0A ‖ type ‖ publicKey)[:4]` read as a big-endian integer.
    public static func keyID(name: String, type: NoteSignatureType, publicKey: Ed25519PublicKey) -> UInt32 {
        let digest = SHA256.hash(Array(name.utf8) + [0x0A, type.rawValue] + publicKey.rawRepresentation)
        return digest.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Checks the signature bytes of one signature line (everything after the key ID)
    /// against the note text, by this verifier's type (`Specs/signatures.md` §2.4, §3.2).
    public func isValidSignature(_ signature: [UInt8], text: String) -> Bool {
        guard signature.count == type.signatureByteCount else { return false }
        switch type {
        case .ed25519:
            return publicKey.isValidSignature(signature, for: Array(text.utf8))
        case .cosignatureV1:
            let time = Self.timestamp(signature)
            let message = CosignatureV1.signedMessage(checkpointBody: text, time: time)
            return publicKey.isValidSignature(Array(signature.suffix(64)), for: message)
        }
    }

    /// The big-endian `u64` at the start of a cosignature's signature bytes.
    static func timestamp(_ signature: [UInt8]) -> UInt64 {
        signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// Identity is the name's bytes, the type and the key (the key ID follows from them).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        Array(lhs.name.utf8) == Array(rhs.name.utf8) && lhs.type == rhs.type && lhs.publicKey == rhs.publicKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Array(name.utf8))
        hasher.combine(type)
        hasher.combine(publicKey)
    }
}

extension NoteVerifier: CustomStringConvertible {
    public var description: String { verifierKeyString }
}
