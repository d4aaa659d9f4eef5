import Foundation
import Testing

@Suite("kill loop helper")
struct KillLoopTests {
    @Test("a seed replays the same delays")
    func replay() {
        var first = SeededRandom(seed: 42), second = SeededRandom(seed: 42), other = SeededRandom(seed: 43)
        let a = (0..<8).map { _ in TimeInterval.random(in: 0...1, using: &first) }
        let b = (0..<8).map { _ in TimeInterval.random(in: 0...1, using: &second) }
        let c = (0..<8).map { _ in TimeInterval.random(in: 0...1, using: &other) }
        #expect(a == b)
        #expect(a != c)
        #expect(first.description == "URNA_CLI_SEED=42")
    }

    @Test("the signal reaches a running command and is reported", arguments: [SIGINT, SIGKILL])
    func interrupts(signal: Int32) throws {
        var random = SeededRandom()
        let round = try CLI.killLoop("/bin/sleep", ["30"], signal: signal, after: 0.05...0.2, random: &random, timeout: 20)
        #expect(round.sent, "\(round)")
        #expect(round.outcome.signalled && round.outcome.status == signal, "\(round)")
        #expect((0.05...0.2).contains(round.delay), "\(round)")
    }

    @Test("a started command has no signal blocked (the test runner's threads block SIGINT)")
    func signalMask() throws {
        let outcome = try CLI.run("/bin/grep", ["^SigBlk:", "/proc/self/status"], in: FileManager.default.temporaryDirectory)
        #expect(outcome.status == 0)
        #expect(outcome.out == "SigBlk:\t0000000000000000\n", "\(outcome.out)")
    }

    @Test("a command that ends first is not signalled")
    func endsFirst() throws {
        var random = SeededRandom()
        let round = try CLI.killLoop("/bin/true", [], signal: SIGKILL, after: 5...6, random: &random, timeout: 20)
        #expect(!round.sent, "\(round)")
        #expect(!round.outcome.signalled && round.outcome.status == 0, "\(round)")
    }
}
