#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UrnaHTTP
import UrnaTLS

@Suite("HTTPS served by HTTPServer over libssl, on real sockets", .serialized)
struct TLSServerTests {
    @Test("curl --cacert fetches a page over HTTPS, verified by name; plain HTTP to the port gets nothing",
          .enabled(if: TLSFixtures.installed("curl"), "curl is not installed: install it (apt-get install curl) to test HTTPS end to end"))
    func curl() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key))
        defer { server.stop() }
        let fetched = try TLSFixtures.run("curl", ["-sS", "--max-time", "20", "--cacert", certificate,
                                                   "--resolve", "localhost:\(server.port):127.0.0.1",
                                                   "https://localhost:\(server.port)/peer", "https://localhost:\(server.port)/healthz"])
        #expect(fetched.status == 0 && fetched.output == "127.0.0.1 tls=trueok\n", "\(fetched)")
        let plain = try TLSFixtures.run("curl", ["-sS", "--max-time", "20", "http://127.0.0.1:\(server.port)/healthz"])
        #expect(plain.status != 0 && !plain.output.contains("ok"), "\(plain)")
    }

    @Test("openssl s_client: TLS 1.2 and 1.3 are served (verified, no compression); TLS 1.1 is refused by the server")
    func protocolVersions() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key))
        defer { server.stop() }
        let common = ["s_client", "-connect", "127.0.0.1:\(server.port)", "-servername", "localhost"]
        for (flag, name) in [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")] {
            let result = try TLSFixtures.run("openssl", common + ["-CAfile", certificate, "-verify_return_error", flag])
            #expect(result.status == 0, "\(flag): \(result.output)")
            #expect(result.output.contains("New, \(name), Cipher is") && result.output.contains("Verify return code: 0 (ok)"), "\(flag): \(result.output)")
            #expect(result.output.contains("Compression: NONE"), "\(flag): \(result.output)")
        }
        // SECLEVEL=0 lets this client really offer TLS 1.1 (OpenSSL 3 refuses it locally otherwise),
        // so the refusal below is the server's: a protocol_version alert.
        let old = try TLSFixtures.run("openssl", common + ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(old.status != 0 && old.output.contains("alert protocol version"), "\(old.output)")
    }

    @Test("a TLS 1.2 client asking to renegotiate is refused (no_renegotiation)")
    func noRenegotiation() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key))
        defer { server.stop() }
        // `R` on s_client's input renegotiates; the input stays open long enough for the answer.
        let script = "(echo R; sleep 5) | openssl s_client -connect 127.0.0.1:\(server.port) -tls1_2 -CAfile '\(certificate)' -msg"
        let result = try TLSFixtures.run("sh", ["-c", script])
        #expect(result.output.contains("RENEGOTIATING") && result.output.contains("warning no_renegotiation"), "\(result.output)")
    }

    @Test("bytes that are not a ClientHello close the connection, and the server goes on serving")
    func garbage() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key))
        defer { server.stop() }
        for junk in ["GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", String(repeating: "\u{16}\u{03}\u{01}\u{ff}\u{ff}garbage", count: 50)] {
            let fd = try TLSFixtures.connect(port: server.port)
            defer { close(fd) }
            let bytes = Array(junk.utf8)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            var last = 0, lastErrno: Int32 = 0
            repeat {
                last = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                lastErrno = errno
                if last > 0 { received += buffer[0..<last] }
            } while last > 0
            // Closed (end of stream or reset), not merely silent until the client's timeout.
            #expect(last == 0 || (lastErrno != EAGAIN && lastErrno != EWOULDBLOCK), "the connection stayed open")
            #expect(!String(decoding: received, as: UTF8.self).contains("HTTP/1.1"), "plain HTTP was answered on the TLS port")
        }
        let trust = try TLSClientContext(trustedCertificatesPath: certificate)
        #expect(try TLSSessionTests.get("/healthz", port: server.port, trust: trust).hasSuffix("\r\n\r\nok\n"))
    }

    @Test("a client that connects and sends nothing holds its slot only for the read timeout; one beyond the limit is told 503 over TLS")
    func silentClient() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key)) {
            $0.readTimeout = 1.5
            $0.maxConnections = 1
        }
        defer { server.stop() }
        let trust = try TLSClientContext(trustedCertificatesPath: certificate)
        let silent = try TLSFixtures.connect(port: server.port, timeout: 20)
        defer { close(silent) }
        let started = Date()
        let admitted = Date().addingTimeInterval(10)
        while server.connectionCount < 1, Date() < admitted { usleep(10_000) }
        #expect(server.connectionCount == 1)
        let busy = try TLSSessionTests.get("/healthz", port: server.port, trust: trust)
        #expect(busy.hasPrefix("HTTP/1.1 503 ") && busy.contains("\"code\":\"busy\""), "\(busy)")
        var byte: UInt8 = 0
        let count = recv(silent, &byte, 1, 0)
        #expect(count == 0, "the silent connection was not closed by the server (recv gave \(count))")
        #expect(Date().timeIntervalSince(started) >= 1.2, "dropped before its read timeout")
        let freed = Date().addingTimeInterval(10)
        while server.connectionCount > 0, Date() < freed { usleep(10_000) }
        #expect(try TLSSessionTests.get("/healthz", port: server.port, trust: trust).hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test("stop closes an idle keep-alive TLS connection at once")
    func stopClosesIdle() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key)) { $0.readTimeout = 30 }
        let trust = try TLSClientContext(trustedCertificatesPath: certificate)
        let fd = try TLSFixtures.connect(port: server.port)
        let stream = try TLSByteStream(connectingOver: fd, context: trust, hostname: "localhost", deadline: DispatchTime.now() + 10)
        try stream.write(Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
        var buffer = [UInt8](repeating: 0, count: 4096)
        var first: Int?
        let answered = Date().addingTimeInterval(10)
        repeat { first = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) } } while first == nil && Date() < answered
        #expect(String(decoding: buffer[0..<(first ?? 0)], as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 10, "stop waited for an idle connection's read timeout")
        #expect(try TLSFixtures.readAll(stream) == "")
        stream.close()
    }

    @Test("stop cuts short a connection that has not finished its TLS handshake")
    func stopDuringHandshake() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key)) { $0.readTimeout = 30 }
        let silent = try TLSFixtures.connect(port: server.port, timeout: 20)
        defer { close(silent) }
        let admitted = Date().addingTimeInterval(10)
        while server.connectionCount < 1, Date() < admitted { usleep(10_000) }
        #expect(server.connectionCount == 1)
        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 10, "stop waited for a handshake's read timeout")
        var byte: UInt8 = 0
        #expect(recv(silent, &byte, 1, 0) == 0)
    }
}
