import Foundation
import Testing

/// `urna demo --server` as a user runs it: the built executable, real loopback sockets.
@Suite struct DemoServerCLITests {
    struct Outcome {
        let status: Int32
        let out: String
        let err: String
    }

    /// Runs the built `urna` (next to the test bundle) with output to files, so no pipe fills up.
    func urna(_ arguments: [String], in directory: URL) throws -> Outcome {
        let candidates = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
                          Bundle.main.bundleURL.deletingLastPathComponent()]
        let executable = try #require(candidates.map { $0.appendingPathComponent("urna") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }, "urna not found near \(candidates.map(\.path))")
        let outURL = directory.appendingPathComponent("stdout"), errURL = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + 600) == .timedOut {
            process.terminate()
            done.wait()
        }
        return Outcome(status: process.terminationStatus, out: try String(contentsOf: outURL, encoding: .utf8),
                       err: try String(contentsOf: errURL, encoding: .utf8))
    }

    @Test func serverDemoPrintsWhatTheNetworkShowed() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("urna-demo-server-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let record = scratch.appendingPathComponent("record")
        let outcome = try urna(["demo", "--server", "--voters", "9", "--clients", "3", "--districts", "2", "--revote",
                                "--token-bits", "2048", "--out", record.path], in: scratch)
        #expect(outcome.status == 0, "\(outcome.err)")
        let out = outcome.out
        // Voter 8 re-votes (every tenth from the eighth): 9 voters, 10 receipts.
        #expect(out.contains("voters: 9 over 3 concurrent HTTP client(s)"))
        #expect(out.contains("receipts with both witnesses' cosignatures: 10/10"))
        #expect(out.contains("ballots cast: 9, spoiled: 1, re-votes: 1"))
        #expect(out.contains("scrutineer verify URL (before the service stopped): VERDICT: VALID"))
        #expect(out.contains("published result equals the voters' own choices in every district and contest: yes"))
        #expect(out.components(separatedBy: "(over HTTP)").count - 1 == 12, "re-voting allowed: no credential-used attempt")
        #expect(out.contains("witness 1: verifier key demo-witness-1+") && out.contains("witness 2: verifier key demo-witness-2+"))
        #expect(out.contains("ballots/s"))
        #expect(out.contains("spoiled ballots their voters found in the signed record as they made them: 1"))
        // Progress on stderr, one line per 5 % when stderr is not a terminal.
        #expect(outcome.err.contains("voting over HTTP: 9/9 (100 %)"))
        for file in ["witness-1/witness.json", "witness-2/witness.json", "election.db", "ledger.jsonl", "expected.json"] {
            #expect(FileManager.default.fileExists(atPath: record.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test func clientsWithoutServerIsRefused() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("urna-demo-server-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outcome = try urna(["demo", "--clients", "4", "--voters", "3", "--out", scratch.appendingPathComponent("record").path],
                               in: scratch)
        #expect(outcome.status != 0)
        #expect(outcome.err.contains("--clients needs --server"))
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("record/election.db").path))
    }
}
