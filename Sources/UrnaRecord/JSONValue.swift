/// A parsed JSON value (RFC 8259), as the strict parser (`JSONValue+Parser.swift`) reads it and
/// the JCS serializer (`JSONValue+JCS.swift`) writes it. Objects keep their members in input
/// order; numbers keep their source text, so nothing is lost or rounded.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text exactly as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A short name of the value's type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// JCS orders object members by the UTF-16 code units of their names (RFC 8785 §3.2.3).
    /// Compared on UTF-8 bytes, which order as code points do; the UTF-16 order differs only
    /// where a supplementary code point (lead byte F0–F4, a surrogate pair in UTF-16) meets one
    /// of U+E000–U+FFFF (lead byte EE or EF): there the supplementary one comes first.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator(), right = b.utf8.makeIterator()
        while true {
            guard let x = left.next() else { return right.next() != nil }
            guard let y = right.next() else { return false }
            guard x != y else { continue }
            if x >= 0xF0, y == 0xEE || y == 0xEF { return true }
            if y >= 0xF0, x == 0xEE || x == 0xEF { return false }
            return x < y
        }
    }
}
