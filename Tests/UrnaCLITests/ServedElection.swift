import Foundation

/// `urna serve` running on a loopback port over a CLI-built election, for end-to-end tests:
/// started as a real process, its URL read from its "listening on" line.
final class ServedElection: @unchecked Sendable {
    let election: CLIElection
    let process: CLI.Running
    let url: String
    var electionURL: String { url + "/v1/elections/cli-2026" }

    /// Starts `urna serve --dir el --listen 127.0.0.1:PORT` plus `arguments` (port 0: a free one).
    init(_ election: CLIElection, directory: String = "el", port: UInt16 = 0, arguments: [String] = []) throws {
        self.election = election
        process = try CLI.start("urna", ["serve", "--dir", directory, "--listen", "127.0.0.1:\(port)"] + arguments, in: election.root)
        url = try Self.waitForURL(process)
    }

    static func waitForURL(_ process: CLI.Running, timeout: TimeInterval = 60) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let (out, err) = process.output()
            if let line = out.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                return String(line.dropFirst("listening on ".count))
            }
            guard process.isRunning else {
                let outcome = try process.wait(timeout: 5)
                throw CLI.Failure(description: "urna serve exited \(outcome.status) before listening: \(outcome.err)\(err)")
            }
            usleep(20_000)
        }
        process.send(SIGKILL)
        throw CLI.Failure(description: "urna serve did not listen within \(timeout) s")
    }

    var port: UInt16 { UInt16(url.split(separator: ":").last ?? "") ?? 0 }

    /// SIGTERM (or `signal`) and the outcome; a clean stop exits 0.
    func stop(_ signal: Int32 = SIGTERM) throws -> CLI.Outcome {
        process.send(signal)
        return try process.wait(timeout: 60)
    }

    deinit {
        if process.isRunning { process.send(SIGKILL) }
    }
}
