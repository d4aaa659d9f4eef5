#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaLedger

/// The mirror's `ledger.jsonl`, opened for appending under an exclusive lock (one syncing
/// process per mirror). Owns the descriptor.
final class MirrorFile {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.error("cannot open \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw ObserverError(ObserverError.stateUnusable, "another scrutineer is updating the mirror \(path); wait for it or use another --state directory")
        }
    }

    deinit { close(fd) }

    /// The number of entries held, after cutting back what a killed writer may have left:
    /// an incomplete last line (no final newline), then any last line that is not an entry
    /// line. The count is the last line's seq + 1 (every append checked seq continuity).
    func repairAndCount() throws -> UInt64 {
        var size = try fileSize()
        var cut = false
        defer { if cut { _ = fsync(fd) } }
        while size > 0 {
            guard let last = try lastNewline(before: size) else {
                try truncate(to: 0)
                cut = true
                return 0
            }
            if last != size - 1 {
                try truncate(to: last + 1)  // a torn last line
                cut = true
                size = last + 1
                continue
            }
            let start = try lastNewline(before: last).map { $0 + 1 } ?? 0
            let line = try read(from: start, count: Int(last - start))
            if let fields = try? EntryLine.parse(line[...]) {
                return fields.seq + 1
            }
            try truncate(to: start)  // a damaged last line: fetched again
            cut = true
            size = start
        }
        return 0
    }

    /// Keeps only the first `count` lines (entries), durably.
    func cut(toLines count: UInt64) throws {
        var offset: Int64 = 0, lines: UInt64 = 0
        let size = try fileSize()
        let chunk = 1 << 20
        while lines < count, offset < size {
            let bytes = try read(from: offset, count: Int(min(Int64(chunk), size - offset)))
            var index = 0
            while lines < count, let newline = bytes[index...].firstIndex(of: 0x0A) {
                lines += 1
                index = newline + 1
            }
            offset += Int64(lines < count ? bytes.count : index)
        }
        guard offset < size else { return }
        try truncate(to: offset)
        try sync()
    }

    /// Appends `bytes` at the end.
    func append(_ bytes: [UInt8]) throws {
        guard lseek(fd, 0, SEEK_END) >= 0 else { throw Self.error("cannot seek in \(path)") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw Self.error("cannot write \(path)") }
            offset += written
        }
    }

    /// Makes what was appended durable.
    func sync() throws {
        guard fsync(fd) == 0 else { throw Self.error("cannot sync \(path)") }
    }

    private func fileSize() throws -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.error("cannot read \(path)") }
        return Int64(info.st_size)
    }

    private func truncate(to size: Int64) throws {
        guard ftruncate(fd, off_t(size)) == 0 else { throw Self.error("cannot cut back \(path)") }
    }

    /// The offset of the last `\n` strictly before `end`, if any.
    private func lastNewline(before end: Int64) throws -> Int64? {
        var position = end
        let chunk: Int64 = 64 * 1024
        while position > 0 {
            let start = max(0, position - chunk)
            let bytes = try read(from: start, count: Int(position - start))
            if let index = bytes.lastIndex(of: 0x0A) { return start + Int64(index) }
            position = start
        }
        return nil
    }

    private func read(from offset: Int64, count: Int) throws -> [UInt8] {
        guard count <= EntryLine.maxLineLength + 1 else {
            throw ObserverError(ObserverError.stateUnusable, "\(path) holds a line longer than any entry line; remove the mirror to fetch it again")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes[done...].withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset + Int64(done))) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw Self.error("cannot read \(path)") }
            done += got
        }
        return bytes
    }

    static func error(_ what: String) -> ObserverError {
        ObserverError(ObserverError.stateUnusable, "\(what): \(String(cString: strerror(errno)))")
    }
}
