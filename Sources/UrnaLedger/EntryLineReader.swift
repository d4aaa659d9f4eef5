import Foundation

/// Streams entries from a JSON Lines export (`Specs/ledger.md` §6.1), one line at a time,
/// in bounded memory (one read buffer plus at most one line of ``EntryLine/maxLineLength``).
///
/// Every line must end with `\n` (including the last); empty lines are refused. Errors carry
/// the 1-based line number in `detail` (`.line(n)`) unless they name an entry.
public final class EntryLineReader {
    private let lines: JSONLineSplitter
    /// Number of lines read so far.
    public var lineNumber: Int { Int(lines.lineNumber) }

    public init(url: URL) throws {
        lines = try JSONLineSplitter(url: url)
    }

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

    /// The next line without its `\n`, or `nil` at the end of the file; a bad line is an error.
    private func nextLine() throws -> ArraySlice<UInt8>? {
        switch try lines.next() {
        case nil:
            return nil
        case .line(let line):
            guard !line.isEmpty else {
                throw LedgerError(.invalidEncoding, "line \(lineNumber) is empty", detail: .line(lineNumber))
            }
            return line
        case .overlong:
            throw LedgerError(.invalidEncoding, "line \(lineNumber) is longer than \(EntryLine.maxLineLength) bytes",
                              detail: .line(lineNumber))
        case .unterminated:
            throw LedgerError(.invalidEncoding, "line \(lineNumber) does not end with a newline", detail: .line(lineNumber))
        }
    }
}
