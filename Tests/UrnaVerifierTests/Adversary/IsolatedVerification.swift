import Foundation
@testable import UrnaVerifier

/// Runs the `scrutineer` executable on a record in a child process, with a time limit, for the
/// mutations of a known trap or hang class: a trap there kills the child, not the test run.
enum IsolatedVerification {
    enum Outcome {
        /// Exit status and, when the report parsed, the report (`--json`).
        case exited(Int32, VerificationReport?)
        /// Killed by a signal (a trap: Swift runtime error, overflow, precondition).
        case signaled(Int32)
        case timedOut(Double)
    }

    static func run(_ record: SignedRecord, timeout: Double = 30) throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-isolated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try record.writeExport(in: directory)
        let process = Process()
        process.executableURL = try CommandTests.executable()
        process.arguments = ["verify", path, "--json", "--quiet", "--workers", "2"]
        let output = directory.appendingPathComponent("report.json")
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw FixtureError(description: "cannot create \(output.path)")
        }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)  // our own child; SIGTERM lets a huge heap unwind slowly
            process.waitUntilExit()
            return .timedOut(timeout)
        }
        if process.terminationReason == .uncaughtSignal { return .signaled(process.terminationStatus) }
        let report = (try? Data(contentsOf: output)).flatMap { try? JSONDecoder().decode(VerificationReport.self, from: $0) }
        return .exited(process.terminationStatus, report)
    }
}
