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

        init(directory: URL) throws {
            process.executableURL = try UrnaProcess.executable()
            process.arguments = ["serve", "--dir", directory.path, "--listen", "127.0.0.1:0", "--witness-wait", "0"]
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
    }
}
