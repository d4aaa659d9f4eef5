import Foundation

/// Runs the built `urna` and `scrutineer` executables as subprocesses, as a user would.
enum CLI {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Outcome: Sendable {
        let status: Int32
        /// True if the process ended by a signal (`status` is then the signal number).
        let signalled: Bool
        let out: String
        let err: String
    }

    /// The directory holding the built products (next to the test bundle).
    static func executable(_ name: String) throws -> URL {
        var candidates = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()]
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for directory in candidates {
            let url = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Failure(description: "\(name) not found near \(candidates.map(\.path))")
    }

    /// Starts `program` with `arguments` in `directory`; output goes to files (no pipe can fill up).
    static func start(_ program: String, _ arguments: [String], in directory: URL? = nil,
                      environment: [String: String] = [:]) throws -> Running {
        try Running(program: program, arguments: arguments, directory: directory, environment: environment)
    }

    /// Runs to completion (with a timeout) and returns status and output.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:], timeout: TimeInterval = 300) throws -> Outcome {
        let running = try start(program, arguments, in: directory, environment: environment)
        return try running.wait(timeout: timeout)
    }

    /// `urna …`
    @discardableResult
    static func urna(_ arguments: String..., in directory: URL? = nil, timeout: TimeInterval = 300) throws -> Outcome {
        try run("urna", arguments, in: directory, timeout: timeout)
    }

    /// `scrutineer …`
    @discardableResult
    static func scrutineer(_ arguments: String..., in directory: URL? = nil, timeout: TimeInterval = 300) throws -> Outcome {
        try run("scrutineer", arguments, in: directory, timeout: timeout)
    }

    /// A fresh temporary directory, removed by the caller (or left for inspection on failure).
    static func temporaryDirectory(_ label: String = "cli") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("urna-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A running subprocess whose output is captured in files.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let outURL: URL
        private let errURL: URL

        init(program: String, arguments: [String], directory: URL?, environment: [String: String]) throws {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("urna-cli-out-\(UUID().uuidString)")
            outURL = scratch.appendingPathExtension("out")
            errURL = scratch.appendingPathExtension("err")
            FileManager.default.createFile(atPath: outURL.path, contents: nil)
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process.executableURL = try CLI.executable(program)
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            process.environment = env
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }

        /// Sends `signal` (SIGINT, SIGKILL, …) to the process.
        func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the end; kills the process and throws after `timeout` seconds.
        func wait(timeout: TimeInterval = 300) throws -> Outcome {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning {
                if Date() > deadline {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    throw Failure(description: "\(process.executableURL?.lastPathComponent ?? "?") \(process.arguments ?? []) did not finish in \(timeout) s")
                }
                usleep(2_000)
            }
            process.waitUntilExit()
            let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
            return Outcome(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal, out: out, err: err)
        }
    }
}
