import Foundation

/// A long step's progress with its rate and the time left: the bar is redrawn at most four times
/// a second with `label · N/s · ETA m:ss`, and a plain line goes out every `linePercent` so a
/// log (stderr not a terminal, where the bar is not drawn) still shows the step advancing.
final class DemoProgressMeter: @unchecked Sendable {
    private let progress: DemoElection.Progress
    private let label: String
    private let unit: String
    private var total: Int
    private let linePercent: Int
    private let started = DispatchTime.now().uptimeNanoseconds
    private let lock = NSLock()
    private var lastBar: UInt64 = 0
    private var lastLineStep = 0

    init(progress: DemoElection.Progress, label: String, unit: String, total: Int, linePercent: Int = 5) {
        self.progress = progress
        self.label = label
        self.unit = unit
        self.total = total
        self.linePercent = max(1, linePercent)
    }

    /// `done` of a total that became known (or grew) since the meter started.
    func update(_ done: Int, of newTotal: Int) {
        lock.withLock { total = newTotal }
        update(done)
    }

    /// `done` of `total` are finished (any thread; calls may arrive out of order).
    func update(_ done: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        let (drawBar, lineStep, currentTotal): (Bool, Int?, Int) = lock.withLock {
            let finished = done >= total
            let drawBar = finished || now - lastBar >= 250_000_000
            if drawBar { lastBar = now }
            let step = total > 0 ? done * 100 / total / linePercent : 0
            guard step > lastLineStep else { return (drawBar, nil, total) }
            lastLineStep = step
            return (drawBar, step, total)
        }
        guard drawBar || lineStep != nil else { return }
        let status = Self.status(done: done, total: currentTotal, unit: unit, elapsedSeconds: Double(now - started) / 1e9)
        if drawBar { progress.bar("\(label) · \(status)", done, currentTotal) }
        if lineStep != nil, !Self.stderrIsTerminal {
            progress.step("\(label): \(done)/\(currentTotal) (\(currentTotal > 0 ? done * 100 / currentTotal : 100) %), \(status)")
        }
    }

    /// `410 voters/s · ETA 3:35` (or `… · done in 4:02` at the end).
    static func status(done: Int, total: Int, unit: String, elapsedSeconds: Double) -> String {
        guard done > 0, elapsedSeconds > 0 else { return "starting" }
        let rate = Double(done) / elapsedSeconds
        let rateText = rate >= 10 ? String(format: "%.0f", rate) : String(format: "%.1f", rate)
        if done >= total { return "\(rateText) \(unit)/s · done in \(clock(elapsedSeconds))" }
        return "\(rateText) \(unit)/s · ETA \(clock(Double(total - done) / rate))"
    }

    /// `m:ss`, or `h:mm:ss` from an hour.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }

    private static let stderrIsTerminal = isatty(2) == 1
}
