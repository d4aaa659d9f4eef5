import Foundation

extension CLI {
    /// A running subprocess whose output is captured in files.
    ///
    /// Started with `posix_spawn` and an empty signal mask, every signal at its default: the
    /// test runner's threads block SIGINT, SIGHUP, SIGQUIT and SIGABRT, and a child started by
    /// Foundation's `Process` inherits that mask, so SIGINT would never reach it.
    final class Running: @unchecked Sendable {
        let pid: pid_t
        let program: String
        let arguments: [String]
        private let outURL: URL
        private let errURL: URL
        private let lock = NSLock()
        private var waitStatus: Int32?

        init(program: String, arguments: [String], directory: URL?, environment: [String: String]) throws {
            let path = program.hasPrefix("/") ? program : try CLI.executable(program).path
            self.program = program
            self.arguments = arguments
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("urna-cli-out-\(UUID().uuidString)")
            outURL = scratch.appendingPathExtension("out")
            errURL = scratch.appendingPathExtension("err")

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

            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            // In `directory`: through `sh`, which changes to it and execs the program (same pid;
            // Swift's Glibc does not export posix_spawn_file_actions_addchdir_np).
            let command = directory.map { ["/bin/sh", "-c", "cd -- \"$1\" || exit 127; shift; exec \"$@\"", "sh", $0.path, path] } ?? [path]
            let argv = (command + arguments).map { strdup($0) } + [nil]
            let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var child = pid_t()
            let error = posix_spawn(&child, command[0], &actions, &attributes, argv, envp)
            guard error == 0 else {
                throw Failure(description: "cannot start \(path): \(String(cString: strerror(error)))")
            }
            pid = child
        }

        /// What the process has written to stdout and stderr so far (it may still be running).
        func output() -> (out: String, err: String) {
            ((try? String(contentsOf: outURL, encoding: .utf8)) ?? "", (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
        }

        /// True until the process has ended (and been reaped).
        var isRunning: Bool { lock.withLock { reap(blocking: false) == nil } }

        /// Sends `signal` (SIGINT, SIGKILL, …) to the process, unless it has already ended.
        func send(_ signal: Int32) {
            lock.withLock {
                if reap(blocking: false) == nil { kill(pid, signal) }
            }
        }

        /// Waits for the end; kills the process and throws after `timeout` seconds.
        func wait(timeout: TimeInterval = 300) throws -> Outcome {
            let deadline = Date().addingTimeInterval(timeout)
            while isRunning {
                if Date() > deadline {
                    lock.withLock {
                        kill(pid, SIGKILL)
                        _ = reap(blocking: true)
                    }
                    throw Failure(description: "\(program) \(arguments) did not finish in \(timeout) s")
                }
                usleep(2_000)
            }
            let status = lock.withLock { waitStatus } ?? 0
            let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
            let signal = status & 0x7f
            return signal == 0
                ? Outcome(status: (status >> 8) & 0xff, signalled: false, out: out, err: err)
                : Outcome(status: signal, signalled: true, out: out, err: err)
        }

        /// The wait status once the process has ended; call with the lock held.
        private func reap(blocking: Bool) -> Int32? {
            if let waitStatus { return waitStatus }
            var status: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            } while result == -1 && errno == EINTR
            if result == -1 && errno == ECHILD {
                waitStatus = 255 << 8  // reaped by someone else: the status is lost; report exit 255, never success
                return waitStatus
            }
            guard result == pid else { return nil }
            waitStatus = status
            return status
        }
    }
}
