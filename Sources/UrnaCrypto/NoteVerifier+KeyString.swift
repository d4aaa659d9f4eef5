import Foundation

extension CryptoError.Code {
    /// A signed-note key name is empty or contains white space, `+` or a control character.
    public static let invalidKeyName = Self(rawValue: "invalid-key-name")
    /// A verifier or signer key string is malformed, has an unsupported signature type, or
    /// carries a key ID that does not match its name and key.
    public static let invalidNoteKey = Self(rawValue: "invalid-note-key")
}

/// Key-name rules of c2sp.org/signed-note (`Specs/signatures.md` §2.1).
enum NoteKeyName {
    /// Longest name accepted, in UTF-8 bytes (the spec sets none; this bounds parsing).
    static let maximumByteCount = 256

    /// Key names MUST be non-empty and MUST NOT contain Unicode spaces or `+`. Urna also
    /// refuses control characters (a note may not contain them) and over-long names.
    static func validate(_ name: String) throws {
        guard !name.isEmpty else { throw CryptoError(.invalidKeyName, "key name is empty") }
        guard name.utf8.count <= maximumByteCount else {
            throw CryptoError(.invalidKeyName, "key name of \(name.utf8.count) bytes exceeds \(maximumByteCount)")
        }
        for scalar in name.unicodeScalars {
            guard !scalar.properties.isWhitespace else {
                throw CryptoError(.invalidKeyName, "key name contains white space U+\(hex4(scalar))")
            }
            guard scalar != "+" else { throw CryptoError(.invalidKeyName, "key name contains '+'") }
            guard scalar.value >= 0x20, scalar.value != 0x7F else {
                throw CryptoError(.invalidKeyName, "key name contains control character U+\(hex4(scalar))")
            }
        }
    }

    private static func hex4(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Pieces shared by verifier and signer key strings (`Specs/signatures.md` §2.2).
enum NoteKeyString {
    /// The key ID as 8 lowercase hex digits.
    static func hex(_ keyID: UInt32) -> String {
        DomainHash.uint32(keyID).hex
    }

    /// Parses exactly 8 lowercase hex digits.
    static func parseKeyID(_ field: Substring) throws -> UInt32 {
        guard field.utf8.count == 8, let bytes = try? Hex.decode(String(field)) else {
            throw CryptoError(.invalidNoteKey, "key ID must be 8 lowercase hex digits, got \"\(field.prefix(16))\"")
        }
        return bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Decodes `base64(type ‖ 32 bytes)` and checks the type.
    static func decodeKeyData(_ field: Substring, what: String) throws -> (NoteSignatureType, [UInt8]) {
        guard let data = decodeBase64(field) else {
            throw CryptoError(.invalidNoteKey, "\(what) key data is not canonical base64")
        }
        guard data.count == 33 else {
            throw CryptoError(.invalidNoteKey, "\(what) key data must be 1 + 32 bytes, got \(data.count)")
        }
        guard let type = NoteSignatureType(rawValue: data[0]) else {
            throw CryptoError(.invalidNoteKey, "\(what) has unsupported signature type 0x\([data[0]].hex)")
        }
        return (type, Array(data[1...]))
    }

    /// Standard base64 (RFC 4648 §4) with padding.
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes standard padded base64 and accepts only the canonical encoding (the one
    /// ``base64(_:)`` produces), so every byte string has exactly one text form.
    static func decodeBase64(_ text: Substring) -> [UInt8]? {
        let string = String(text)
        guard let data = Data(base64Encoded: string), data.base64EncodedString() == string else { return nil }
        return [UInt8](data)
    }
}
