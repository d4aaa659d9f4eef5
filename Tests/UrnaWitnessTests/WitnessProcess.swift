import Foundation

/// The built `scrutineer` run as a subprocess, as an observer runs it: output in files, started
/// with `posix_spawn` and every signal at its default (the test runner blocks some signals, and
/// a child started by `Process` would inherit that mask).
final class WitnessProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let pid: pid_t
    let outURL: URL
    let errURL: URL
    private var status: Int32?

    /// A built product found next to the test bundle.
    static func executable(_ name: String) throws -> String {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [directory, Bundle.main.bundleURL.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        }
        throw Failure(description: "\(name) not found near \(directory.path)")
    }

    init(_ arguments: [String]) throws {
        let path = try Self.executable("scrutineer")
        let scratch = try temporaryDirectory("process")
        outURL = scratch.appendingPathComponent("out")
        errURL = scratch.appendingPathComponent("err")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGABRT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let error = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard error == 0 else { throw Failure(description: "cannot start \(path): \(String(cString: strerror(error)))") }
        pid = child
    }

    var out: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var err: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Waits until stdout holds `lines` lines (or the process ended), at most `timeout` seconds.
    func waitForOutput(lines: Int, timeout: TimeInterval = 60) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let got = out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            if got.count >= lines { return got }
            if exitStatus(blocking: false) != nil { break }
            usleep(10_000)
        }
        throw Failure(description: "scrutineer printed \(out.debugDescription), stderr \(err.debugDescription)")
    }

    /// The exit status once the process ended (nil while it runs); -signal if a signal ended it.
    func exitStatus(blocking: Bool) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, blocking ? 0 : WNOHANG) } while result == -1 && errno == EINTR
        guard result == pid else { return nil }
        status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : -(raw & 0x7f)
        return status
    }

    /// Sends `signal` and waits for the end (SIGKILL after `timeout` seconds).
    func stop(_ signal: Int32 = SIGTERM, timeout: TimeInterval = 30) -> Int32? {
        if exitStatus(blocking: false) == nil { kill(pid, signal) }
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus(blocking: false) == nil {
            if Date() > deadline {
                kill(pid, SIGKILL)
                return exitStatus(blocking: true)
            }
            usleep(5_000)
        }
        return status
    }

    /// Runs scrutineer to completion (for refusals at startup).
    static func run(_ arguments: [String], timeout: TimeInterval = 60) throws -> (status: Int32, out: String, err: String) {
        let process = try WitnessProcess(arguments)
        let status = process.stop(0, timeout: timeout) ?? -1
        return (status, process.out, process.err)
    }
}
