import Foundation
import Testing
import UrnaHTTP

/// `urna serve` over HTTPS with a certificate made at test time, checked with curl and
/// `openssl s_client`.
@Suite(.serialized) struct ServeTLSTests {
    /// A self-signed P-256 certificate for localhost and 127.0.0.1, and its key, in `folder`.
    static func certificate(in folder: URL, name: String = "server") throws -> (cert: String, key: String) {
        let cert = folder.appendingPathComponent("\(name).pem").path, key = folder.appendingPathComponent("\(name).key").path
        let outcome = try CLI.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                                       "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                                                       "-days", "1", "-keyout", key, "-out", cert])
        guard outcome.status == 0 else { throw CLI.Failure(description: "openssl req: \(outcome.err)") }
        return (cert, key)
    }

    @Test func httpsWithCurlAndSClient() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let (cert, key) = try Self.certificate(in: election.root)
        let served = try ServedElection(election, arguments: ["--tls-cert", cert, "--tls-key", key])
        #expect(served.url.hasPrefix("https://"))
        let port = served.port
        let curl = try CLI.run("/usr/bin/curl", ["-sS", "--cacert", cert, "https://localhost:\(port)/healthz"])
        #expect(curl.status == 0 && curl.out == "ok\n", "\(curl.err)")
        let summary = try CLI.run("/usr/bin/curl", ["-sS", "--cacert", cert, "https://127.0.0.1:\(port)/v1/elections/cli-2026"])
        #expect(summary.out.contains("\"election_id\":\"cli-2026\""))
        // An unknown issuer is refused by curl (the certificate is checked, not trusted blindly).
        let untrusted = try CLI.run("/usr/bin/curl", ["-sS", "https://localhost:\(port)/healthz"])
        #expect(untrusted.status != 0)
        // TLS 1.2 and 1.3 are spoken; 1.1 is refused by the server (SECLEVEL=0 makes the client
        // really offer it), with a protocol_version alert.
        for (flags, version) in [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")] {
            let client = try CLI.run("/bin/sh", ["-c", "echo | /usr/bin/openssl s_client -connect 127.0.0.1:\(port) -servername localhost \(flags) -CAfile '\(cert)' -verify_return_error 2>&1"])
            #expect(client.status == 0 && client.out.contains("New, \(version), Cipher is"), "\(flags): \(client.out.suffix(400))")
        }
        let old = try CLI.run("/bin/sh", ["-c", "echo | /usr/bin/openssl s_client -connect 127.0.0.1:\(port) -tls1_1 -cipher DEFAULT@SECLEVEL=0 2>&1"])
        #expect(old.status != 0 && old.out.contains("alert protocol version"), "\(old.out.suffix(400))")
        // Plain HTTP to the TLS port gets no answer but a closed connection; the server goes on.
        let plain = try RawSocket(port: port)
        plain.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(plain.readUntilClosed(timeout: 15).closed)
        let again = try CLI.run("/usr/bin/curl", ["-sS", "--cacert", cert, "https://localhost:\(port)/healthz"])
        #expect(again.out == "ok\n")
        #expect(try served.stop().status == 0)
    }

    @Test func aKeyThatIsNotTheCertificatesIsRefused() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let (cert, _) = try Self.certificate(in: election.root)
        let (_, otherKey) = try Self.certificate(in: election.root, name: "other")
        let outcome = try election.urna("serve", "--dir", "el", "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", otherKey)
        #expect(outcome.status == 1)
        #expect(outcome.err.contains("--tls-cert/--tls-key"))
        #expect(!election.exists("el/admin.sock"))
    }
}
