import Foundation

extension NSCondition {
    /// Waits for a signal until `deadline` on the monotonic clock; false once it has passed.
    /// (`wait(until:)` takes a wall-clock date: a clock set back an hour would make a 10 s wait
    /// last an hour, so each wait here lasts at most 0.25 s and the deadline is checked anew.)
    func wait(untilUptime deadline: DispatchTime) -> Bool {
        let now = DispatchTime.now()
        guard now < deadline else { return false }
        let remaining = Double(deadline.uptimeNanoseconds - now.uptimeNanoseconds) / 1e9
        _ = wait(until: Date(timeIntervalSinceNow: min(remaining, 0.25)))
        return true
    }
}
