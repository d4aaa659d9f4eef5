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

    /// A built product (`urna`, `scrutineer`), found next to the test bundle.
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

    /// Starts `program` (a built product's name, `urna`, or an absolute path, `/bin/bash`) with
    /// `arguments` in `directory`; output goes to files (no pipe can fill up).
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
        let url = scratchRoot.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let scratchPrefix = "urna-cli-tests-"

    /// One folder per test process for every temporary folder of this target, removed when the
    /// process exits (and, if it was killed, by the next run).
    static let scratchRoot: URL = {
        let temporary = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(scratchPrefix) {
            if let pid = Int32(name.dropFirst(scratchPrefix.count)), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
        atexit { try? FileManager.default.removeItem(at: CLI.scratchRoot) }
        return temporary.appendingPathComponent("\(scratchPrefix)\(getpid())")
    }()
}
