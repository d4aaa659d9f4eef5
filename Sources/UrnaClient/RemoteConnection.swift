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

extension HTTPClient: HTTPExchanging {
    public func exchange(method: String, path: String, body: [UInt8]?, contentType: String?) throws
        -> (status: Int, contentType: String?, body: [UInt8]) {
        let response = method == "POST" ? try post(path, body: body ?? [], contentType: contentType ?? "application/json") : try get(path)
        return (response.status, response.header("Content-Type"), response.body)
    }
}
