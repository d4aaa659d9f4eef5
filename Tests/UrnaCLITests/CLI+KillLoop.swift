import Foundation

extension CLI {
    /// One round of a kill loop: a command interrupted at a random moment, and how it ended.
    struct Interrupted: CustomStringConvertible {
        let signal: Int32
        /// When the signal was due, after the start.
        let delay: TimeInterval
        /// False if the command had already ended when the delay was up (no signal was sent).
        let sent: Bool
        let outcome: Outcome
        /// The random source's seed setting, to replay the round.
        let replay: String

        var description: String {
            let name = signal == SIGKILL ? "SIGKILL" : signal == SIGINT ? "SIGINT" : "signal \(signal)"
            let when = String(format: "%.3f s", delay)
            let how = outcome.signalled ? "ended by signal \(outcome.status)" : "exited with status \(outcome.status)"
            return "\(sent ? "\(name) after \(when)" : "ended before \(when), no \(name) sent"): \(how); replay with \(replay)"
        }
    }

    /// Starts `program`, sends it `signal` (SIGINT or SIGKILL) after a delay drawn from `delay`
    /// with `random`, waits for its end and returns what happened. Loop over rounds with one
    /// `SeededRandom` and put the returned value in each expectation's comment: a failing round
    /// names the seed that replays the same delays.
    static func killLoop(_ program: String, _ arguments: [String], in directory: URL? = nil,
                         environment: [String: String] = [:], signal: Int32, after delay: ClosedRange<TimeInterval>,
                         random: inout SeededRandom, timeout: TimeInterval = 300) throws -> Interrupted {
        let due = TimeInterval.random(in: delay, using: &random)
        let running = try start(program, arguments, in: directory, environment: environment)
        let deadline = Date().addingTimeInterval(due)
        while running.isRunning && Date() < deadline { usleep(500) }
        let sent = running.isRunning
        if sent { running.send(signal) }
        let outcome = try running.wait(timeout: timeout)
        return Interrupted(signal: signal, delay: due, sent: sent, outcome: outcome, replay: random.description)
    }
}
