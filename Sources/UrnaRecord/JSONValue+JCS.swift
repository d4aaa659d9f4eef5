/// The RFC 8785 JSON Canonicalization Scheme (JCS) serialization of a parsed value.
extension JSONValue {
    /// The JCS bytes: no white space (§3.2.1), members sorted by the UTF-16 code units of their
    /// names (§3.2.3), strings escaped as §3.2.2.2 says, numbers in ECMAScript form (§3.2.2.3).
    /// Urna bodies hold only integers, so a number must be a safe integer in shortest form;
    /// anything else is refused rather than rounded.
    func jcsBytes() throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        try writeJCS(into: &out)
        return out
    }

    func writeJCS(into out: inout [UInt8]) throws {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text):
            guard Self.isCanonicalInteger(text) else {
                throw RecordError(.malformed, "number '\(text)' has no JCS form in an Urna body: only integers of magnitude below 2^53 are allowed (RFC 8785 §3.2.2.3)")
            }
            out.append(contentsOf: text.utf8)
        case .string(let text): Self.writeJCSString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                try element.writeJCS(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            let sorted = members.sorted { Self.precedes($0.key, $1.key) }
            out.append(UInt8(ascii: "{"))
            for (offset, member) in sorted.enumerated() {
                if offset > 0 {
                    guard sorted[offset - 1].key != member.key else { throw RecordError(.malformed, "duplicate key '\(member.key)'") }
                    out.append(UInt8(ascii: ","))
                }
                Self.writeJCSString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try member.value.writeJCS(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8785 §3.2.2.2: `"` and `\` are escaped as `\"` and `\\`; U+0008, U+0009, U+000A,
    /// U+000C, U+000D as `\b \t \n \f \r`; the other code points below U+0020 as `\u00xx` in
    /// lowercase hex; every other code point is written as its UTF-8 bytes.
    static func writeJCSString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Fast path: nothing to escape (hex, identifiers).
        let plain = text.utf8.withContiguousStorageIfAvailable { buffer in
            !buffer.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
        if plain == true {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `0` or `-?[1-9][0-9]*` of magnitude at most 2^53 − 1: the integers whose ECMAScript
    /// form (RFC 8785 §3.2.2.3) is their plain decimal text.
    static func isCanonicalInteger(_ text: String) -> Bool {
        let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
        guard let first = digits.first, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return false
        }
        if first == UInt8(ascii: "0") { return text == "0" }
        let limit = "9007199254740991".utf8
        return digits.count < limit.count || (digits.count == limit.count && !limit.lexicographicallyPrecedes(digits))
    }
}
