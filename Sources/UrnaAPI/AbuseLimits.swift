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
        var inFlight: Int
        var last: Double
    }

    public let configuration: Configuration
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private var failures: [String: Failures] = [:]
    private let clock: @Sendable () -> Double

    /// - Parameter clock: seconds on a monotonic clock (the default), so that a wall clock set
    ///   back or forward neither empties the buckets nor lengthens or ends a lock.
    public init(configuration: Configuration = Configuration(),
                clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Takes one request from the client's bucket; returns the seconds to wait if it is empty.
    public func admit(client: String) -> Double? {
        let now = clock()
        let key = Self.clientKey(client)
        return lock.withLock {
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.updated < 60 } }
            var bucket = buckets[key] ?? Bucket(tokens: configuration.burst, updated: now)
            bucket.tokens = min(configuration.burst, bucket.tokens + (now - bucket.updated) * configuration.ratePerSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return max(1, ((1 - bucket.tokens) / max(configuration.ratePerSecond, 0.001)).rounded(.up))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return nil
        }
    }

    /// Starts an activation-code attempt for `pseudonym` from `client`: nil if it may go ahead
    /// (the attempt is then counted until ``finishAttempt(pseudonym:client:failed:)``), else the
    /// seconds this client stays locked for this pseudonym. Failures are counted per pseudonym
    /// *and client address*, so a stranger's wrong codes never lock the real voter out;
    /// attempts in flight count too, so concurrent guesses cannot exceed the limit.
    public func beginAttempt(pseudonym: String, client: String) -> Double? {
        let now = clock()
        let key = pseudonym + "|" + Self.clientKey(client)
        return lock.withLock {
            if failures.count > 100_000 { failures = failures.filter { $0.value.inFlight > 0 || $0.value.lockedUntil > now || $0.value.count > 0 && now - $0.value.last < 3600 } }
            var entry = failures[key] ?? Failures(count: 0, lockedUntil: 0, inFlight: 0, last: now)
            if entry.lockedUntil > now { return (entry.lockedUntil - now).rounded(.up) }
            if entry.lockedUntil > 0 { entry = Failures(count: 0, lockedUntil: 0, inFlight: entry.inFlight, last: now) }
            guard entry.count + entry.inFlight < configuration.maxFailedCodes else {
                return 1  // attempts in flight fill the allowance: try again in a moment
            }
            entry.inFlight += 1
            failures[key] = entry
            return nil
        }
    }

    /// Ends an attempt; returns true when this failure locked the pseudonym for this client.
    @discardableResult
    public func finishAttempt(pseudonym: String, client: String, failed: Bool) -> Bool {
        let now = clock()
        let key = pseudonym + "|" + Self.clientKey(client)
        return lock.withLock {
            guard var entry = failures[key] else { return false }
            entry.inFlight = max(0, entry.inFlight - 1)
            guard failed else {
                if entry.inFlight == 0 { failures.removeValue(forKey: key) } else { entry.count = 0; failures[key] = entry }
                return false
            }
            entry.count += 1
            entry.last = now
            let locks = entry.count >= configuration.maxFailedCodes
            if locks { entry.lockedUntil = now + configuration.lockSeconds }
            failures[key] = entry
            return locks
        }
    }

    /// The address a limit is kept for: an IPv4 address, or the /64 network of an IPv6 one
    /// (one subscriber usually holds a whole /64).
    static func clientKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var bytes = in6_addr()
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        let prefix = withUnsafeBytes(of: &bytes) { Array($0.prefix(8)) }
        return prefix.map { String(format: "%02x", $0) }.joined() + "::/64"
    }
}
