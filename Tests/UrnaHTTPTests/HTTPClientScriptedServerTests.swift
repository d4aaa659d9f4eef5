#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A loopback server that plays one script per accepted connection, in order: the client
/// tests' way to misbehave exactly (close between requests, never answer, send malformed bytes).
final class ScriptedServer: @unchecked Sendable {
    typealias Script = @Sendable (ScriptedConnection) -> Void
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var paths: [String] = []
    private var finished = 0
    private let done = DispatchGroup()

    init(_ scripts: [Script]) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        port = UInt16(bigEndian: address.sin_port)
        done.enter()
        let thread = Thread { [self] in
            for script in scripts {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { break }
                let connection = ScriptedConnection(fd: fd) { path in self.lock.withLock { self.paths.append(path) } }
                script(connection)
                close(fd)
                lock.withLock { finished += 1 }
            }
            done.leave()
        }
        thread.start()
    }

    /// The request targets received, in order.
    var requests: [String] { lock.withLock { paths } }

    /// Waits until the scripts of the first `count` connections have run and closed them.
    func waitForConnection(_ count: Int) {
        while lock.withLock({ finished < count }) { usleep(1000) }
    }

    /// Waits for the scripts to end and closes the listener.
    func finish() {
        shutdown(listener, Int32(SHUT_RDWR))
        done.wait()
        close(listener)
    }
}

/// One accepted connection as a script sees it.
final class ScriptedConnection: @unchecked Sendable {
    let fd: Int32
    let record: (String) -> Void

    init(fd: Int32, record: @escaping (String) -> Void) {
        self.fd = fd
        self.record = record
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads one request (headers and Content-Length body) and records its target.
    func readRequest() {
        var received: [UInt8] = []
        var byte: UInt8 = 0
        while !received.ends(with: Array("\r\n\r\n".utf8)) {
            guard recv(fd, &byte, 1, 0) == 1 else { return }
            received.append(byte)
        }
        let head = String(decoding: received, as: UTF8.self)
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        for _ in 0..<length { guard recv(fd, &byte, 1, 0) == 1 else { return } }
        record(String(head.split(separator: " ")[1]))
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func closeWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Blocks until the client closes (or the 10 s receive timeout).
    func waitForPeerClose() {
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) > 0 {}
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix) }
}
