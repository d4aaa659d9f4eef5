/// The single error type of the record-format library: a stable code and a reason that names
/// the field or entry at fault.
public struct RecordError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
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
