#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaTLS

/// A small HTTP/1.1 server on POSIX sockets (no packages), plain or over TLS: one accepting
/// thread, at most ``Configuration/maxConnections`` connections at once (each on a thread of its
/// own, keep-alive included, the TLS handshake too), at most ``Configuration/workers`` handlers
/// running at once, a read timeout per request, and ``HTTPRequestParser``'s size limits.
/// A request the parser refuses gets its problem and the connection is closed; the server goes
/// on serving the others. ``stop()`` stops accepting and waits for the connections in flight.
public final class HTTPServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The IPv4 or IPv6 address to listen on, e.g. `127.0.0.1`, `::1`, `0.0.0.0`, `::`.
        public var host = "127.0.0.1"
        /// 0 picks a free port (see ``HTTPServer/port``).
        public var port: UInt16 = 0
        public var limits = HTTPLimits()
        /// Connections served at once; one more is answered 503 and closed.
        public var maxConnections = 64
        /// How long a connection may take to complete its TLS handshake, to send a complete
        /// request (and how long an idle keep-alive connection is kept), in seconds; also how
        /// long a response may wait for a client that does not read.
        public var readTimeout: Double = 10
        /// Handlers running at once (twice the cores, at least 4); a complete request waits for one.
        public var workers = WorkerPool.defaultWorkers
        /// Serve HTTPS with this certificate and key; nil serves plain HTTP.
        public var tls: TLSServerContext?
        /// Runs on the connection's own thread before a request waits for a worker: a request
        /// that must wait for something other than CPU (a paused election) waits here, so it
        /// never holds a worker that others need.
        public var beforeWorker: (@Sendable (HTTPRequest) -> Void)?
        /// Told each time a connection cannot be accepted for want of file descriptors (or
        /// kernel memory); the server then refuses one waiting connection with 503 `busy` and
        /// pauses 0.1 s, until descriptors are free again.
        public var onDescriptorsExhausted: (@Sendable () -> Void)?

        public init() {}
    }

    public typealias Handler = @Sendable (HTTPRequest, HTTPConnectionInfo) -> HTTPResponse

    public let configuration: Configuration
    /// The port the server listens on.
    public private(set) var port: UInt16 = 0
    private let handler: Handler
    private let pool: WorkerPool
    private var listener: Int32 = -1
    /// A descriptor held in reserve (on `/dev/null`): when accepting fails with `EMFILE`, closing
    /// it lets the server accept one waiting connection just to tell it 503 `busy`, instead of
    /// leaving every client to time out.
    private var spare: Int32 = -1
    private let lock = NSLock()
    private var active = 0
    private var rejecting = 0
    private var stopping = false
    /// Connections in their TLS handshake: ``stop()`` cuts them short (they are idle, not in a request).
    private var handshaking: Set<Int32> = []
    private let finished = DispatchGroup()
    /// TLS connections beyond the limit are told 503 after a handshake, on threads of their own;
    /// beyond this many at once they are just closed.
    private static let maxRejecting = 16

    public init(configuration: Configuration = Configuration(), handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
        self.pool = WorkerPool(workers: configuration.workers)
    }

    /// The connections open now (for metrics).
    public var connectionCount: Int { lock.withLock { active } }

    /// Binds, listens and starts accepting on a background thread.
    public func start() throws {
        let (fd, bound) = try Self.listeningSocket(host: configuration.host, port: configuration.port)
        port = bound
        listener = fd
        spare = Self.openSpare()
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "urna-http-accept"
        thread.start()
    }

    /// Stops accepting, lets the connections in flight finish their current request, and waits.
    public func stop() {
        lock.withLock {
            stopping = true
            for connection in handshaking { shutdown(connection, Int32(SHUT_RDWR)) }
        }
        if listener >= 0 {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
            listener = -1
        }
        finished.wait()
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            var peer = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let connection = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &length) }
            }
            guard connection >= 0 else {
                let failure = errno
                if failure == EINTR || failure == ECONNABORTED { continue }
                if failure == EMFILE || failure == ENFILE || failure == ENOBUFS || failure == ENOMEM {
                    shedOneConnection(fd)
                    continue
                }
                // Linux passes on a connection's own network errors (EPROTO, ENETDOWN,
                // EHOSTUNREACH…) and EPERM from a firewall: that connection is lost, not the
                // listener. Only stop() ends the loop.
                guard lock.withLock({ stopping }) else {
                    usleep(10_000)
                    continue
                }
                if spare >= 0 { close(spare) }
                return
            }
            let info = HTTPConnectionInfo(remoteAddress: Self.numericAddress(peer, length: length), isTLS: configuration.tls != nil)
            // Entering `finished` under the lock that `stop()` sets `stopping` with: stop waits for it.
            let admitted = lock.withLock { () -> Bool in
                guard !stopping, active < configuration.maxConnections else { return false }
                active += 1
                finished.enter()
                return true
            }
            guard admitted else {
                refuse(connection)
                continue
            }
            let thread = Thread { [self] in
                // The handshake and the first request share one read timeout.
                let deadline = DispatchTime.now() + configuration.readTimeout
                if let stream = open(connection, deadline: deadline) {
                    if serve(stream, info, firstDeadline: deadline) {
                        Self.lingeringClose(stream, descriptor: connection)
                    }
                    stream.close()
                } else {
                    close(connection)
                }
                lock.withLock { active -= 1 }
                finished.leave()
            }
            thread.name = "urna-http-connection"
            thread.start()
        }
    }

    private static func openSpare() -> Int32 {
        #if canImport(Glibc)
        Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
        #else
        Darwin.open("/dev/null", O_RDONLY | O_CLOEXEC)
        #endif
    }

    /// Out of descriptors: accepts one waiting connection on the spare descriptor and answers it
    /// 503 `busy` (plain HTTP; a TLS one is just closed), then waits 0.1 s for connections in
    /// flight to end. Serving goes on by itself once descriptors are free again.
    private func shedOneConnection(_ fd: Int32) {
        configuration.onDescriptorsExhausted?()
        // Lost when another thread took the freed descriptor first: taken again when one is free.
        if spare < 0 { spare = Self.openSpare() }
        if spare >= 0 {
            close(spare)
            spare = -1
            let connection = accept(fd, nil, nil)
            if connection >= 0 {
                if configuration.tls == nil {
                    let busy = HTTPResponse.problem(.serviceUnavailable, code: "busy",
                                                    detail: "the server is out of file descriptors; try again shortly")
                    Self.send(busy.serialized(keepAlive: false), to: connection)
                }
                close(connection)
            }
            spare = Self.openSpare()
        }
        usleep(100_000)
    }

    /// Answers 503 `busy` and closes: at once on a plain socket; after a short handshake, on a
    /// thread of its own, over TLS (a few at a time; beyond that the connection is just closed).
    private func refuse(_ connection: Int32) {
        let busy = HTTPResponse.problem(.serviceUnavailable, code: "busy", detail: "too many connections; try again shortly")
            .serialized(keepAlive: false)
        guard let tls = configuration.tls else {
            Self.send(busy, to: connection)
            close(connection)
            return
        }
        let started = lock.withLock { () -> Bool in
            guard !stopping, rejecting < Self.maxRejecting else { return false }
            rejecting += 1
            finished.enter()
            return true
        }
        guard started else {
            close(connection)
            return
        }
        let thread = Thread { [self] in
            setTimeouts(connection)
            let deadline = DispatchTime.now() + min(configuration.readTimeout, 2)
            if let session = try? TLSSession.accept(descriptor: connection, context: tls, deadline: deadline) {
                let stream = TLSByteStream(session: session, descriptor: connection)
                if (try? stream.write(busy)) != nil { Self.lingeringClose(stream, descriptor: connection) }
                stream.close()
            } else {
                close(connection)
            }
            lock.withLock { rejecting -= 1 }
            finished.leave()
        }
        thread.name = "urna-http-refuse"
        thread.start()
    }

    /// The connection as a byte stream: the socket itself, or a TLS session once its handshake
    /// completes before `deadline` (nil when it does not; the caller closes the socket).
    private func open(_ connection: Int32, deadline: DispatchTime) -> HTTPByteStream? {
        setTimeouts(connection)
        guard let tls = configuration.tls else { return SocketStream(descriptor: connection) }
        let started = lock.withLock { () -> Bool in
            guard !stopping else { return false }
            handshaking.insert(connection)
            return true
        }
        guard started else { return nil }
        let accepted = try? TLSSession.accept(descriptor: connection, context: tls, deadline: deadline)
        lock.withLock { _ = handshaking.remove(connection) }
        guard let session = accepted else { return nil }
        session.writeTimeout = configuration.readTimeout
        return TLSByteStream(session: session, descriptor: connection)
    }

    /// Reads wake up every 0.2 s to check the request deadline; a write to a client that does not
    /// read gives up after the read timeout.
    private func setTimeouts(_ connection: Int32) {
        var receive = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &receive, socklen_t(MemoryLayout<timeval>.size))
        let seconds = max(configuration.readTimeout, 0.5)
        var send = timeval(tv_sec: Int(seconds), tv_usec: .init((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &send, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Serves one connection: requests in order, until it closes, errs, times out or asks to close.
    /// Returns whether the last thing sent was a final response (to let the client read it).
    private func serve(_ stream: HTTPByteStream, _ info: HTTPConnectionInfo, firstDeadline: DispatchTime) -> Bool {
        var parser = HTTPRequestParser(limits: configuration.limits)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let deadline = { DispatchTime.now() + self.configuration.readTimeout }
        var requestDeadline = firstDeadline
        while true {
            let request: HTTPRequest?
            do {
                request = try parser.next()
            } catch let error as HTTPError {
                return (try? stream.write(HTTPResponse.problem(error).serialized(keepAlive: false))) != nil
            } catch {
                return false
            }
            if let request {
                configuration.beforeWorker?(request)
                let response = pool.run { handler(request, info) }
                let keepAlive = request.keepAlive && !lock.withLock({ stopping })
                guard (try? stream.write(response.serialized(keepAlive: keepAlive))) != nil else { return false }
                guard keepAlive else { return true }
                requestDeadline = deadline()
                continue
            }
            // Stopping: an idle keep-alive connection is closed at once (a request half
            // received is still given its time).
            if parser.buffered == 0, lock.withLock({ stopping }) { return false }
            // A slow sender gets the whole read timeout for its request, not per byte.
            guard DispatchTime.now() < requestDeadline else {
                guard parser.buffered > 0 else { return false }
                let timeout = HTTPResponse.problem(.requestTimeout, code: "timeout", detail: "the request did not arrive in time")
                return (try? stream.write(timeout.serialized(keepAlive: false))) != nil
            }
            let count: Int?
            do {
                count = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
            } catch {
                return false  // broken
            }
            guard let count else { continue }  // nothing yet: the deadline above decides
            guard count > 0 else { return false }  // closed by the client
            parser.append(buffer[0..<count])
        }
    }

    /// Ends a connection after its final response without losing it: closing a socket with
    /// unread input (a pipelined request, the rest of a refused body) sends a reset, which can
    /// discard the response before the client reads it. So: close_notify, FIN, then read and drop
    /// what the client still sends until it closes too (at most 2 s). The caller then closes.
    static func lingeringClose(_ stream: HTTPByteStream, descriptor: Int32) {
        (stream as? TLSByteStream)?.session.shutdown()
        shutdown(descriptor, Int32(SHUT_WR))
        var scratch = [UInt8](repeating: 0, count: 4096)
        let until = DispatchTime.now() + 2
        while DispatchTime.now() < until {
            let count = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { continue }
            guard count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return }
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
}
