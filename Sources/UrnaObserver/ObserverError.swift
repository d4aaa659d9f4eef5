/// The single error type of network observers (`scrutineer verify URL`, `follow`, `witness`):
/// a stable code and a reason naming the problem.
public struct ObserverError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let reason: String

    public init(_ code: String, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
