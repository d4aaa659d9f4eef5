/// What the handler knows of the connection a request came on.
public struct HTTPConnectionInfo: Sendable, Hashable {
    /// The peer's IP address as text (`203.0.113.7`, `2001:db8::1`; an IPv4 client of a
    /// dual-stack listener is given as IPv4), for rate limiting and logs. Not a port.
    public let remoteAddress: String
    /// Whether the request came over TLS.
    public let isTLS: Bool

    public init(remoteAddress: String, isTLS: Bool) {
        self.remoteAddress = remoteAddress
        self.isTLS = isTLS
    }
}
