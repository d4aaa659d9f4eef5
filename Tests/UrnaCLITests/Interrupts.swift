import Foundation

/// Interrupting a running command at a random moment, as Ctrl-C (SIGINT) or a crash (SIGKILL).
enum Interrupts {
    /// The delays used, printed with any failure so a run can be replayed.
    struct Shot: CustomStringConvertible {
        let signal: Int32
        let delay: useconds_t
        let outcome: CLI.Outcome
        var description: String { "\(signal == SIGKILL ? "SIGKILL" : "SIGINT") after \(delay / 1000) ms → \(outcome.signalled ? "killed" : "exit \(outcome.status)")" }
    }

    /// Starts `urna arguments` in `directory`, sends SIGINT or SIGKILL (alternating with
    /// `round`) after a random delay in `window` milliseconds, and waits for the end.
    static func shoot(_ arguments: [String], in directory: URL, round: Int, window: ClosedRange<UInt32>,
                      environment: [String: String] = [:]) throws -> Shot {
        let running = try CLI.start("urna", arguments, in: directory, environment: environment)
        let delay = useconds_t(UInt32.random(in: window)) * 1000
        usleep(delay)
        let signal = round % 2 == 0 ? SIGKILL : SIGINT
        running.send(signal)
        return Shot(signal: signal, delay: delay, outcome: try running.wait(timeout: 120))
    }
}
