import Foundation
import Testing
import UrnaHTTP
import UrnaTLS

/// A self-signed certificate made with the `openssl` command for the test.
struct TestCertificate {
    let certificate: String
    let key: String

    init(directory: URL, names: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("cert.pem").path
        key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                             "-subj", "/CN=urna-test", "-addext", "subjectAltName=\(names)", "-days", "1",
                             "-keyout", key, "-out", certificate]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("openssl req failed") }
    }
}

@Suite("https: the client verifies the service's certificate and name", .serialized)
struct HTTPSObserverTests {
    @Test("HTTPClient over TLS: trusted with --cacert, by address and by name; an untrusted certificate or a wrong name is refused")
    func client() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-https-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try TestCertificate(directory: directory.appendingPathComponent("good"), names: "DNS:localhost,IP:127.0.0.1")
        let other = try TestCertificate(directory: directory.appendingPathComponent("other"), names: "DNS:elsewhere.example")
        var configuration = HTTPServer.Configuration()
        configuration.tls = try TLSServerContext(certificatePath: good.certificate, privateKeyPath: good.key)
        let server = HTTPServer(configuration: configuration) { request, connection in
            HTTPResponse(status: .ok, body: Array("\(request.path) tls=\(connection.isTLS)".utf8))
        }
        try server.start()
        defer { server.stop() }
        var trusting = HTTPClient.Configuration()
        trusting.trustedCertificatesPath = good.certificate
        for host in ["127.0.0.1", "localhost"] {
            let client = try HTTPClient(baseURL: "https://\(host):\(server.port)", configuration: trusting)
            for i in 0..<5 {
                #expect(try client.get("/r\(i)").text == "/r\(i) tls=true")
            }
            client.close()
        }
        // The system's store does not trust a self-signed certificate; another certificate does not either.
        var wrong = HTTPClient.Configuration()
        wrong.trustedCertificatesPath = other.certificate
        for configuration in [HTTPClient.Configuration(), wrong] {
            do {
                _ = try HTTPClient(baseURL: "https://127.0.0.1:\(server.port)", configuration: configuration).get("/")
                Issue.record("an untrusted certificate must be refused")
            } catch let error as HTTPError {
                #expect(error.reason.contains("TLS with 127.0.0.1") && error.reason.contains("--cacert"), "\(error)")
            }
        }
        // Trusted, but issued for other names: the name check refuses it.
        let misnamed = try TestCertificate(directory: directory.appendingPathComponent("misnamed"), names: "DNS:elsewhere.example")
        var misnamedServer = HTTPServer.Configuration()
        misnamedServer.tls = try TLSServerContext(certificatePath: misnamed.certificate, privateKeyPath: misnamed.key)
        let impostor = HTTPServer(configuration: misnamedServer) { _, _ in HTTPResponse(status: .ok) }
        try impostor.start()
        defer { impostor.stop() }
        var trustingMisnamed = HTTPClient.Configuration()
        trustingMisnamed.trustedCertificatesPath = misnamed.certificate
        #expect(throws: HTTPError.self) {
            try HTTPClient(baseURL: "https://127.0.0.1:\(impostor.port)", configuration: trustingMisnamed).get("/")
        }
        // A plain-HTTP client on the TLS port gets no valid answer.
        #expect(throws: HTTPError.self) { try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)").get("/") }
    }

    @Test("scrutineer verify https://… --cacert FILE: VALID; without --cacert: exit 2 naming the fix")
    func verifyOverHTTPS() throws {
        let demo = try DemoRecord.shared.get()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-https-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = try TestCertificate(directory: directory, names: "DNS:localhost,IP:127.0.0.1")
        var configuration = HTTPServer.Configuration()
        configuration.tls = try TLSServerContext(certificatePath: certificate.certificate, privateKeyPath: certificate.key)
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, signer: demo.signer),
                                      configuration: configuration)
        defer { service.stop() }
        let valid = try ScrutineerProcess.run("verify", service.url, "--cacert", certificate.certificate, "--quiet")
        #expect(valid.status == 0 && valid.out.contains("VERDICT: VALID"), "\(valid.out)\n\(valid.err)")
        let untrusted = try ScrutineerProcess.run("verify", service.url, "--quiet")
        #expect(untrusted.status == 2 && untrusted.err.contains("--cacert"), "\(untrusted.err)")
        let state = directory.appendingPathComponent("state")
        let follow = try ScrutineerProcess.run("follow", service.url, "--state", state.path, "--once", "--cacert", certificate.certificate)
        #expect(follow.status == 0 && follow.out.hasPrefix("checkpoint \(demo.entries.count) "), "\(follow.out)\n\(follow.err)")
    }
}
