import Foundation

/// Lets at most ``permits`` callers run CPU-bound work at once, first come first served.
///
/// The HTTP server runs many handlers at once (most of a cast's time is spent waiting: for the
/// proof batch, for durability, for a checkpoint). Without a gate, dozens of casts decode points
/// and check signatures at the same moment on two cores: the kernel shares the cores among
/// them, every cast finishes late, and the tail latency grows with the number of connections.
/// Through the gate, one cast per core does that work at a time, in order of arrival, and the
/// others wait without spinning; each waiter is woken on its own, so a release wakes one thread.
public final class CPUGate: @unchecked Sendable {
    /// The gate every election of this process shares for the CPU work of its casts and
    /// spoils (decoding bodies, checking tokens, signatures, challenges, revealed nonces): one
    /// permit per core.
    public static let process = CPUGate(permits: ProcessInfo.processInfo.activeProcessorCount)

    /// How many callers may be inside at once.
    public let permits: Int
    private let lock = NSLock()
    private var inside = 0
    /// The waiting callers, oldest first from `head`; each is handed the permit of a leaver.
    private var waiting: [DispatchSemaphore] = []
    private var head = 0

    public init(permits: Int) {
        self.permits = max(1, permits)
    }

    /// Runs `body` once a permit is free (at once when one is), and gives the permit back after.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        enter()
        defer { leave() }
        return try body()
    }

    private func enter() {
        lock.lock()
        if inside < permits && head == waiting.count {
            inside += 1
            lock.unlock()
            return
        }
        let wake = DispatchSemaphore(value: 0)
        waiting.append(wake)
        lock.unlock()
        // The leaver that signals hands over its permit: `inside` stays as it was.
        wake.wait()
    }

    private func leave() {
        lock.lock()
        guard head < waiting.count else {
            inside -= 1
            lock.unlock()
            return
        }
        let next = waiting[head]
        head += 1
        if head >= 64 && head * 2 >= waiting.count {
            waiting.removeFirst(head)
            head = 0
        }
        lock.unlock()
        next.signal()
    }

    /// Callers inside and waiting now (for tests and metrics).
    public var load: (inside: Int, waiting: Int) { lock.withLock { (inside, waiting.count - head) } }
}
