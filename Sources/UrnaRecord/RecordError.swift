/// The single error type of the record-format library: a stable code and a reason that names
/// the field or entry at fault.
public struct RecordError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    /// Where in a text a person wrote the fault is: 1-based line and column (the column counts
    /// characters, as an editor does). Set by ``CanonicalJSON/decodeInput(_:from:)``.
    public struct Position: Sendable, Hashable, CustomStringConvertible {
        public let line: Int
        public let column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public var description: String { "\(line):\(column)" }
    }

    public let code: Code
    public let reason: String
    /// The member path of the value at fault (`contests[0].title`), when the check knows it.
    public let field: String?
    /// The fault's place in the input text, when it was read from one.
    public let position: Position?

    public init(_ code: Code, _ reason: String, field: String? = nil, position: Position? = nil) {
        self.code = code
        self.reason = reason
        self.field = field
        self.position = position
    }

    /// The same error placed at `position` (kept if it already has one).
    public func at(_ position: Position?) -> RecordError {
        RecordError(code, reason, field: field, position: self.position ?? position)
    }

    public var description: String { "\(code): \(reason)" }
}

extension RecordError.Code {
    /// A manifest field is missing, malformed or inconsistent.
    public static let invalidManifest = Self(rawValue: "invalid-manifest")
    /// JSON that does not decode as the expected record type.
    public static let malformed = Self(rawValue: "malformed")
    /// A ballot that does not match the manifest (unknown contest, missing selection…).
    public static let ballotShape = Self(rawValue: "ballot-shape")
}
