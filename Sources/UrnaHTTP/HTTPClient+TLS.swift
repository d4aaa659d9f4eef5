extension HTTPClient {
    /// A connection to an https URL: TLS over a new socket, the server's certificate checked.
    func tlsConnection() throws -> Connection {
        throw HTTPError(.notImplemented, "https is not supported yet by this build; use an http:// URL on a loopback address")
    }
}
