/// One signature line of a signed note: `— <key name> base64(key ID ‖ signature)` followed
/// by a newline (`Specs/signatures.md` §2.3).
///
/// The line carries no signature type: the type is a property of the verifier whose
/// name and key ID match. ``signature`` is every byte after the 4-byte key ID (64 bytes for
/// type `0x01`, 72 for type `0x04`), and is checked only by ``SignedNote/verify(verifiers:)``.
public struct NoteSignature: Sendable, Hashable {
    /// U+2014 EM DASH followed by U+0020 SPACE: the start of every signature line.
    public static let linePrefix = "\u{2014} "

    /// The key name, as it appears on the line.
    public let name: String
    /// The first four decoded bytes, big-endian.
    public let keyID: UInt32
    /// The decoded bytes after the key ID.
    public let signature: [UInt8]

    /// A signature line's parts; throws `invalid-key-name` for a bad name and
    /// `malformed-note` for an empty signature.
    public init(name: String, keyID: UInt32, signature: [UInt8]) throws {
        try NoteKeyName.validate(name)
        guard !signature.isEmpty else {
            throw CryptoError(.malformedNote, "signature by \(name) has no bytes after its key ID")
        }
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    /// The UTF-8 bytes of ``linePrefix``.
    static let linePrefixBytes: [UInt8] = [0xE2, 0x80, 0x94, 0x20]

    /// Parses one line (UTF-8 bytes, without its final newline).
    init(line: ArraySlice<UInt8>) throws {
        guard line.starts(with: Self.linePrefixBytes) else {
            throw CryptoError(.malformedNote, "signature line does not start with an em dash (U+2014) and a space")
        }
        let rest = line.dropFirst(Self.linePrefixBytes.count)
        guard let space = rest.firstIndex(of: 0x20) else {
            throw CryptoError(.malformedNote, "signature line has no space between key name and signature")
        }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        let encoded = String(decoding: rest[(space + 1)...], as: UTF8.self)
        guard let bytes = NoteKeyString.decodeBase64(encoded[...]) else {
            throw CryptoError(.malformedNote, "signature by \(name) is not canonical base64")
        }
        guard bytes.count > 4 else {
            throw CryptoError(.malformedNote,
                "signature by \(name) has \(bytes.count) bytes; a key ID and at least one signature byte are needed")
        }
        let keyID = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        try self.init(name: name, keyID: keyID, signature: Array(bytes.dropFirst(4)))
    }

    /// `— <name> base64(keyID ‖ signature)` and a newline.
    public var line: String {
        Self.linePrefix + name + " " + NoteKeyString.base64(DomainHash.uint32(keyID) + signature) + "\n"
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        Array(lhs.name.utf8) == Array(rhs.name.utf8) && lhs.keyID == rhs.keyID && lhs.signature == rhs.signature
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Array(name.utf8))
        hasher.combine(keyID)
        hasher.combine(signature)
    }
}

/// A signature that ``SignedNote/verifySignatures(verifiers:)`` checked.
public struct VerifiedNoteSignature: Sendable, Hashable {
    /// The known key that made the signature.
    public let verifier: NoteVerifier
    /// For a cosignature (type `0x04`), the signed time in seconds since the Unix epoch; nil otherwise.
    public let timestamp: UInt64?
}
