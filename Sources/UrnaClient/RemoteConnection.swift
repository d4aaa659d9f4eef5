import UrnaHTTP
import UrnaRecord

/// The HTTP client for a service URL (`http://host:port` or `https://…`, with `caFile` the PEM
/// certificates to trust for https).
public enum RemoteConnection {
    public static func client(baseURL: String, caFile: String?, timeout: Double = 30) throws -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.trustedCertificatesPath = caFile
        configuration.timeout = timeout
        do {
            return try HTTPClient(baseURL: baseURL, configuration: configuration)
        } catch {
            throw ClientError("invalid-input", "--server '\(TerminalText.escaped(String(baseURL.prefix(200))))' is not a service URL (http://HOST:PORT or https://HOST[:PORT]): \(RemoteElection.reason(error))")
        }
    }
}

extension RemoteConnection {
    /// Refuses plain `http://` to a host that is not loopback (127.0.0.0/8, ::1, localhost):
    /// the voter's pseudonym and activation code would cross the network in the clear, for any
    /// eavesdropper to take the voter's token first. `insecureHTTP` allows it anyway.
    public static func requireConfidential(_ url: HTTPURL, insecureHTTP: Bool) throws {
        guard url.isTLS || insecureHTTP || HTTPServer.isLoopback(host: url.host) else {
            throw ClientError("insecure-transport", "--server \(TerminalText.escaped(url.description)) is plain http to a host that is not this machine: your pseudonym and activation code would cross the network unencrypted, for anyone on the way to take your vote; use https://\(TerminalText.escaped(url.authority)) (with --cacert FILE if its certificate is not a public one); nothing was sent (--insecure-http allows plain http anyway, on a network you trust)")
        }
    }
}

extension HTTPClient: HTTPExchanging {
    public func exchange(method: String, path: String, body: [UInt8]?, contentType: String?) throws
        -> (status: Int, contentType: String?, body: [UInt8]) {
        let response = method == "POST" ? try post(path, body: body ?? [], contentType: contentType ?? "application/json") : try get(path)
        return (response.status, response.header("Content-Type"), response.body)
    }
}
