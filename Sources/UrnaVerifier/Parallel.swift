import Foundation

/// Runs work on every core: the items are cut into contiguous slices, each slice is handled by
/// one call of `transform` on some thread, and the results come back in item order.
enum Parallel {
    /// The number of worker threads to use by default.
    static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    static func mapSlices<T: Sendable, R: Sendable>(
        _ items: [T], workers: Int, minimumSlice: Int = 8, _ transform: @Sendable (ArraySlice<T>) -> [R]
    ) -> [R] {
        guard !items.isEmpty else { return [] }
        let sliceCount = max(1, min(workers, (items.count + minimumSlice - 1) / minimumSlice))
        if sliceCount == 1 { return transform(items[...]) }
        let results = ResultSlots<[R]>(count: sliceCount)
        let base = items.count / sliceCount, extra = items.count % sliceCount
        DispatchQueue.concurrentPerform(iterations: sliceCount) { index in
            let start = index * base + min(index, extra)
            let end = start + base + (index < extra ? 1 : 0)
            results.set(index, transform(items[start..<end]))
        }
        return results.values.flatMap { $0 ?? [] }
    }
}

/// Write-once result slots shared by worker threads (each slot written by one worker).
private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [R?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: R) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [R?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
