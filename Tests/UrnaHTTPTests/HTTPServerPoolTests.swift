#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UrnaHTTP

/// Counts handlers entering, and holds them until released.
final class Gate: @unchecked Sendable {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var running = 0
    private(set) var mostAtOnce = 0

    func pass() {
        lock.withLock {
            running += 1
            mostAtOnce = max(mostAtOnce, running)
        }
        entered.signal()
        release.wait()
        lock.withLock { running -= 1 }
    }
}

@Suite("HTTP server: workers, peers, addresses", .serialized)
struct HTTPServerPoolTests {
    @Test("with 2 workers a third complete request waits for a free worker, then is served")
    func workerPool() throws {
        let gate = Gate()
        var configuration = HTTPServer.Configuration()
        configuration.workers = 2
        let server = HTTPServer(configuration: configuration) { _, _ in
            gate.pass()
            return HTTPResponse(status: .ok, body: Array("done".utf8))
        }
        try server.start()
        defer { server.stop() }
        let clients = try (0..<3).map { _ in try RawClient(port: server.port) }
        for client in clients { client.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(gate.entered.wait(timeout: .now() + 10) == .success)
        #expect(gate.entered.wait(timeout: .now() + 10) == .success)
        // Two handlers run; the third request is complete but must not reach the handler.
        #expect(gate.entered.wait(timeout: .now() + 1) == .timedOut, "a third handler ran beside two busy workers")
        #expect(server.connectionCount == 3)
        gate.release.signal()
        #expect(gate.entered.wait(timeout: .now() + 10) == .success, "the waiting request was never served")
        gate.release.signal()
        gate.release.signal()
        for client in clients {
            let answer = client.read()
            #expect(answer.hasPrefix("HTTP/1.1 200 OK") && answer.hasSuffix("done"), "\(answer)")
        }
        #expect(gate.mostAtOnce == 2)
    }

    @Test("the handler is told the peer's address and that the connection is plain")
    func remoteAddress() throws {
        let server = try HTTPServerTests.server()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET /peer HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.read().hasSuffix("\r\n\r\n127.0.0.1 tls=false"))
    }

    @Test("an IPv6 listener on ::1 serves an IPv6 client, whose address the handler sees")
    func ipv6() throws {
        let server: HTTPServer
        do {
            server = try HTTPServerTests.server { $0.host = "::1" }
        } catch {
            // Only a machine without IPv6 on its loopback interface cannot bind ::1.
            #expect(!FileManager.default.fileExists(atPath: "/proc/net/if_inet6"), "could not bind ::1: \(error)")
            return
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port, ipv6: true)
        client.send("GET /peer HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.read().hasSuffix("\r\n\r\n::1 tls=false"))
    }

    @Test("a host that is not an IP address is refused with a reason")
    func badHost() {
        for host in ["example.org", "1.2.3", "::g", ""] {
            var configuration = HTTPServer.Configuration()
            configuration.host = host
            let server = HTTPServer(configuration: configuration) { _, _ in HTTPResponse(status: .ok) }
            #expect(throws: HTTPError.self, "\(host)") { try server.start() }
        }
    }

    @Test("isLoopback: 127/8, ::1 and localhost only")
    func loopback() {
        for host in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "::ffff:127.0.0.1"] {
            #expect(HTTPServer.isLoopback(host: host), "\(host)")
        }
        for host in ["0.0.0.0", "::", "128.0.0.1", "10.0.0.1", "::2", "example.org", "localhost.example.org", "", "[::1", "::ffff:10.0.0.1"] {
            #expect(!HTTPServer.isLoopback(host: host), "\(host)")
        }
    }
}
