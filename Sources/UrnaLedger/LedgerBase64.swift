import Foundation

/// Standard base64 with padding (RFC 4648 §4), decoded strictly: a text decodes only if it
/// is the canonical encoding of its bytes (no whitespace, no missing padding, zero unused
/// bits), so every byte string has exactly one accepted text.
enum LedgerBase64 {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    static func decode(_ text: some StringProtocol) throws -> [UInt8] {
        let string = String(text)
        guard let data = Data(base64Encoded: string), data.base64EncodedString() == string else {
            throw LedgerError(.invalidEncoding, "not canonical standard base64 (\(string.prefix(24))…)")
        }
        return [UInt8](data)
    }
}
