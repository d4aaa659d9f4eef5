import Foundation

/// PEM armor (RFC 7468 §2, strict form) around the DER key encodings of `Specs/tokens.md` §2.
extension BlindRSA {
    static let publicKeyPEMLabel = "PUBLIC KEY"
    static let privateKeyPEMLabel = "PRIVATE KEY"

    /// `-----BEGIN label-----`, base64 in 64-character lines, `-----END label-----`, each line ending in LF.
    static func pemEncode(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString()
        var text = "-----BEGIN \(label)-----\n"
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            text += base64[index..<end] + "\n"
            index = end
        }
        return text + "-----END \(label)-----\n"
    }

    /// Decodes one PEM block with the given label. Surrounding whitespace and CRLF line ends are
    /// accepted; explanatory text, headers, other labels and non-base64 characters are refused.
    static func pemDecode(_ text: String, label: String) throws -> [UInt8] {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard lines.count >= 3, lines.first == begin, lines.last == end else {
            throw CryptoError(.invalidEncoding, "not a single PEM block labelled \"\(label)\"")
        }
        let body = lines[1..<(lines.count - 1)].joined()
        guard let data = Data(base64Encoded: body), !data.isEmpty else {
            throw CryptoError(.invalidEncoding, "PEM \"\(label)\" body is not valid base64")
        }
        return [UInt8](data)
    }
}
