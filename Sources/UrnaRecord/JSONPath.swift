/// A member path in a JSON text, `contests[0].candidates[1].name`: how errors name a value and
/// how ``CanonicalJSON/decodeInput(_:from:)`` finds where that value was written, to report its
/// line and column.
struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    var steps: [Step]

    init(_ steps: [Step] = []) {
        self.steps = steps
    }

    /// A Codable coding path (an integer key is an array index).
    init(codingPath: [any CodingKey]) {
        steps = codingPath.map { key in key.intValue.map(Step.index) ?? .key(key.stringValue) }
    }

    /// Reads the form ``description`` writes (`a.b[0].c`; `(root)` or empty for the root). Member
    /// names holding `.` or `[` cannot be written this way: nil then, as for any other malformed text.
    init?(parsing text: String) {
        steps = []
        guard text != "(root)", !text.isEmpty else { return }
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                      index >= 0 else { return nil }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            } else {
                if rest.first == "." {
                    guard !steps.isEmpty else { return nil }
                    rest = rest.dropFirst()
                }
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                guard end > rest.startIndex else { return nil }
                steps.append(.key(String(rest[..<end])))
                rest = rest[end...]
            }
        }
    }

    var description: String {
        let text = steps.map { step in
            switch step {
            case .key(let key): ".\(key)"
            case .index(let index): "[\(index)]"
            }
        }.joined()
        return text.isEmpty ? "(root)" : String(text.drop { $0 == "." })
    }

    func appending(_ step: Step) -> JSONPath { JSONPath(steps + [step]) }

    /// The 1-based line and column of byte `offset` of `bytes` (``RecordError/Position/init(ofByte:in:)``).
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> RecordError.Position {
        RecordError.Position(ofByte: offset, in: bytes)
    }
}

extension RecordError.Position {
    /// The 1-based line and column of byte `offset` of `bytes`; the column counts characters
    /// (UTF-8 sequences), not bytes.
    public init(ofByte offset: Int, in bytes: [UInt8]) {
        let end = min(max(0, offset), bytes.count)
        var line = 1
        var column = 1
        for byte in bytes[..<end] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.init(line: line, column: column)
    }
}

extension JSONValue {
    /// The value at `path`, or nil if the text has none there.
    func value(at path: JSONPath) -> JSONValue? {
        var current = self
        for step in path.steps {
            switch (step, current) {
            case let (.key(key), .object(members)):
                guard let member = members.first(where: { $0.key == key }) else { return nil }
                current = member.value
            case let (.index(index), .array(elements)):
                guard elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
