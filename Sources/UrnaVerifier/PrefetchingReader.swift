import Foundation

/// Reads the next chunks of a source on a background thread while the current one is verified,
/// holding at most `depth` chunks ahead (bounded memory). Errors come out in stream order.
final class PrefetchingReader: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Result<[RecordItem], any Error>] = []
    private var finished = false
    private var cancelled = false
    private let depth: Int

    /// Starts reading `reader` in chunks of `chunkSize` items. The reader is used only by the
    /// background thread from now on.
    init(_ reader: any RecordEntryReader, chunkSize: Int, depth: Int = 2) {
        self.depth = max(1, depth)
        let box = ReaderBox(reader: reader)
        let thread = Thread { [weak self] in
            while true {
                let result = Result { try box.reader.next(maxCount: chunkSize) }
                guard let self else { return }
                self.condition.lock()
                while self.queue.count >= self.depth && !self.cancelled { self.condition.wait() }
                if self.cancelled {
                    self.condition.unlock()
                    return
                }
                let done: Bool
                switch result {
                case .success(let items): done = items.isEmpty
                case .failure: done = true
                }
                self.queue.append(result)
                if done { self.finished = true }
                self.condition.broadcast()
                self.condition.unlock()
                if done { return }
            }
        }
        thread.name = "scrutineer-reader"
        thread.start()
    }

    deinit { cancel() }

    /// The next chunk in order; empty at the end of the stream.
    func next() throws -> [RecordItem] {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty {
            if finished { return [] }
            condition.wait()
        }
        let result = queue.removeFirst()
        condition.broadcast()
        return try result.get()
    }

    /// Stops the background thread after its current read.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

private final class ReaderBox: @unchecked Sendable {
    let reader: any RecordEntryReader
    init(reader: any RecordEntryReader) { self.reader = reader }
}
