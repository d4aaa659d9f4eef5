/// Why a record could not be verified at all (as opposed to a record that was read and found
/// invalid, which is a ``VerificationReport`` with failures). `scrutineer` exits 2 on it.
public struct VerifierError: Error, Sendable, Hashable, CustomStringConvertible {
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

extension VerifierError.Code {
    /// The record (file, directory, database) cannot be opened or read.
    public static let unreadable = Self(rawValue: "unreadable")
    /// An argument or option is not usable (a key that does not parse, a bad receipt file).
    public static let invalidArgument = Self(rawValue: "invalid-argument")
    /// The incremental state directory cannot be read or written, or belongs to another record.
    public static let stateUnusable = Self(rawValue: "state-unusable")
}
