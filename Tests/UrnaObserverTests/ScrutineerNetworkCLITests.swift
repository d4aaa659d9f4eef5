#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaObserver

/// The built `scrutineer` as a subprocess, its output in files.
enum ScrutineerProcess {
    struct Outcome: Sendable {
        let status: Int32
        let out: String
        let err: String
    }

    static var executable: URL {
        get throws {
            let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            for candidate in [directory, Bundle.main.bundleURL.deletingLastPathComponent()] {
                let url = candidate.appendingPathComponent("scrutineer")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
            throw FixtureError("scrutineer not found near \(directory.path)")
        }
    }

    /// A started process whose stdout and stderr go to files.
    final class Running: @unchecked Sendable {
        let process = Process()
        let out: URL
        let err: URL

        init(_ arguments: [String]) throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("urna-observer-cli-\(UUID().uuidString)")
            out = base.appendingPathExtension("out")
            err = base.appendingPathExtension("err")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            process.executableURL = try ScrutineerProcess.executable
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
        }

        var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }

        /// Waits for the end (killing the process after `timeout` seconds).
        func wait(timeout: Double = 120) -> Outcome {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning, Date() < deadline { usleep(5_000) }
            if process.isRunning {
                kill()
                process.waitUntilExit()
                Issue.record("scrutineer \(process.arguments ?? []) did not finish in \(timeout) s")
            }
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(at: out)
                try? FileManager.default.removeItem(at: err)
            }
            return Outcome(status: process.terminationStatus, out: stdout, err: stderr)
        }

        /// SIGKILL: the test runner blocks SIGTERM and SIGINT, and a child started by Process
        /// inherits that mask, so `terminate()` would not stop it.
        func kill() {
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        }

        /// Waits until stdout holds `lines` lines or the process ended (bounded).
        func waitForLines(_ lines: Int, timeout: Double = 120) {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning, stdout.split(separator: "\n").count < lines, Date() < deadline { usleep(10_000) }
        }
    }

    static func run(_ arguments: String...) throws -> Outcome {
        try Running(arguments).wait()
    }
}

@Suite("scrutineer verify URL and follow URL, run as a user would", .serialized)
struct ScrutineerNetworkCLITests {
    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("urna-observer-cli-\(UUID().uuidString)")
    }

    /// Writes `ledger` as a JSON Lines export directory (what `urna export` would have written).
    static func export(_ ledger: ServedLedger) throws -> URL {
        let directory = scratch()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(ledger.entries.reduce(into: [UInt8]()) { $0 += EntryLine.encode($1) })
            .write(to: directory.appendingPathComponent(LedgerExport.entriesFileName))
        try Data(try ledger.note().utf8).write(to: directory.appendingPathComponent(LedgerExport.checkpointFileName))
        try Data(LedgerExport.verifierKeyFile(ledger.signer.verifierKey).utf8).write(to: directory.appendingPathComponent(LedgerExport.verifierKeyFileName))
        return directory
    }

    /// The failures and checks of a `--json` report.
    static func findings(_ json: String) throws -> NSDictionary {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        return ["failures": object["failures"] ?? [], "checks": object["checks"] ?? [], "entries": object["entries"] ?? -1] as NSDictionary
    }

    @Test("verify URL of an honest record: VALID, exit 0, also from the service's root; an unreachable service: exit 2")
    func verifyHonest() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, signer: demo.signer))
        defer { service.stop() }
        for url in [service.url, service.root] {
            let outcome = try ScrutineerProcess.run("verify", url, "--ledger-key", demo.signer.verifierKey, "--quiet")
            #expect(outcome.status == 0 && outcome.out.contains("VERDICT: VALID"), "\(outcome.out)\n\(outcome.err)")
            #expect(outcome.out.contains("record   \(service.url)\n"), "\(outcome.out)")
        }
        // --state: the mirror is kept and the second run fetches and verifies only what was appended.
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        try service.serve(ServedLedger(demo.entries, size: 10, signer: demo.signer))
        let partial = try ScrutineerProcess.run("verify", service.url, "--state", state.path, "--json", "--quiet")
        let partialEntries = try Self.findings(partial.out)["entries"] as? Int
        #expect(partial.status == 0 && partialEntries == 10, "\(partial.out)\n\(partial.err)")
        try service.serve(ServedLedger(demo.entries, signer: demo.signer))
        let before = service.requests.count
        let resumed = try ScrutineerProcess.run("verify", service.url, "--state", state.path, "--json", "--quiet")
        let object = try JSONSerialization.jsonObject(with: Data(resumed.out.utf8)) as? [String: Any]
        #expect(resumed.status == 0 && ((object?["resumption"] as? [String: Any]).flatMap { $0["resumedAt"] ?? $0["resumed_at"] } as? Int) == 10, "\(resumed.out)")
        #expect(service.requests[before...].contains { $0.hasSuffix("entries?start=10&end=\(demo.entries.count)") }, "\(service.requests[before...])")
        #expect(!service.requests[before...].contains { $0.contains("entries?start=0&") })
        let down = try ScrutineerProcess.run("verify", "http://127.0.0.1:1/v1/elections/x", "--quiet")
        #expect(down.status == 2 && down.err.contains("cannot verify") && down.err.contains("127.0.0.1"), "\(down.err)")
    }

    @Test("verify URL of a forged record or under the wrong key: the same failures and exit code as the file verifier")
    func verifyForged() throws {
        let demo = try DemoRecord.shared.get()
        let forged = ServedLedger(try demo.forged(), signer: demo.signer)
        let service = try FakeService(electionID: demo.electionID, ledger: forged)
        defer { service.stop() }
        let directory = try Self.export(forged)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stranger = try CheckpointSigner(origin: demo.signer.origin, privateKey: Ed25519PrivateKey()).verifierKey
        for key in [demo.signer.verifierKey, stranger] {
            let file = try ScrutineerProcess.run("verify", directory.path, "--json", "--quiet", "--ledger-key", key)
            let remote = try ScrutineerProcess.run("verify", service.url, "--json", "--quiet", "--ledger-key", key)
            #expect(file.status == 1 && remote.status == 1, "\(file.err)\n\(remote.err)")
            let expected = try Self.findings(file.out)
            #expect((expected["failures"] as? [Any])?.isEmpty == false)
            #expect(try Self.findings(remote.out) == expected, "\(remote.out)")
        }
    }

    @Test("follow --once: one line per new checkpoint, resumes from its state; a fork or truncation is an ALARM with exit 1")
    func followOnce() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 9, signer: demo.signer))
        defer { service.stop() }
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let first = try ScrutineerProcess.run("follow", service.url, "--state", state.path, "--once")
        #expect(first.status == 0 && first.out.hasPrefix("checkpoint 9 root ") && first.out.contains(": 9 new entries verified"), "\(first.out)\n\(first.err)")
        #expect(first.err.contains("trusting the service's ledger key on first contact"), "\(first.err)")
        let same = try ScrutineerProcess.run("follow", service.url, "--state", state.path, "--once")
        #expect(same.status == 0 && same.out.isEmpty && same.err.contains("unchanged"), "\(same.out)\n\(same.err)")
        try service.serve(ServedLedger(demo.entries, signer: demo.signer))
        let n = demo.entries.count
        let grown = try ScrutineerProcess.run("follow", service.url, "--state", state.path, "--once")
        #expect(grown.status == 0 && grown.out.hasPrefix("checkpoint \(n) root ") && grown.out.contains(": \(n - 9) new entries verified"), "\(grown.out)\n\(grown.err)")
        // A fork at the size seen: both roots named.
        let forked = ServedLedger(try demo.fork(from: 3), signer: demo.signer)
        try service.serve(forked)
        let fork = try ScrutineerProcess.run("follow", service.url, "--state", state.path, "--once")
        let forkedRoot = Hex.encode(try forked.checkpoint.root), honestRoot = Hex.encode(try ServedLedger(demo.entries, signer: demo.signer).checkpoint.root)
        #expect(fork.status == 1 && fork.err.contains("ALARM") && fork.err.contains(forkedRoot) && fork.err.contains(honestRoot), "\(fork.err)")
        // Truncation.
        try service.serve(ServedLedger(demo.entries, size: 12, signer: demo.signer))
        let truncated = try ScrutineerProcess.run("follow", service.url, "--state", state.path, "--once")
        #expect(truncated.status == 1 && truncated.err.contains("ALARM: TRUNCATION") && truncated.err.contains("size 12"), "\(truncated.err)")
        // Unusable: no service; a missing --state.
        service.stop()
        let down = try ScrutineerProcess.run("follow", service.url, "--state", state.path, "--once")
        #expect(down.status == 2 && !down.err.contains("ALARM"), "\(down.err)")
        let usage = try ScrutineerProcess.run("follow", service.url)
        #expect(usage.status == 2 && usage.err.contains("--state DIR is required"), "\(usage.err)")
    }

    @Test("follow without --once keeps following until the service forks, then exits 1 on its own")
    func followLoop() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 6, signer: demo.signer))
        defer { service.stop() }
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let running = try ScrutineerProcess.Running(["follow", service.url, "--state", state.path, "--interval", "0.2",
                                              "--ledger-key", demo.signer.verifierKey])
        running.waitForLines(1)
        try service.serve(ServedLedger(demo.entries, size: 15, signer: demo.signer))
        running.waitForLines(2)
        #expect(running.process.isRunning)
        try service.serve(ServedLedger(try demo.fork(from: 10), signer: demo.signer))
        let outcome = running.wait()
        let lines = outcome.out.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("checkpoint 6 ") && lines[1].hasPrefix("checkpoint 15 "), "\(outcome.out)")
        #expect(outcome.status == 1 && outcome.err.contains("ALARM: FORK"), "\(outcome.err)")
    }

    @Test("follow without --once rides out an outage: the service goes away, it retries, and goes on when it is back")
    func followOutage() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 6, signer: demo.signer))
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let running = try ScrutineerProcess.Running(["follow", service.url, "--state", state.path, "--interval", "0.2",
                                                     "--ledger-key", demo.signer.verifierKey])
        defer { running.kill() }
        running.waitForLines(1)
        let port = service.port
        service.stop()
        let deadline = Date().addingTimeInterval(60)
        while running.process.isRunning, !running.stderr.contains("retrying"), Date() < deadline { usleep(10_000) }
        #expect(running.process.isRunning && running.stderr.contains("retrying"), "\(running.stderr)")
        var configuration = HTTPServer.Configuration()
        configuration.port = port
        let back = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 15, signer: demo.signer),
                                   configuration: configuration)
        defer { back.stop() }
        running.waitForLines(2)
        #expect(running.process.isRunning)
        running.kill()
        let outcome = running.wait()
        let lines = outcome.out.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("checkpoint 6 ") && lines[1].hasPrefix("checkpoint 15 "), "\(outcome.out)\n\(outcome.err)")
        #expect(!outcome.err.contains("ALARM"))
    }
}
