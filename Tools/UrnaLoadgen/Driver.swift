import Foundation
import UrnaClient
import UrnaHTTP

/// Monotonic nanoseconds.
func nowNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// One timed phase's outcome: the latency of every successful request, and the failed ones by code.
struct PhaseResult {
    let name: String
    let unit: String
    let attempted: Int
    var latencies: [Double]  // milliseconds, successful requests only
    var errors: [String: Int]
    var samples: [String: String]  // the first reason seen for each error code
    let seconds: Double
    let targetRate: Double?

    var succeeded: Int { latencies.count }
    var failed: Int { errors.values.reduce(0, +) }
    var throughput: Double { seconds > 0 ? Double(succeeded) / seconds : 0 }

    /// Nearest-rank percentile of the sorted latencies (nil when none succeeded).
    func percentile(_ q: Double) -> Double? {
        guard !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// Why a request failed, as a stable code for the report: the service's problem code, the
/// client's own check, or a transport failure.
struct RequestFailure: Error {
    let code: String
    let reason: String
}

func failureCode(_ error: any Error) -> (code: String, reason: String) {
    switch error {
    case let error as RequestFailure: return (error.code, error.reason)
    case let error as ClientError: return (error.code, error.reason)
    case let error as HTTPError: return ("http-\(error.status.code)", error.reason)
    default: return ("error", String(describing: error))
    }
}

/// Shared state of a phase's workers: the next request index, and what came back.
private final class PhaseState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private var latencies: [Double] = []
    private var errors: [String: Int] = [:]
    private var samples: [String: String] = [:]
    let count: Int

    init(count: Int) {
        self.count = count
        latencies.reserveCapacity(count)
    }

    /// The next index to send, each handed out exactly once; nil when all are taken.
    func take() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func succeeded(_ milliseconds: Double) { lock.withLock { latencies.append(milliseconds); done += 1 } }

    func failed(_ code: String, _ reason: String) {
        lock.withLock {
            errors[code, default: 0] += 1
            if samples[code] == nil { samples[code] = reason }
            done += 1
        }
    }

    var progress: (done: Int, errors: Int) { lock.withLock { (done, errors.values.reduce(0, +)) } }
    var snapshot: ([Double], [String: Int], [String: String]) { lock.withLock { (latencies, errors, samples) } }
}

/// Runs `count` requests on `concurrency` threads, each with its own connection (`makeWorker`).
/// Closed loop (as fast as the service answers) without `rate`; open loop with `rate`: request
/// i is due at start + i/rate and its latency counts from then (a late send is the service's
/// delay too). `send` is timed; `check` (the receipt's or token's verification) is not. A
/// failed request is counted under its code and never sent again.
func drivePhase<Worker, Answer>(name: String, unit: String, count: Int, concurrency: Int, rate: Double?,
                                makeWorker: (Int) throws -> Worker,
                                send: @escaping @Sendable (Worker, Int) throws -> Answer,
                                check: @escaping @Sendable (Int, Answer) throws -> Void) throws -> PhaseResult {
    let state = PhaseState(count: count)
    let workers = try (0..<concurrency).map { try UncheckedBox(makeWorker($0)) }
    let group = DispatchGroup()
    let start = nowNanos()
    for worker in workers {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            while let index = state.take() {
                var begin = nowNanos()
                if let rate {
                    let due = start + UInt64(Double(index) / rate * 1e9)
                    if due > begin { Thread.sleep(forTimeInterval: Double(due - begin) / 1e9) }
                    begin = due
                }
                do {
                    let answer = try send(worker.value, index)
                    let elapsed = Double(nowNanos() - begin) / 1e6
                    try check(index, answer)
                    state.succeeded(elapsed)
                } catch {
                    let (code, reason) = failureCode(error)
                    state.failed(code, reason)
                }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    let finished = DispatchSemaphore(value: 0)
    group.notify(queue: .global()) { finished.signal() }
    var lastReport = nowNanos()
    while finished.wait(timeout: .now() + 0.25) == .timedOut {
        if nowNanos() - lastReport >= 1_000_000_000 {
            lastReport = nowNanos()
            let (done, errors) = state.progress
            let seconds = Double(lastReport - start) / 1e9
            progress("\(name): \(done)/\(count) in \(String(format: "%.1f", seconds)) s (\(Int(Double(done) / seconds)) \(unit)), \(errors) failed")
        }
    }
    let seconds = Double(nowNanos() - start) / 1e9
    let (latencies, errors, samples) = state.snapshot
    return PhaseResult(name: name, unit: unit, attempted: count, latencies: latencies, errors: errors, samples: samples,
                       seconds: seconds, targetRate: rate)
}

/// A value handed to one worker thread only.
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Runs `body(i)` for every i in 0..<count on all cores; the results in order, with progress.
func parallelMap<T>(_ name: String, count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
    let results = ResultSlots<T>(count: count)
    let start = nowNanos()
    let reporter = ProgressTicker(name: name, total: count, start: start) { results.filled }
    DispatchQueue.concurrentPerform(iterations: count) { index in
        results.set(index, Result { try body(index) })
    }
    reporter.stop()
    return results.values
}

private final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    private var count = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<T, any Error>) { lock.withLock { slots[index] = value; count += 1 } }
    var filled: Int { lock.withLock { count } }
    var values: [Result<T, any Error>] { lock.withLock { slots.map { $0! } } }
}

/// A progress line on stderr every second until stopped.
final class ProgressTicker: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    init(name: String, total: Int, start: UInt64, count: @escaping @Sendable () -> Int) {
        let thread = Thread { [self] in
            while true {
                usleep(1_000_000)
                if lock.withLock({ stopped }) { break }
                let seconds = Double(nowNanos() - start) / 1e9
                progress("\(name): \(count())/\(total) in \(String(format: "%.1f", seconds)) s")
            }
            done.signal()
        }
        thread.start()
    }

    func stop() {
        lock.withLock { stopped = true }
        done.wait()
    }
}

func progress(_ line: String) {
    FileHandle.standardError.write(Data("urna-loadgen: \(line)\n".utf8))
}
