#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaTLS

/// A small HTTP/1.1 client on POSIX sockets (no packages, no URLSession): one keep-alive
/// connection per client, used by one request at a time (concurrent callers wait their turn).
/// Over https (UrnaTLS) the server's certificate and name are always verified.
/// Responses are parsed strictly (``HTTPResponseParser``) within ``Configuration``'s limits.
///
/// A kept-alive connection the server closed while idle is replaced before the request is
/// sent. If a reused connection still breaks before any byte of the answer, a GET is sent once
/// more on a new connection; a POST never is (it may have been processed): the caller gets an
/// error saying so.
public final class HTTPClient: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Seconds for connecting, and for each whole request and answer.
        public var timeout: Double = 30
        /// The largest response body accepted.
        public var maxResponseBytes = 64 << 20
        /// The largest response header section accepted.
        public var maxHeaderBytes = 64 * 1024
        /// For https: a PEM file of the certificates to trust (else the system's store).
        public var trustedCertificatesPath: String?

        public init() {}
    }

    public let url: HTTPURL
    public let configuration: Configuration
    private let lock = NSLock()
    private var connection: Connection?
    /// The TLS context of an https client, made on first use.
    var tls: TLSClientContext?

    /// A connection: the stream HTTP is spoken over and the socket under it.
    struct Connection {
        let stream: HTTPByteStream
        let descriptor: Int32
        /// Whether a response was already read on it (so the server may have closed it since).
        var reused = false
    }

    /// `baseURL`: `http://host:port[/prefix]` or `https://…`; request paths are appended to it.
    public init(baseURL: String, configuration: Configuration = .init()) throws {
        self.url = try HTTPURL(baseURL)
        self.configuration = configuration
        guard configuration.timeout > 0, configuration.timeout <= 86_400 else {
            throw HTTPError(.badRequest, "the client timeout must be a number of seconds from 0 to 86400")
        }
    }

    deinit { connection?.stream.close() }

    public func get(_ path: String, accept: String? = nil) throws -> HTTPClientResponse {
        var headers: [(String, String)] = []
        if let accept { headers.append(("Accept", accept)) }
        return try send(method: "GET", path: path, headers: headers, body: nil)
    }

    public func post(_ path: String, body: [UInt8], contentType: String = "application/json") throws -> HTTPClientResponse {
        try send(method: "POST", path: path, headers: [("Content-Type", contentType)], body: body)
    }

    /// Closes the kept-alive connection (the next request opens a new one).
    public func close() {
        lock.withLock {
            connection?.stream.close()
            connection = nil
        }
    }

    private func send(method: String, path: String, headers: [(String, String)], body: [UInt8]?) throws -> HTTPClientResponse {
        let request = try serialize(method: method, path: path, headers: headers, body: body)
        return try lock.withLock {
            let idempotent = method == "GET"
            var retried = false
            while true {
                if let open = connection, open.reused, !Self.isIdleAndOpen(open.descriptor) {
                    open.stream.close()
                    connection = nil
                }
                let current = try connection ?? openConnection()
                connection = current
                do {
                    let (response, closes) = try exchange(request, on: current, method: method)
                    if closes {
                        current.stream.close()
                        connection = nil
                    } else {
                        connection?.reused = true
                    }
                    return response
                } catch let failure as Exchange {
                    current.stream.close()
                    connection = nil
                    switch failure {
                    case .failed(let error):
                        throw error
                    case .closedBeforeAnswer(let reason):
                        guard current.reused else {
                            throw HTTPError(.badGateway, "the server closed the connection without answering (\(reason))")
                        }
                        guard idempotent, !retried else {
                            throw HTTPError(.badGateway, idempotent
                                ? "the server closed the connection twice without answering (\(reason))"
                                : "the server closed the kept-alive connection before answering the \(method) (\(reason)); it was not sent again because it may have been processed — check its effect before retrying")
                        }
                        retried = true
                    }
                }
            }
        }
    }

    /// Why an exchange failed: before any byte of the answer (perhaps retryable) or otherwise.
    enum Exchange: Error {
        case closedBeforeAnswer(String)
        case failed(HTTPError)
    }

    private func exchange(_ request: [UInt8], on connection: Connection, method: String) throws(Exchange) -> (HTTPClientResponse, Bool) {
        do {
            try connection.stream.write(request)
        } catch {
            throw .closedBeforeAnswer("writing failed: \(Self.reason(error))")
        }
        var parser = HTTPResponseParser(maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxResponseBytes,
                                        noBody: method == "HEAD")
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let deadline = DispatchTime.now() + configuration.timeout
        do {
            while true {
                if let done = try parser.next() { return done }
                guard DispatchTime.now() < deadline else {
                    throw HTTPError(.gatewayTimeout, "\(url) did not answer within \(configuration.timeout) seconds")
                }
                let count: Int?
                do {
                    count = try buffer.withUnsafeMutableBytes { try connection.stream.read(into: $0) }
                } catch {
                    guard parser.received > 0 else { throw Exchange.closedBeforeAnswer("reading failed: \(Self.reason(error))") }
                    throw HTTPError(.badGateway, "the connection broke in the middle of the answer: \(Self.reason(error))")
                }
                guard let count else { continue }  // the socket's receive timeout: the deadline decides
                if count == 0 {
                    guard parser.received > 0 else { throw Exchange.closedBeforeAnswer("end of stream") }
                    if let done = try parser.next(atEnd: true) { return done }
                    throw HTTPError(.badGateway, "the server closed the connection in the middle of the answer")
                }
                try parser.append(buffer[0..<count])
            }
        } catch let error as Exchange {
            throw error
        } catch let error as HTTPError {
            throw .failed(error)
        } catch {
            throw .failed(HTTPError(.badGateway, Self.reason(error)))
        }
    }

    private func openConnection() throws -> Connection {
        guard !url.isTLS else { return try tlsConnection() }
        let fd = try Self.connectSocket(host: url.host, port: url.port, timeout: configuration.timeout)
        return Connection(stream: SocketStream(descriptor: fd), descriptor: fd)
    }

    private func serialize(method: String, path: String, headers: [(String, String)], body: [UInt8]?) throws -> [UInt8] {
        guard path.isEmpty || path.hasPrefix("/"),
              path.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "#" }) else {
            throw HTTPError(.badRequest, "a request path must start with '/' and hold visible ASCII only (percent-encode the rest)")
        }
        let target = url.prefix + path
        var text = "\(method) \(target.isEmpty ? "/" : target) HTTP/1.1\r\nHost: \(url.authority)\r\nUser-Agent: urna\r\n"
        for (name, value) in headers {
            guard value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
                throw HTTPError(.badRequest, "a header value holds a control or non-ASCII character")
            }
            text += "\(name): \(value)\r\n"
        }
        if let body { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + (body ?? [])
    }

    static func reason(_ error: Error) -> String {
        (error as? HTTPError)?.reason ?? String(describing: error)
    }
}
