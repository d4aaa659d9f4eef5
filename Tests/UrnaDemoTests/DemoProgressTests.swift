import Foundation
import Testing
@testable import UrnaDemo

/// The voting step's progress: a bar with the rate and the time left, reaching the total.
@Suite struct DemoProgressTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var bars: [(label: String, done: Int, total: Int)] = []
        private var steps: [String] = []
        func bar(_ label: String, _ done: Int, _ total: Int) { lock.withLock { bars.append((label, done, total)) } }
        func step(_ line: String) { lock.withLock { steps.append(line) } }
        var recordedBars: [(label: String, done: Int, total: Int)] { lock.withLock { bars } }
        var recordedSteps: [String] { lock.withLock { steps } }
    }

    @Test func statusShowsRateAndTimeLeft() {
        #expect(DemoProgressMeter.status(done: 0, total: 100, unit: "voters", elapsedSeconds: 1) == "starting")
        #expect(DemoProgressMeter.status(done: 250, total: 1000, unit: "voters", elapsedSeconds: 10) == "25 voters/s · ETA 0:30")
        #expect(DemoProgressMeter.status(done: 3, total: 1000, unit: "voters", elapsedSeconds: 2) == "1.5 voters/s · ETA 11:05")
        #expect(DemoProgressMeter.status(done: 1000, total: 1000, unit: "voters", elapsedSeconds: 125) == "8.0 voters/s · done in 2:05")
        #expect(DemoProgressMeter.clock(3725) == "1:02:05")
        #expect(DemoProgressMeter.clock(59.6) == "1:00")
    }

    @Test func meterDrawsTheLastBarAndThrottlesTheRest() {
        let recorder = Recorder()
        let progress = DemoElection.Progress(step: { recorder.step($0) }, bar: { recorder.bar($0, $1, $2) })
        let meter = DemoProgressMeter(progress: progress, label: "voting", unit: "voters", total: 1000)
        for done in 1...1000 { meter.update(done) }
        let bars = recorder.recordedBars
        #expect(bars.count < 100, "redrawn at most four times a second, not once per voter")
        #expect(bars.last?.done == 1000 && bars.last?.total == 1000)
        #expect(bars.last?.label.hasPrefix("voting · ") == true)
        #expect(bars.last?.label.contains("voters/s · done in") == true)
    }

    @Test func totalLearnedLaterIsUsed() {
        let recorder = Recorder()
        let progress = DemoElection.Progress(step: { recorder.step($0) }, bar: { recorder.bar($0, $1, $2) })
        let meter = DemoProgressMeter(progress: progress, label: "verify", unit: "entries", total: 0)
        meter.update(10, of: 40)
        meter.update(40, of: 40)
        #expect(recorder.recordedBars.last?.total == 40 && recorder.recordedBars.last?.done == 40)
        #expect(recorder.recordedBars.last?.label.contains("entries/s · done in") == true)
    }

    @Test func demoVotingShowsProgressToTheEnd() throws {
        let recorder = Recorder()
        var options = DemoOptions()
        options.voters = 24
        options.districts = 2
        options.tokenKeyBits = 2048
        options.directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-demo-progress-\(UUID().uuidString)")
        let outcome = try DemoElection.run(options, progress: .init(step: { recorder.step($0) }, bar: { recorder.bar($0, $1, $2) }))
        defer { try? FileManager.default.removeItem(at: outcome.directory) }
        #expect(outcome.published == outcome.expected)
        let voting = recorder.recordedBars.filter { $0.label.hasPrefix("voting") }
        #expect(!voting.isEmpty)
        #expect(voting.last?.done == 24 && voting.last?.total == 24)
        #expect(voting.contains { $0.label.contains("voters/s") })
    }
}
