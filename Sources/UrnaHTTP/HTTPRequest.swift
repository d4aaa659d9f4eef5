/// A parsed HTTP/1.1 request (RFC 9112): what the router sees. Header names are lower-cased;
/// values keep their bytes (obs-text read as Latin-1, so nothing is lost or invented).
public struct HTTPRequest: Sendable, Hashable {
    public struct Header: Sendable, Hashable {
        public let name: String
        public let value: String
    }

    public let method: String
    /// The origin-form target as sent: path and optional query.
    public let target: String
    public let version: String
    public let headers: [Header]
    public let body: [UInt8]

    /// The path part of the target (before `?`).
    public var path: String { String(target.prefix { $0 != "?" }) }

    /// The query part of the target (after the first `?`), if any.
    public var query: String? {
        target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) }
    }

    /// The value of the only header named `name` (case-insensitive); nil when absent.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    /// Whether the connection stays open after the response (RFC 9112 §9.3): HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        let options = headers.filter { $0.name == "connection" }
            .flatMap { $0.value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if options.contains("close") { return false }
        return version == "HTTP/1.1" || options.contains("keep-alive")
    }
}

/// The sizes the parser accepts; anything larger is refused before it is buffered in full.
public struct HTTPLimits: Sendable, Hashable {
    /// Request line and header fields together, in bytes (431 beyond).
    public var maxHeaderBytes = 16 * 1024
    /// Header fields (431 beyond).
    public var maxHeaderCount = 64
    /// The request target (414 beyond).
    public var maxTargetBytes = 4096
    /// A request body (413 beyond).
    public var maxBodyBytes = 1 << 20

    public init() {}
}
