import Foundation

/// Reads the next chunk of a source on a background thread while the current one is verified
/// (`Specs/verification.md` §2). Memory is bounded in entries *and* bytes: a chunk ends at
/// `chunkSize` items or once its bodies reach `maxBodyBytes`, and the thread starts reading a
/// chunk only when fewer than `depth` chunks wait, so with the default `depth` of 1 at most two
/// chunks exist at once (the one being verified and the one read or waiting), each holding less
/// than `maxBodyBytes` + ``SourceLimits/maxBodySize`` of bodies. Errors come out in stream order.
final class PrefetchingReader: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Result<[RecordItem], any Error>] = []
    private var finished = false
    private var cancelled = false
    private let depth: Int

    /// Starts reading `reader` in chunks of `chunkSize` items. The reader is used only by the
    /// background thread from now on.
    init(_ reader: any RecordEntryReader, chunkSize: Int, maxBodyBytes: Int = SourceLimits.chunkBodyBudget, depth: Int = 1) {
        self.depth = max(1, depth)
        let box = ReaderBox(reader: reader)
        let thread = Thread { [weak self] in
            while true {
                // Wait for room *before* reading, so a chunk read ahead never waits beside a full queue.
                guard let waiting = self else { return }
                waiting.condition.lock()
                while waiting.queue.count >= waiting.depth && !waiting.cancelled { waiting.condition.wait() }
                let stop = waiting.cancelled
                waiting.condition.unlock()
                if stop { return }
                let result = Result { try box.reader.next(maxCount: chunkSize, maxBodyBytes: maxBodyBytes) }
                guard let self else { return }
                self.condition.lock()
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
