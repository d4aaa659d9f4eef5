import Foundation

/// Streams entries from a JSON Lines export (`Specs/ledger.md` §6.1), one line at a time,
/// in bounded memory (one read buffer plus at most one line of ``EntryLine/maxLineLength``).
///
/// Every line must end with `\n` (including the last); empty lines are refused. Errors carry
/// the 1-based line number in `detail` (`.line(n)`) unless they name an entry.
public final class EntryLineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var offset = 0
    /// Bytes before this index (from `offset`) are known to hold no newline.
    private var scanned = 0
    private var finished = false
    /// Number of lines read so far.
    public private(set) var lineNumber = 0

    private static let chunkSize = 1 << 16

    public init(url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw LedgerError(.invalidParameter, "cannot open \(url.path): \(error.localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    /// The next entry, or `nil` at the end of the file.
    public func next() throws -> Entry? {
        guard let line = try nextLine() else { return nil }
        do {
            return try EntryLine.decode(line)
        } catch let error as LedgerError {
            throw located(error)
        }
    }

    /// The error with the current line number (and the entry's seq, when it names one).
    private func located(_ error: LedgerError) -> LedgerError {
        var detail = LedgerError.Detail.line(lineNumber)
        if let seq = error.seq { detail = .entry(seq: seq) }
        return LedgerError(error.code, "line \(lineNumber): \(error.reason)", detail: detail)
    }

    /// The next line without its `\n`, or `nil` at the end of the file.
    private func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[max(offset, scanned)...].firstIndex(of: 0x0A) {
                let line = buffer[offset..<newline]
                offset = newline + 1
                scanned = offset
                lineNumber += 1
                guard !line.isEmpty else {
                    throw LedgerError(.invalidEncoding, "line \(lineNumber) is empty", detail: .line(lineNumber))
                }
                return line
            }
            guard buffer.count - offset <= EntryLine.maxLineLength else {
                throw LedgerError(.invalidEncoding, "line \(lineNumber + 1) is longer than \(EntryLine.maxLineLength) bytes",
                                  detail: .line(lineNumber + 1))
            }
            if finished {
                guard offset == buffer.count else {
                    throw LedgerError(.invalidEncoding, "line \(lineNumber + 1) does not end with a newline",
                                      detail: .line(lineNumber + 1))
                }
                return nil
            }
            // Compact, then read the next chunk.
            scanned = buffer.count - offset
            if offset > 0 {
                buffer.removeFirst(offset)
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
}
