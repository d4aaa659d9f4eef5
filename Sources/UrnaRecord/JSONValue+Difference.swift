/// Where a body as stored differs from its value re-encoded: what a strict decode names when a
/// body is not the canonical encoding of its value (`Specs/election-record.md` §1).
extension JSONValue {
    /// The first difference between `self` (as stored) and `canonical` (the decoded value
    /// encoded again), as a reason: an unknown field, a missing field, or a value that is not
    /// written in its canonical form. Nil when the two are the same value.
    func firstDifference(from canonical: JSONValue, path: String = "") -> String? {
        switch (self, canonical) {
        case let (.object(stored), .object(expected)):
            let known = Dictionary(expected, uniquingKeysWith: { first, _ in first })
            if let unknown = stored.first(where: { known[$0.key] == nil }) {
                guard unknown.value != .null else {
                    return "field '\(unknown.key)'\(Self.location(path)) is null (a stored body omits an absent field)"
                }
                return "unknown field '\(unknown.key)'\(Self.location(path))"
            }
            let present = Set(stored.map(\.key))
            if let missing = expected.first(where: { !present.contains($0.key) }) {
                return "missing field '\(missing.key)'\(Self.location(path)) (a stored body writes every field of its value)"
            }
            for member in stored {
                guard let other = known[member.key] else { continue }
                if let difference = member.value.firstDifference(from: other, path: Self.child(path, member.key)) {
                    return difference
                }
            }
            return nil
        case let (.array(stored), .array(expected)):
            guard stored.count == expected.count else {
                return "\(Self.name(path)): \(stored.count) elements re-encode as \(expected.count)"
            }
            for (offset, pair) in zip(stored, expected).enumerated() {
                if let difference = pair.0.firstDifference(from: pair.1, path: "\(path)[\(offset)]") { return difference }
            }
            return nil
        default:
            guard self != canonical else { return nil }
            return "\(Self.name(path)): \(short) is not the canonical form of its value, \(canonical.short)"
        }
    }

    /// The first member name of `self` (an input as written) that `decoded` (the value the
    /// input decoded to, encoded again) lacks: a field the decoded type does not know, as a
    /// reason and the path of that member.
    func firstUnknownField(comparedTo decoded: JSONValue, path: JSONPath = JSONPath()) -> (reason: String, path: JSONPath)? {
        switch (self, decoded) {
        case let (.object(stored), .object(expected)):
            let known = Dictionary(expected, uniquingKeysWith: { first, _ in first })
            for member in stored {
                guard let other = known[member.key] else {
                    return ("unknown field '\(member.key)'\(Self.location(path.steps.isEmpty ? "" : path.description))",
                            path.appending(.key(member.key)))
                }
                if let unknown = member.value.firstUnknownField(comparedTo: other, path: path.appending(.key(member.key))) {
                    return unknown
                }
            }
            return nil
        case let (.array(stored), .array(expected)):
            for (offset, pair) in zip(stored, expected).enumerated() {
                if let unknown = pair.0.firstUnknownField(comparedTo: pair.1, path: path.appending(.index(offset))) { return unknown }
            }
            return nil
        default:
            return nil
        }
    }

    private var short: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return "'\(text.prefix(40))\(text.count > 40 ? "…" : "")'"
        default: return typeName
        }
    }

    private static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    private static func location(_ path: String) -> String { path.isEmpty ? "" : " at \(path)" }
    private static func name(_ path: String) -> String { path.isEmpty ? "(root)" : path }
}
