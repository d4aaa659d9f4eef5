import Foundation

/// Interrupting a running `urna` at a random moment, as Ctrl-C (SIGINT) or a crash (SIGKILL),
/// alternating with the round: a thin layer over ``CLI/killLoop(_:_:in:environment:signal:after:random:timeout:)``,
/// whose description names the seed (`URNA_CLI_SEED=…`) that replays a failing round.
enum Interrupts {
    static func shoot(_ arguments: [String], in directory: URL, round: Int, window: ClosedRange<UInt32>,
                      random: inout SeededRandom, environment: [String: String] = [:]) throws -> CLI.Interrupted {
        let seconds = TimeInterval(window.lowerBound) / 1000 ... TimeInterval(window.upperBound) / 1000
        return try CLI.killLoop("urna", arguments, in: directory, environment: environment,
                                signal: round % 2 == 0 ? SIGKILL : SIGINT, after: seconds, random: &random, timeout: 120)
    }
}
