import Foundation

/// Splits a JSON Lines file into lines in bounded memory (one read buffer plus at most one line
/// of ``EntryLine/maxLineLength`` bytes). It never stops at a bad line: an overlong line is
/// skipped to its newline and reported, and a last line without a newline is reported, so a
/// verifier can go on and report every problem. ``EntryLineReader`` turns these into errors.
public final class JSONLineSplitter {
    public enum Line {
        /// A line without its `\n` (possibly empty).
        case line(ArraySlice<UInt8>)
        /// A line longer than ``EntryLine/maxLineLength``, skipped.
        case overlong
        /// The last line, which does not end with `\n`.
        case unterminated
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var offset = 0
    /// Bytes before this index (from `offset`) are known to hold no newline.
    private var scanned = 0
    private var finished = false
    /// Number of lines returned so far.
    public private(set) var lineNumber: UInt64 = 0

    private static let chunkSize = 1 << 20

    public init(url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw LedgerError(.invalidParameter, "cannot open \(url.path): \(error.localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    /// The next line, or `nil` at the end of the file.
    public func next() throws -> Line? {
        while true {
            if let newline = newlineIndex(from: max(offset, scanned)) {
                let line = buffer[offset..<newline]
                offset = newline + 1
                scanned = offset
                lineNumber += 1
                return .line(line)
            }
            if buffer.count - offset > EntryLine.maxLineLength {
                // Drop the overlong line up to its newline, then report it.
                offset = buffer.count
                scanned = offset
                try skipToNewline()
                lineNumber += 1
                return .overlong
            }
            if finished {
                guard offset < buffer.count else { return nil }
                offset = buffer.count
                scanned = offset
                lineNumber += 1
                return .unterminated
            }
            scanned = buffer.count
            try refill()
        }
    }

    private func skipToNewline() throws {
        while !finished {
            try refill()
            if let newline = newlineIndex(from: offset) {
                offset = newline + 1
                scanned = offset
                return
            }
            offset = buffer.count
            scanned = offset
        }
    }

    /// The index of the first `\n` in `buffer` at or after `start` (`memchr`: a line may be 11 MiB).
    private func newlineIndex(from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    private func refill() throws {
        if offset > 0 {
            buffer.removeFirst(offset)
            scanned -= offset
            offset = 0
        }
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: Self.chunkSize)
        } catch {
            throw LedgerError(.invalidParameter, "read failed: \(error.localizedDescription)")
        }
        if let chunk, !chunk.isEmpty {
            buffer.append(contentsOf: chunk)
        } else {
            finished = true
        }
    }
}
