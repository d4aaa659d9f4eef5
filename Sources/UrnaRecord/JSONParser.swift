/// A strict RFC 8259 JSON parser. It refuses what other parsers read differently: a byte order
/// mark, trailing data, duplicate member names, invalid UTF-8, lone surrogate escapes, and
/// nesting deeper than ``maxDepth``. Numbers keep their text (``JSONValue/number(_:)``).
///
/// In ``Mode/canonical`` it also refuses anything that is not exactly the RFC 8785 (JCS)
/// serialization of the parsed value, and names the fault: white space (RFC 8785 §3.2.1),
/// member order (§3.2.3), a string escape other than JCS's (§3.2.2.2), or a number other than
/// a safe integer in its shortest form (§3.2.2.3; Urna bodies hold only integers).
///
/// ``Mode/input`` is ``Mode/relaxed`` for files people write (manifests, trustee files): every
/// number must be an integer as JCS writes it, so `1.5`, `1e3` or `-0` where Urna expects an
/// integer is named where it stands instead of being rounded or misread.
///
/// Every failure carries the byte offset of the fault, which ``parse(_:mode:)`` turns into a line
/// and column (`RecordError.position`).
struct JSONParser {
    enum Mode { case canonical, relaxed, input }

    /// Deeper nesting is refused (Urna's deepest body, a tally share, nests 7 levels).
    static let maxDepth = 64

    /// A parse failure; `path` is collected innermost first while the recursion unwinds.
    struct Failure: Error {
        var path: [String] = []
        /// The byte the fault is at, when it is not where the parser stopped.
        var offset: Int?
        let message: String

        init(at offset: Int? = nil, message: String) {
            self.offset = offset
            self.message = message
        }
    }

    /// Where a value was written: the byte offset of the value and, for an object member, of its name.
    struct Located: Sendable, Equatable {
        let value: Int
        let key: Int?
    }

    private let bytes: [UInt8]
    private let mode: Mode
    private var index = 0
    /// Set by ``locate(_:in:)``: the path to find, the path of the value being parsed, and the
    /// offsets of the member names along it. Untouched (nil) on every other parse.
    private var target: JSONPath?
    private var current: [JSONPath.Step] = []
    private var keyOffsets: [Int?] = []
    private var located: Located?

    private init(bytes: [UInt8], mode: Mode) {
        self.bytes = bytes
        self.mode = mode
    }

    /// Parses one JSON text; a failure is a `RecordError(.malformed, …)` naming the fault, the
    /// byte offset and the member path, with the fault's line and column as its `position`.
    static func parse(_ bytes: [UInt8], mode: Mode) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, mode: mode)
        do {
            return try parser.parseDocument()
        } catch let failure as Failure {
            let path = failure.path.reversed().joined()
            let field = path.hasPrefix(".") ? String(path.dropFirst()) : path
            let location = path.isEmpty ? "" : " at \(field)"
            throw RecordError(.malformed, failure.message + location, field: field.isEmpty ? nil : field,
                              position: JSONPath.position(ofByte: failure.offset ?? parser.index, in: bytes))
        }
    }

    /// Where the value at `path` was written in `bytes` (parsed relaxed), or nil if the text does
    /// not parse or holds no value there.
    static func locate(_ path: JSONPath, in bytes: [UInt8]) -> Located? {
        var parser = JSONParser(bytes: bytes, mode: .relaxed)
        parser.target = path
        _ = try? parser.parseDocument()
        return parser.located
    }

    private mutating func parseDocument() throws -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw Failure(message: "the text starts with a byte order mark (RFC 8259 §8.1, RFC 8785 §3.1 forbid it)")
        }
        try skipSpace()
        let value = try parseValue(depth: 0)
        try skipSpace()
        guard index == bytes.count else { throw Failure(message: "trailing data after the JSON value at byte \(index)") }
        return value
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() throws {
        let start = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
        if mode == .canonical, index > start {
            throw Failure(at: start, message: "white space at byte \(start) (RFC 8785 §3.2.1: a canonical body has none)")
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard peek == byte else { throw unexpected(what) }
        index += 1
    }

    private func unexpected(_ what: String) -> Failure {
        guard let byte = peek else { return Failure(message: "unexpected end of the JSON text (expected \(what))") }
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return Failure(message: "unexpected \(shown) at byte \(index) (expected \(what))")
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < Self.maxDepth else { throw Failure(message: "nesting deeper than \(Self.maxDepth) levels") }
        if let target, located == nil, current == target.steps {
            located = Located(value: index, key: keyOffsets.last ?? nil)
        }
        guard let byte = peek else { throw unexpected("a JSON value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected("a JSON value")
        }
    }

    private mutating func literal(_ word: String) throws {
        let utf8 = Array(word.utf8)
        guard bytes.count - index >= utf8.count, bytes[index..<index + utf8.count].elementsEqual(utf8) else {
            throw unexpected("a JSON value")
        }
        index += utf8.count
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        var seen = Set<String>()
        try skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            try skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw unexpected("a member name") }
            let keyOffset = index
            let key = try parseString()
            switch mode {
            case .canonical:
                // Strictly ascending names cannot repeat; only an out-of-order name needs the search.
                if let last = members.last?.key, !JSONValue.precedes(last, key) {
                    if members.contains(where: { $0.key == key }) { throw Failure(at: keyOffset, message: "duplicate key '\(key)'") }
                    throw Failure(at: keyOffset, message: "key '\(key)' at byte \(keyOffset) is out of order after '\(last)' (RFC 8785 §3.2.3 sorts names by UTF-16 code units)")
                }
            case .relaxed, .input:
                // A linear search is cheaper than hashing for the small objects of Urna's JSON.
                let repeated: Bool
                if members.count < 16 {
                    repeated = members.contains { $0.key == key }
                } else {
                    if seen.isEmpty { seen = Set(members.map(\.key)) }
                    repeated = !seen.insert(key).inserted
                }
                guard !repeated else { throw Failure(at: keyOffset, message: "duplicate key '\(key)'") }
            }
            try skipSpace()
            try expect(UInt8(ascii: ":"), "':'")
            try skipSpace()
            members.append((key, try parseChild(.key(key), keyOffset: keyOffset, pathText: ".\(key)", depth: depth)))
            try skipSpace()
            switch peek ?? 0 {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw unexpected("',' or '}'")
            }
        }
    }

    /// One member or element: tracks its path while a position is looked for, and names it in
    /// a failure's path.
    private mutating func parseChild(_ step: JSONPath.Step, keyOffset: Int?, pathText: String, depth: Int) throws -> JSONValue {
        if target != nil {
            current.append(step)
            keyOffsets.append(keyOffset)
        }
        let value: JSONValue
        do {
            value = try parseValue(depth: depth)
        } catch var failure as Failure {
            failure.path.append(pathText)
            throw failure
        }
        if target != nil {
            current.removeLast()
            keyOffsets.removeLast()
        }
        return value
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        try skipSpace()
        if peek == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            try skipSpace()
            elements.append(try parseChild(.index(elements.count), keyOffset: nil, pathText: "[\(elements.count)]", depth: depth))
            try skipSpace()
            switch peek ?? 0 {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: throw unexpected("',' or ']'")
            }
        }
    }

    // MARK: Strings

    private mutating func parseString() throws -> String {
        index += 1
        let start = index
        // Fast path: no escape before the closing quote.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return try Self.utf8String(bytes[start..<index - 1], at: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw controlCharacter(byte) }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while true {
            guard let byte = peek else { throw Failure(at: start - 1, message: "unterminated string starting at byte \(start - 1)") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try Self.utf8String(buffer[...], at: start)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw controlCharacter(byte)
            default:
                buffer.append(byte)
                index += 1
            }
        }
    }

    private func controlCharacter(_ byte: UInt8) -> Failure {
        Failure(message: "unescaped control character 0x\(String(byte, radix: 16)) in a string at byte \(index) (RFC 8259 §7)")
    }

    /// The escapes JCS writes (RFC 8785 §3.2.2.2): `\"`, `\\`, the short forms `\b \t \n \f \r`,
    /// and `\u00xx` (lowercase hex) for the other code points below U+0020. Nothing else.
    private mutating func parseEscape(into buffer: inout [UInt8]) throws {
        let start = index
        guard index + 1 < bytes.count else { throw Failure(at: start, message: "unterminated string escape at byte \(start)") }
        let code = bytes[index + 1]
        index += 2
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(code)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "/"):
            guard mode != .canonical else { throw nonCanonicalEscape(from: start) }
            buffer.append(code)
        case UInt8(ascii: "u"):
            let unit = try hexUnit(escapeAt: start)
            if mode == .canonical {
                let lowercase = bytes[start + 2..<index].allSatisfy { !(UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
                guard unit < 0x20, ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(unit), lowercase else {
                    throw nonCanonicalEscape(from: start)
                }
            }
            var scalarValue = UInt32(unit)
            if (0xD800..<0xDC00).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw Failure(at: start, message: "lone surrogate escape at byte \(start)")
                }
                let lowStart = index
                index += 2
                let low = try hexUnit(escapeAt: lowStart)
                guard (0xDC00..<0xE000).contains(low) else { throw Failure(at: start, message: "lone surrogate escape at byte \(start)") }
                scalarValue = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(unit) {
                throw Failure(at: start, message: "lone surrogate escape at byte \(start)")
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw Failure(at: start, message: "invalid escape at byte \(start)") }
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw Failure(at: start, message: "invalid string escape at byte \(start)")
        }
    }

    /// The four hex digits after `\u` (either case), at `index`.
    private mutating func hexUnit(escapeAt start: Int) throws -> UInt16 {
        guard index + 4 <= bytes.count else { throw Failure(at: start, message: "truncated \\u escape at byte \(start)") }
        var unit: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(at: start, message: "invalid \\u escape at byte \(start)")
            }
            unit = unit << 4 | UInt16(digit)
        }
        index += 4
        return unit
    }

    private func nonCanonicalEscape(from start: Int) -> Failure {
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        return Failure(at: start, message: "string escape '\(text)' at byte \(start) is not the JCS form (RFC 8785 §3.2.2.2: only '\"', '\\' and U+0000–U+001F are escaped, as \\b \\t \\n \\f \\r or lowercase \\u00xx; all else is literal UTF-8)")
    }

    /// Valid UTF-8 only (RFC 8259 §8.1): a replacement on decoding means an invalid sequence.
    private static func utf8String(_ slice: ArraySlice<UInt8>, at offset: Int) throws -> String {
        if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
        let string = String(decoding: slice, as: UTF8.self)
        guard string.utf8.elementsEqual(slice) else {
            throw Failure(at: offset - 1, message: "invalid UTF-8 in the string starting at byte \(offset - 1)")
        }
        return string
    }

    // MARK: Numbers

    private mutating func parseNumber() throws -> String {
        let start = index
        var isInteger = true
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, Self.isDigit(first) else { throw unexpected("a digit") }
        index += 1
        if first == UInt8(ascii: "0") {
            if let next = peek, Self.isDigit(next) { throw Failure(at: start, message: "number with a leading zero at byte \(start)") }
        } else {
            skipDigits()
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let next = peek, Self.isDigit(next) else { throw unexpected("a digit") }
            skipDigits()
            isInteger = false
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let next = peek, Self.isDigit(next) else { throw unexpected("a digit") }
            skipDigits()
            isInteger = false
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        switch mode {
        case .canonical:
            guard isInteger, JSONValue.isCanonicalInteger(text) else {
                throw Failure(at: start, message: "number '\(text)' at byte \(start) is not canonical (RFC 8785 §3.2.2.3; Urna bodies hold only integers of magnitude below 2^53, written without '-0', fraction or exponent)")
            }
        case .input:
            guard isInteger, text != "-0" else {
                throw Failure(at: start, message: "non-integer number '\(text.prefix(40))': Urna files hold only integers, written without a fraction, an exponent or '-0' (write it as a whole number, e.g. \(Self.wholeExample(text)))")
            }
            guard JSONValue.isCanonicalInteger(text) else {
                throw Failure(at: start, message: "integer '\(text.prefix(40))' is out of range: Urna files hold integers of magnitude below 2^53")
            }
        case .relaxed:
            break
        }
        return text
    }

    /// A whole number to suggest for `text` ("1.5" → "1 or 2").
    private static func wholeExample(_ text: String) -> String {
        guard text != "-0" else { return "0" }
        guard let value = Double(text), value.isFinite, abs(value) < 9_007_199_254_740_992 else { return "3" }
        let low = value.rounded(.down), high = value.rounded(.up)
        return low == high ? String(Int(low)) : "\(Int(low)) or \(Int(high))"
    }

    private mutating func skipDigits() {
        while let byte = peek, Self.isDigit(byte) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
