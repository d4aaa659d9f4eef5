import Foundation

/// Chunks of voters made ahead on every core while the record's writer stores the previous ones:
/// a producer thread makes chunk after chunk (each on every core) into a queue of at most
/// `depth` chunks, and the writer takes them in order. The first failure stops both sides.
final class BenchGeneratePipeline<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [(range: Range<Int>, items: [Item])] = []
    private var finished = false
    private var failure: (any Error)?
    private var stopped = false
    private let depth: Int

    /// Starts making `count` items in chunks of `chunk`; `make` runs on the producer thread.
    init(count: Int, chunk: Int, depth: Int = 2, make: @escaping @Sendable (Range<Int>) throws -> [Item]) {
        self.depth = max(1, depth)
        let thread = Thread { [self] in
            var start = 0
            while start < count {
                condition.lock()
                while ready.count >= self.depth && !stopped { condition.wait() }
                let stop = stopped
                condition.unlock()
                if stop { return }
                let range = start..<min(count, start + chunk)
                do {
                    let items = try make(range)
                    condition.lock()
                    ready.append((range, items))
                    condition.broadcast()
                    condition.unlock()
                } catch {
                    condition.lock()
                    failure = error
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                start = range.upperBound
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "urna-bench-generate"
        thread.start()
    }

    /// The next chunk in order, nil after the last; rethrows the producer's failure.
    func next() throws -> (range: Range<Int>, items: [Item])? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished && failure == nil { condition.wait() }
        if let failure { throw failure }
        guard !ready.isEmpty else { return nil }
        let chunk = ready.removeFirst()
        condition.broadcast()
        return chunk
    }

    /// Tells the producer to stop after its current chunk (the writer failed).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
