import Foundation

/// Bounds how many handlers run at once. A connection whose request is complete waits here for
/// a worker; reading and parsing stay on the connection's own thread.
final class WorkerPool: Sendable {
    let workers: Int
    private let slots: DispatchSemaphore

    init(workers: Int) {
        self.workers = max(1, workers)
        slots = DispatchSemaphore(value: self.workers)
    }

    /// Runs `body` once a worker is free.
    func run<T>(_ body: () -> T) -> T {
        slots.wait()
        defer { slots.signal() }
        return body()
    }

    /// The default pool size: twice the cores, at least 4.
    static var defaultWorkers: Int { max(4, 2 * ProcessInfo.processInfo.activeProcessorCount) }
}
