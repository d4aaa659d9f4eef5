#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UrnaHTTP
import UrnaTLS

@Suite("TLS contexts and client sessions", .serialized)
struct TLSSessionTests {
    /// One request over a fresh TLS connection to 127.0.0.1 (with `Connection: close`): the whole answer.
    static func get(_ path: String, port: UInt16, trust: TLSClientContext, hostname: String = "localhost") throws -> String {
        let fd = try TLSFixtures.connect(port: port)
        let stream: TLSByteStream
        do {
            stream = try TLSByteStream(connectingOver: fd, context: trust, hostname: hostname, deadline: DispatchTime.now() + 10)
        } catch {
            close(fd)
            throw error
        }
        defer { stream.close() }
        try stream.write(Array("GET \(path) HTTP/1.1\r\nHost: \(hostname)\r\nConnection: close\r\n\r\n".utf8))
        return try TLSFixtures.readAll(stream)
    }

    static func tlsError(_ body: () throws -> Void) -> TLSError? {
        do {
            try body()
            return nil
        } catch let error as TLSError {
            return error
        } catch {
            return TLSError(.io, "not a TLSError: \(error)")
        }
    }

    @Test("a server context refuses a key that is not the certificate's, missing files, non-PEM files and an encrypted key")
    func serverContextErrors() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let (_, otherKey) = try fixtures.selfSigned("other")
        let encrypted = fixtures.path("encrypted-key.pem")
        let sealed = try TLSFixtures.run("openssl", ["pkey", "-in", key, "-aes256", "-passout", "pass:secret", "-out", encrypted])
        #expect(sealed.status == 0, "\(sealed.output)")
        let garbage = fixtures.path("garbage.pem")
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: garbage))
        _ = try TLSServerContext(certificatePath: certificate, privateKeyPath: key)
        for (certificatePath, keyPath, code) in [(certificate, otherKey, TLSError.Code.badKey), (certificate, encrypted, .badKey),
                                                 (certificate, certificate, .badKey), (certificate, fixtures.path("none.pem"), .badKey),
                                                 (garbage, key, .badCertificate), (fixtures.path("none.pem"), key, .badCertificate)] {
            let error = Self.tlsError { _ = try TLSServerContext(certificatePath: certificatePath, privateKeyPath: keyPath) }
            #expect(error?.code == code, "\(certificatePath) \(keyPath): \(String(describing: error))")
            #expect(error?.reason.contains(code == .badKey ? keyPath : certificatePath) == true, "\(String(describing: error))")
        }
    }

    @Test("a client context refuses a trust file that is missing or holds no certificate")
    func clientContextErrors() throws {
        let fixtures = try TLSFixtures()
        let garbage = fixtures.path("garbage.pem")
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: garbage))
        for path in [garbage, fixtures.path("none.pem")] {
            #expect(Self.tlsError { _ = try TLSClientContext(trustedCertificatesPath: path) }?.code == .badCertificate, "\(path)")
        }
    }

    @Test("a TLSSession client trusting the certificate talks to the server, by DNS name and by IP address, keep-alive included")
    func clientSession() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key))
        defer { server.stop() }
        let trust = try TLSClientContext(trustedCertificatesPath: certificate)
        for hostname in ["localhost", "127.0.0.1"] {
            let answer = try Self.get("/peer", port: server.port, trust: trust, hostname: hostname)
            #expect(answer.hasPrefix("HTTP/1.1 200 OK") && answer.hasSuffix("\r\n\r\n127.0.0.1 tls=true"), "\(hostname): \(answer)")
        }
        let fd = try TLSFixtures.connect(port: server.port)
        let session = try TLSSession.connect(descriptor: fd, context: trust, hostname: "localhost", deadline: DispatchTime.now() + 10)
        #expect(session.protocolVersion == "TLSv1.3")
        let stream = TLSByteStream(session: session, descriptor: fd)
        try stream.write(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /peer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        let both = try TLSFixtures.readAll(stream)
        #expect(both.hasPrefix("HTTP/1.1 200 OK") && both.contains("Connection: keep-alive") && both.hasSuffix("127.0.0.1 tls=true"), "\(both)")
        stream.close()
        stream.close()
    }

    @Test("a client refuses a server whose certificate it does not trust, or that is issued for another name, or that does not speak TLS")
    func clientRefuses() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let (otherCertificate, _) = try fixtures.selfSigned("other")
        let server = try TLSFixtures.server(context: TLSServerContext(certificatePath: certificate, privateKeyPath: key))
        defer { server.stop() }
        let cases: [(TLSClientContext, String)] = [
            (try TLSClientContext(trustedCertificatesPath: otherCertificate), "localhost"),
            (try TLSClientContext(trustedCertificatesPath: nil), "localhost"),
            (try TLSClientContext(trustedCertificatesPath: certificate), "example.org"),
            (try TLSClientContext(trustedCertificatesPath: certificate), "127.0.0.2"),
        ]
        for (trust, hostname) in cases {
            let error = Self.tlsError { _ = try Self.get("/healthz", port: server.port, trust: trust, hostname: hostname) }
            #expect(error?.code == .handshakeFailed && error?.reason.contains("certificate") == true, "\(hostname): \(String(describing: error))")
        }
        var configuration = HTTPServer.Configuration()
        configuration.readTimeout = 2
        let plain = HTTPServer(configuration: configuration) { _, _ in HTTPResponse(status: .ok) }
        try plain.start()
        defer { plain.stop() }
        let trust = try TLSClientContext(trustedCertificatesPath: certificate)
        let error = Self.tlsError { _ = try Self.get("/", port: plain.port, trust: trust) }
        #expect(error?.code == .handshakeFailed, "\(String(describing: error))")
    }

    @Test("accept gives up at its deadline on a peer that sends nothing, and refuses one that sends no ClientHello")
    func acceptDeadline() throws {
        let fixtures = try TLSFixtures()
        let (certificate, key) = try fixtures.selfSigned("server")
        let context = try TLSServerContext(certificatePath: certificate, privateKeyPath: key)
        for junk in ["", "hello\r\n\r\n"] {
            var pair: [Int32] = [0, 0]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            defer { close(pair[0]); close(pair[1]) }
            _ = Array(junk.utf8).withUnsafeBytes { send(pair[1], $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            let error = Self.tlsError {
                _ = try TLSSession.accept(descriptor: pair[0], context: context, deadline: DispatchTime.now() + 1)
            }
            #expect(error?.code == .handshakeFailed, "\(junk.debugDescription): \(String(describing: error))")
            #expect(junk.isEmpty == (error?.reason.contains("in time") == true), "\(String(describing: error))")
        }
    }
}
