import Foundation

/// The service's abuse limits (`Specs/api.md` §7): a token bucket per client address for the
/// routes that change state, and a lock on a pseudonym after repeated failed activation codes.
public final class AbuseLimits: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Sustained POST requests per second per client address.
        public var ratePerSecond: Double = 20
        /// Burst allowed above the rate.
        public var burst: Double = 40
        /// Failed activation codes before a pseudonym is locked.
        public var maxFailedCodes = 5
        /// How long a locked pseudonym stays locked, in seconds.
        public var lockSeconds: Double = 15 * 60
        public init() {}
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private struct Failures {
        var count: Int
        var lockedUntil: Double
    }

    public let configuration: Configuration
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private var failures: [String: Failures] = [:]
    private let clock: @Sendable () -> Double

    public init(configuration: Configuration = Configuration(),
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Takes one request from the client's bucket; returns the seconds to wait if it is empty.
    public func admit(client: String) -> Double? {
        let now = clock()
        return lock.withLock {
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.updated < 60 } }
            var bucket = buckets[client] ?? Bucket(tokens: configuration.burst, updated: now)
            bucket.tokens = min(configuration.burst, bucket.tokens + (now - bucket.updated) * configuration.ratePerSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return max(1, ((1 - bucket.tokens) / max(configuration.ratePerSecond, 0.001)).rounded(.up))
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            return nil
        }
    }

    /// Seconds the pseudonym stays locked, or nil if it may try a code.
    public func locked(pseudonym: String) -> Double? {
        let now = clock()
        return lock.withLock {
            guard let entry = failures[pseudonym], entry.lockedUntil > now else { return nil }
            return (entry.lockedUntil - now).rounded(.up)
        }
    }

    /// Counts a failed code; returns true when this failure locked the pseudonym.
    @discardableResult
    public func failedCode(pseudonym: String) -> Bool {
        let now = clock()
        return lock.withLock {
            var entry = failures[pseudonym] ?? Failures(count: 0, lockedUntil: 0)
            if entry.lockedUntil > 0, entry.lockedUntil <= now { entry = Failures(count: 0, lockedUntil: 0) }
            entry.count += 1
            let locks = entry.count >= configuration.maxFailedCodes
            if locks { entry.lockedUntil = now + configuration.lockSeconds }
            failures[pseudonym] = entry
            return locks
        }
    }

    /// A correct code clears the pseudonym's failures.
    public func succeeded(pseudonym: String) {
        _ = lock.withLock { failures.removeValue(forKey: pseudonym) }
    }
}
