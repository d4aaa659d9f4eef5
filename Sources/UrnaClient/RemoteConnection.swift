import UrnaHTTP

/// The HTTP client for a service URL.
public enum RemoteConnection {
    public static func client(baseURL: String, caFile: String?) throws -> any HTTPExchanging {
        throw ClientError(ClientError.unreachable, "HTTP client not available yet")
    }
}
