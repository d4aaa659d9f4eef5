import Foundation
import Testing
import UrnaClient
import UrnaServiceFixtures

/// `urna vote --server` and `urna receipt check` against the real `urna serve`.
@Suite("urna vote --server against the real urna serve")
struct ServeEndToEndTests {
    /// `urna serve` on a loopback port picked by the system; the URL it prints.
    final class Serve {
        let process = Process()
        let url: String

        init(directory: URL, tls: [String] = []) throws {
            process.executableURL = try UrnaProcess.executable()
            process.arguments = ["serve", "--dir", directory.path, "--listen", "127.0.0.1:0", "--witness-wait", "0"] + tls
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var seen = ""
            while !seen.contains("\n") || !seen.contains("listening on ") {
                let chunk = out.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw UrnaProcess.Failure(description: "urna serve ended before listening: \(seen)") }
                seen += String(decoding: chunk, as: UTF8.self)
            }
            guard let line = seen.split(separator: "\n").first(where: { $0.contains("listening on ") }),
                  let marker = line.range(of: "listening on ") else {
                throw UrnaProcess.Failure(description: "urna serve did not print its URL: \(seen)")
            }
            url = String(line[marker.upperBound...]).trimmingCharacters(in: .whitespaces)
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    @Test("a voter votes with a fingerprint pin, the receipt checks OK online; the same command again finds its ballot")
    func voteAgainstServe() throws {
        let election = try ServiceFixture()
        let letters = try election.openWithRoll()
        let key = election.service.ledgerVerifierKey
        election.service.close()
        let serve = try Serve(directory: election.directory)
        defer { serve.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-serve-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let letter = try #require(letters["v3"])
        let vote = ["vote", "--server", serve.url, "--ledger-fingerprint", LedgerKeyPin.fingerprint(of: key),
                    "--pseudonym", letter.pseudonym.hex, "--code", letter.code, "--choice", "mayor=ben",
                    "--wallet", "wallet.json", "--receipt-out", "receipt.json"]
        let voted = try UrnaProcess.run(vote, in: directory)
        #expect(voted.status == 0, "\(voted.err)")
        #expect(voted.out.contains("ballot cast at entry "), "\(voted.out)")
        #expect(voted.out.contains("tracking code: "))
        let checked = try UrnaProcess.run(["receipt", "check", "receipt.json", "--server", serve.url, "--ledger-key", key], in: directory)
        #expect(checked.status == 0, "\(checked.out)\(checked.err)")
        #expect(checked.out.contains("OK: "), "\(checked.out)")
        // No re-voting in this election: the wallet knows its ballot, nothing new is sent.
        let again = try UrnaProcess.run(vote, in: directory)
        #expect(again.status == 1)
        #expect(again.err.contains("[credential-used]") && again.err.contains("nothing new was sent"), "\(again.err)")
        // Another voter audits first: spoil, read back from the record, then cast.
        let auditor = try #require(letters["v1"])
        let audited = try UrnaProcess.run(["vote", "--server", serve.url, "--ledger-key", key, "--pseudonym", auditor.pseudonym.hex,
                                           "--code", auditor.code, "--choice", "mayor=ann", "--choice", "council=cy",
                                           "--wallet", "auditor.json", "--audit"], in: directory)
        #expect(audited.status == 0, "\(audited.err)")
        #expect(audited.out.contains("this is exactly what you chose") && audited.out.contains("ballot cast at entry "), "\(audited.out)")
    }

    @Test("over https: --cacert trusts the test certificate; without it the certificate is refused and nothing is sent")
    func voteOverHTTPS() throws {
        let election = try ServiceFixture()
        let letters = try election.openWithRoll()
        let key = election.service.ledgerVerifierKey
        election.service.close()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-https-e2e-\(UUID().uuidString)")
        let certificate = directory.appendingPathComponent("cert.pem").path
        let privateKey = directory.appendingPathComponent("key.pem").path
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                             "-subj", "/CN=urna-test", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1",
                             "-keyout", privateKey, "-out", certificate]
        openssl.standardInput = FileHandle.nullDevice
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        let serve = try Serve(directory: election.directory, tls: ["--tls-cert", certificate, "--tls-key", privateKey])
        defer { serve.stop() }
        #expect(serve.url.hasPrefix("https://"), "\(serve.url)")
        let letter = try #require(letters["v1"])
        let vote = ["vote", "--server", serve.url, "--ledger-key", key, "--pseudonym", letter.pseudonym.hex, "--code", letter.code,
                    "--choice", "mayor=ann", "--choice", "council=ed", "--wallet", "wallet.json"]
        let untrusted = try UrnaProcess.run(vote, in: directory)
        #expect(untrusted.status == 1)
        #expect(untrusted.err.contains("[unreachable]"), "\(untrusted.err)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("wallet.json").path))
        let voted = try UrnaProcess.run(vote + ["--cacert", certificate], in: directory)
        #expect(voted.status == 0, "\(voted.err)")
        #expect(voted.out.contains("ballot cast at entry "), "\(voted.out)")
    }
}
