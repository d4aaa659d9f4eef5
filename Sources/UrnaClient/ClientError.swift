/// The single error type of the voter's network client: a stable code (the service's problem
/// code when the service refused, else the client's own) and a reason naming the problem.
public struct ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let reason: String

    public init(_ code: String, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
