#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A small HTTP/1.1 server on POSIX sockets (no packages): one accepting thread, at most
/// ``Configuration/maxConnections`` connections served at once (each on a thread of its own,
/// keep-alive included), a read timeout per request, and ``HTTPRequestParser``'s size limits.
/// A request the parser refuses gets its problem and the connection is closed; the server goes
/// on serving the others. ``stop()`` stops accepting and waits for the connections in flight.
public final class HTTPServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// IPv4 address to listen on, e.g. `127.0.0.1`.
        public var host = "127.0.0.1"
        /// 0 picks a free port (see ``HTTPServer/port``).
        public var port: UInt16 = 0
        public var limits = HTTPLimits()
        /// Connections served at once; one more is answered 503 and closed.
        public var maxConnections = 64
        /// How long a connection may take to send a complete request (and how long an idle
        /// keep-alive connection is kept), in seconds.
        public var readTimeout: Double = 10

        public init() {}
    }

    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    public let configuration: Configuration
    /// The port the server listens on.
    public private(set) var port: UInt16 = 0
    private let handler: Handler
    private var listener: Int32 = -1
    private let lock = NSLock()
    private var active = 0
    private var stopping = false
    private let finished = DispatchGroup()

    public init(configuration: Configuration = Configuration(), handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds, listens and starts accepting on a background thread.
    public func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Self.posixError("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        guard inet_pton(AF_INET, configuration.host, &address.sin_addr) == 1 else {
            close(fd)
            throw HTTPError(.internalServerError, "'\(configuration.host)' is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let error = Self.posixError("bind \(configuration.host):\(configuration.port)")
            close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: actual.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "urna-http-accept"
        thread.start()
    }

    /// Stops accepting, lets the connections in flight finish their current request, and waits.
    public func stop() {
        lock.withLock { stopping = true }
        if listener >= 0 {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
            listener = -1
        }
        finished.wait()
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return  // the listener was closed (stop)
            }
            let admitted = lock.withLock { () -> Bool in
                guard !stopping, active < configuration.maxConnections else { return false }
                active += 1
                return true
            }
            guard admitted else {
                Self.send(HTTPResponse.problem(.serviceUnavailable, code: "busy", detail: "too many connections; try again shortly")
                    .serialized(keepAlive: false), to: connection)
                close(connection)
                continue
            }
            finished.enter()
            let thread = Thread { [self] in
                serve(connection)
                close(connection)
                lock.withLock { active -= 1 }
                finished.leave()
            }
            thread.name = "urna-http-connection"
            thread.start()
        }
    }

    /// Serves one connection: requests in order, until it closes, errs, times out or asks to close.
    private func serve(_ connection: Int32) {
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)  // wake up to check the request deadline
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var parser = HTTPRequestParser(limits: configuration.limits)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let deadline = { Date().addingTimeInterval(self.configuration.readTimeout) }
        var requestDeadline = deadline()
        while true {
            let request: HTTPRequest?
            do {
                request = try parser.next()
            } catch let error as HTTPError {
                Self.send(HTTPResponse.problem(error).serialized(keepAlive: false), to: connection)
                return
            } catch {
                return
            }
            if let request {
                let keepAlive = request.keepAlive && !lock.withLock({ stopping })
                Self.send(handler(request).serialized(keepAlive: keepAlive), to: connection)
                guard keepAlive else { return }
                requestDeadline = deadline()
                continue
            }
            // Stopping: an idle keep-alive connection is closed at once (a request half
            // received is still given its time).
            if parser.buffered == 0, lock.withLock({ stopping }) { return }
            // A slow sender gets the whole read timeout for its request, not per byte.
            guard Date() < requestDeadline else {
                if parser.buffered > 0 {
                    Self.send(HTTPResponse.problem(.requestTimeout, code: "timeout", detail: "the request did not arrive in time")
                        .serialized(keepAlive: false), to: connection)
                }
                return
            }
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                parser.append(buffer[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                continue  // the deadline above decides
            } else {
                return  // closed by the client
            }
        }
    }

    static func send(_ bytes: [UInt8], to connection: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    static func posixError(_ what: String) -> HTTPError {
        HTTPError(.internalServerError, "\(what): \(String(cString: strerror(errno)))")
    }
}
