import Foundation

/// Logs a recurring condition (out of file descriptors, a failing disk) at most once per
/// interval for each distinct message, with how many times it happened since its last line, so
/// a fault that lasts does not flood the log (which may sit on the very disk that is full),
/// while a new fault is still logged at once.
final class ThrottledLog: @unchecked Sendable {
    private struct Seen {
        var last: UInt64
        var suppressed: Int
    }

    private let interval: UInt64
    private let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var seen: [String: Seen] = [:]

    init(seconds: Double, log: @escaping @Sendable (String) -> Void) {
        interval = UInt64(max(0, seconds) * 1e9)
        self.log = log
    }

    func callAsFunction(_ message: String) {
        let repeats: Int? = lock.withLock {
            // Read under the lock: a time read before it could be older than a `last` another
            // thread stored meanwhile (and the unsigned difference would trap).
            let now = DispatchTime.now().uptimeNanoseconds
            if let entry = seen[message], now - entry.last < interval {
                seen[message]?.suppressed += 1
                return nil
            }
            if seen.count >= 256 { seen = seen.filter { now - $0.value.last < interval } }
            let repeats = seen[message]?.suppressed ?? 0
            seen[message] = Seen(last: now, suppressed: 0)
            return repeats
        }
        guard let repeats else { return }
        log(message + (repeats > 0 ? " (and \(repeats) more times since the last such line)" : ""))
    }
}
