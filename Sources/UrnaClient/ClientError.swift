import UrnaRecord

/// The single error type of the voter's network client: a stable code (the service's problem
/// code when the service refused, else the client's own) and a reason naming the problem.
public struct ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let reason: String
    /// True when the service answered with this problem (`application/problem+json`); false for
    /// the client's own findings (a proof that does not verify, an unreachable service).
    public let fromService: Bool

    public init(_ code: String, _ reason: String, fromService: Bool = false) {
        self.code = code
        self.reason = reason
        self.fromService = fromService
    }

    /// `reason [code]`, as the `urna` command line prints its own errors.
    public var description: String { "\(reason) [\(TerminalText.escaped(code))]" }
}

extension ClientError {
    /// What the service said cannot be right: a signature, proof or hash that does not verify.
    public static let untrusted = "untrusted-answer"
    /// The service could not be reached, or its answer is not HTTP.
    public static let unreachable = "unreachable"
    /// The service's answer is not the document the API promises.
    public static let badAnswer = "bad-answer"
    /// The pinned ledger key is not the service's.
    public static let keyMismatch = "ledger-key-mismatch"
    /// The service's blind signature does not finalize into a valid token.
    public static let badToken = "bad-token"
    /// A checkpoint lacks the cosignatures of the witnesses the voter requires.
    public static let unwitnessed = "not-witnessed"
}
