import Foundation

extension FileHandle {
    /// Writes `data`, never ending the process: Foundation's `write(_:)` traps on any error
    /// (a full disk under a log file, a closed pipe). Returns false when the bytes could not be
    /// written; a caller that must know (a record file) uses the throwing `write(contentsOf:)`.
    @discardableResult
    public func writeSafely(_ data: Data) -> Bool {
        (try? write(contentsOf: data)) != nil
    }
}

/// The end of a command line program: standard output is flushed, and output that could not be
/// written in full (a full disk, a closed file) turns success into failure, so a report that
/// was cut short is never taken for a whole one.
public enum ProgramExit {
    public static func code(_ code: Int32, program: String) -> Int32 {
        // Every stream: what is still buffered is written now, and a failure shows here.
        guard fflush(nil) != 0 else { return code }
        FileHandle.standardError.writeSafely(Data("\(program): standard output could not be written in full (a full disk or a closed pipe); what it shows is incomplete\n".utf8))
        return code == 0 ? 1 : code
    }
}
