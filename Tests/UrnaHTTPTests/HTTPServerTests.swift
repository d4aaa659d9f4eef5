#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UrnaHTTP

/// A raw TCP client for the server tests: sends bytes, reads what comes back.
final class RawClient {
    let fd: Int32

    init(port: UInt16, ipv6: Bool = false) throws {
        fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            inet_pton(AF_INET6, "::1", &address.sin6_addr)
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard connected == 0 else { throw HTTPError(.internalServerError, "connect: \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `count` responses have arrived whole (by Content-Length) or the peer closes.
    func read(responses count: Int = 1) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Self.complete(received) < count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            received += buffer[0..<n]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Whether the peer closed the connection (within the client's read timeout).
    func isClosed() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    static func complete(_ bytes: [UInt8]) -> Int {
        var text = String(decoding: bytes, as: UTF8.self)[...], count = 0
        while let end = text.range(of: "\r\n\r\n") {
            let head = text[..<end.lowerBound]
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            let bodyStart = end.upperBound
            guard text.utf8.distance(from: bodyStart, to: text.endIndex) >= length else { break }
            count += 1
            text = text[text.utf8.index(bodyStart, offsetBy: length)...]
        }
        return count
    }
}

@Suite("HTTP server on a real loopback socket", .serialized)
struct HTTPServerTests {
    static func server(_ configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> HTTPServer {
        var configuration = HTTPServer.Configuration()
        configure(&configuration)
        let server = HTTPServer(configuration: configuration) { request, connection in
            switch request.path {
            case "/healthz": HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain")], body: Array("ok\n".utf8))
            case "/peer": HTTPResponse(status: .ok, body: Array("\(connection.remoteAddress) tls=\(connection.isTLS)".utf8))
            default: HTTPResponse.problem(.notFound, code: "not-found", detail: "no route for this path")
            }
        }
        try server.start()
        return server
    }

    @Test("keep-alive: two requests on one connection, then Connection: close ends it")
    func keepAlive() throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")
        let both = client.read(responses: 2)
        #expect(both.hasPrefix("HTTP/1.1 200 OK\r\n") && both.contains("Connection: keep-alive") && both.contains("ok\n"), "\(both)")
        #expect(both.contains("HTTP/1.1 404 Not Found") && both.contains("application/problem+json") && both.contains("\"code\":\"not-found\""), "\(both)")
        client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(client.read().contains("Connection: close"))
        #expect(client.isClosed())
    }

    @Test("a malformed or oversized request gets its 4xx problem and a closed connection; the server goes on serving")
    func malformedThenServing() throws {
        let server = try Self.server { $0.limits.maxBodyBytes = 16 }
        defer { server.stop() }
        for (request, status) in [("GET / HTTP/2.0\r\nHost: x\r\n\r\n", "505"), ("GARBAGE\r\n\r\n", "400"),
                                  ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n", "413"),
                                  ("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 20_000), "431")] {
            let client = try RawClient(port: server.port)
            client.send(request)
            let answer = client.read()
            #expect(answer.hasPrefix("HTTP/1.1 \(status) ") && answer.contains("Connection: close"), "\(request.prefix(40)): \(answer)")
            #expect(client.isClosed())
        }
        let fine = try RawClient(port: server.port)
        fine.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(fine.read().hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test("a slow request times out with 408 while another client is served at once; a full server answers 503")
    func slowIdleAndFull() throws {
        let server = try Self.server {
            $0.readTimeout = 1.5
            $0.maxConnections = 2
        }
        defer { server.stop() }
        let slow = try RawClient(port: server.port)
        slow.send("GET /healthz HTTP/1.1\r\nHo")  // never finished
        let started = Date()
        let other = try RawClient(port: server.port)
        other.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(other.read().hasPrefix("HTTP/1.1 200 OK"))
        #expect(Date().timeIntervalSince(started) < 1.2, "the other client waited for the slow one")
        // Two connections are open (slow, other): a third is refused with 503.
        let third = try RawClient(port: server.port)
        let refused = third.read()
        #expect(refused.hasPrefix("HTTP/1.1 503 ") && refused.contains("\"code\":\"busy\""), "\(refused)")
        let timedOut = slow.read()
        #expect(timedOut.hasPrefix("HTTP/1.1 408 "), "\(timedOut)")
        #expect(Date().timeIntervalSince(started) >= 1.3)
        #expect(slow.isClosed())
    }
}

@Suite("HTTP server shutdown")
struct HTTPServerShutdownTests {
    @Test("stop closes idle keep-alive connections at once and refuses new ones")
    func stopClosesIdle() throws {
        let server = try HTTPServerTests.server { $0.readTimeout = 30 }
        let client = try RawClient(port: server.port)
        client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.read().hasPrefix("HTTP/1.1 200 OK"))
        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 5, "stop waited for an idle connection's read timeout")
        #expect(client.isClosed())
        #expect((try? RawClient(port: server.port)) == nil)
    }
}
