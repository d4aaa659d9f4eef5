extension CryptoError.Code {
    /// A signed note (or a note text to be signed) breaks the c2sp.org/signed-note format.
    public static let malformedNote = Self(rawValue: "malformed-note")
}

/// A C2SP signed note (https://c2sp.org/signed-note; `Specs/signatures.md` §2): a text
/// ending in a newline, a blank line, and one or more signature lines.
///
/// ```
/// <text, ending in "\n">
/// "\n"
/// — <key name> base64(key ID ‖ signature) "\n"     (one or more)
/// ```
///
/// A note's text means nothing until ``verify(verifiers:)`` has succeeded.
///
/// Typical use for a checkpoint (body built by the ledger, `tlog-checkpoint` rules apply):
///
/// ```swift
/// let signer = try NoteSigner(name: "urna.example/election-1", privateKey: ledgerKey)
/// let note = try SignedNote.sign(text: checkpointBody, signers: [signer])
/// let stored = note.serialized                                   // or note.serializedBytes
/// let signedBy = try SignedNote(parsing: stored).verify(verifiers: [signer.verifier])
/// let cosigned = try note.cosigned(by: witness, time: now)       // witness: CosignatureSigner
/// ```
public struct SignedNote: Sendable, Hashable {
    /// Notes larger than this (in UTF-8 bytes) are refused when parsed.
    public static let maximumByteCount = 1 << 20
    /// At most this many signature lines (the spec requires accepting at least 16).
    public static let maximumSignatureCount = 100

    /// The signed text, including its final newline and excluding the separating blank line.
    public let text: String
    /// The signature lines, in note order (unchecked until ``verify(verifiers:)``).
    public let signatures: [NoteSignature]

    /// A note from its parts. Throws `malformed-note` if the text is not valid note text
    /// (see ``validateText(_:)``) or there are no signatures or too many.
    public init(text: String, signatures: [NoteSignature]) throws {
        try Self.validateText(text)
        guard !signatures.isEmpty else { throw CryptoError(.malformedNote, "a signed note needs at least one signature") }
        guard signatures.count <= Self.maximumSignatureCount else {
            throw CryptoError(.malformedNote, "\(signatures.count) signatures exceed the limit of \(Self.maximumSignatureCount)")
        }
        self.text = text
        self.signatures = signatures
    }

    /// Parses a serialized note. Throws `malformed-note` naming the first problem found.
    public init(parsing note: String) throws {
        try self.init(bytes: Array(note.utf8))
    }

    /// Parses a serialized note from its UTF-8 bytes (`Specs/signatures.md` §2.3, parsing steps).
    public init(bytes: [UInt8]) throws {
        // 1. Size bound.
        guard bytes.count <= Self.maximumByteCount else {
            throw CryptoError(.malformedNote, "note of \(bytes.count) bytes exceeds \(Self.maximumByteCount)")
        }
        // 2. Valid UTF-8, no control characters other than newline.
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw CryptoError(.malformedNote, "note is not valid UTF-8")
        }
        if let offset = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw CryptoError(.malformedNote, "note contains control character 0x\([bytes[offset]].hex) at byte \(offset)")
        }
        // 3. The text ends at the newline that starts the last blank line ("\n\n").
        guard let split = Self.lastBlankLine(in: bytes) else {
            throw CryptoError(.malformedNote, "note has no blank line before its signatures")
        }
        let textBytes = bytes[...split]
        let block = bytes[(split + 2)...]
        // 4. The signature block: one or more lines, each ending in a newline.
        guard !block.isEmpty else { throw CryptoError(.malformedNote, "note has no signature lines") }
        guard block.last == 0x0A else { throw CryptoError(.malformedNote, "last signature line does not end in a newline") }
        let lines = block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count <= Self.maximumSignatureCount else {
            throw CryptoError(.malformedNote, "\(lines.count) signatures exceed the limit of \(Self.maximumSignatureCount)")
        }
        // 5. Each line: em dash, space, key name, space, canonical base64 of key ID ‖ signature.
        let signatures = try lines.map { try NoteSignature(line: $0) }
        try self.init(text: String(decoding: textBytes, as: UTF8.self), signatures: signatures)
    }

    /// The note as text: ``text``, a newline, then each signature line.
    public var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// The note as UTF-8 bytes (what is stored and transmitted).
    public var serializedBytes: [UInt8] { Array(serialized.utf8) }

    /// Note text must be non-empty, end in a newline, and contain no control characters
    /// other than newline (it is valid UTF-8 by being a `String`). Empty lines are allowed
    /// by the spec; formats built on notes (such as checkpoints) may forbid them.
    public static func validateText(_ text: String) throws {
        guard text.utf8.last == 0x0A else { throw CryptoError(.malformedNote, "note text must end in a newline") }
        guard text.utf8.count <= maximumByteCount else {
            throw CryptoError(.malformedNote, "note text of \(text.utf8.count) bytes exceeds \(maximumByteCount)")
        }
        var offset = 0
        for byte in text.utf8 {
            guard byte >= 0x20 || byte == 0x0A else {
                throw CryptoError(.malformedNote, "note text contains control character 0x\([byte].hex) at byte \(offset)")
            }
            offset += 1
        }
    }

    /// Index of the first newline of the last "\n\n" in `bytes`.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        Array(lhs.text.utf8) == Array(rhs.text.utf8) && lhs.signatures == rhs.signatures
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Array(text.utf8))
        hasher.combine(signatures)
    }
}

extension SignedNote: CustomStringConvertible {
    public var description: String { serialized }
}
