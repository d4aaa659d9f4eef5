#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A condition variable whose timed waits run on the monotonic clock.
///
/// `NSCondition.wait(until:)` takes a wall-clock date (`pthread_cond_timedwait` on
/// `CLOCK_REALTIME`): a clock set back an hour during a 10 s wait makes it last an hour and
/// 10 s. Here the condition is made with `pthread_condattr_setclock(CLOCK_MONOTONIC)`, so a
/// deadline is a duration from now whatever the wall clock does.
public final class MonotonicCondition: NSLocking, @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if canImport(Glibc)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }
    public func unlock() { pthread_mutex_unlock(mutex) }
    public func signal() { pthread_cond_signal(condition) }
    public func broadcast() { pthread_cond_broadcast(condition) }

    /// Waits for a signal (the lock held, as with `NSCondition`).
    public func wait() { pthread_cond_wait(condition, mutex) }

    /// Waits for a signal until `deadline`; false once the deadline has passed. May return
    /// true without a signal (as every condition variable may): callers loop on their predicate.
    public func wait(until deadline: DispatchTime) -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        guard deadline.uptimeNanoseconds > now else { return false }
        let remaining = deadline.uptimeNanoseconds - now
        var absolute = timespec()
        clock_gettime(CLOCK_MONOTONIC, &absolute)
        let nanoseconds = UInt64(absolute.tv_nsec) + remaining % 1_000_000_000
        absolute.tv_sec += Int(remaining / 1_000_000_000) + Int(nanoseconds / 1_000_000_000)
        absolute.tv_nsec = Int(nanoseconds % 1_000_000_000)
        return pthread_cond_timedwait(condition, mutex, &absolute) != ETIMEDOUT || DispatchTime.now() < deadline
    }
}
