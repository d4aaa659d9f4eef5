/// Lowercase hexadecimal, the JSON encoding of points, scalars and hashes (`Specs/crypto.md` §1).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex; upper-case is refused so that every value has one encoding.
    public static func decode(_ text: String) throws -> [UInt8] {
        try decode(utf8: Array(text.utf8)[...])
    }

    /// Decodes hex from its UTF-8 bytes (a slice of a JSON text), with the same rules.
    public static func decode(utf8 chars: ArraySlice<UInt8>) throws -> [UInt8] {
        guard chars.count % 2 == 0 else {
            throw CryptoError(.invalidEncoding, "hex string has odd length \(chars.count)")
        }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var index = chars.startIndex
        while index < chars.endIndex {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else {
                throw CryptoError(.invalidEncoding, "not lowercase hex at offset \(index - chars.startIndex)")
            }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hex.
    public var hex: String { Hex.encode(self) }
}
