#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaCrypto

extension RecordError.Code {
    /// A voter roll that cannot be read (`Specs/election-record.md` §8.3).
    public static let invalidRoll = Self(rawValue: "invalid-roll")
    /// A key file cannot be read, written or trusted (permissions, version, inconsistency).
    public static let keyFile = Self(rawValue: "key-file")
}

/// A file that holds secrets (a trustee's or the registrar's key file): written atomically with
/// mode 0600, and refused on reading if group or others may access it (as OpenSSH does with
/// private keys).
public enum PrivateFile {
    /// Writes `bytes` atomically with mode 0600: a new temporary file in the same directory
    /// (created 0600, exclusively), synced, then renamed over `path`, and the rename synced.
    /// The temporary file is hidden, `.NAME.private-PID-RANDOM`, and one left by a process that
    /// was killed is removed by the next write beside it: a secret never lingers in a stray copy.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        // The folder and name, split by hand: NSString's path bridging traps on some one-letter names on Linux.
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        Leftovers.removeAbandoned(in: directory, marker: ".\(name).private-")
        let temporary = (slash == nil ? "" : directory + "/") + ".\(name).private-\(getpid())-\(try RandomBytes.generate(8).hex)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ioError("cannot create \(temporary)") }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            guard fchmod(fd, 0o600) == 0 else { throw ioError("cannot set mode 0600 on \(temporary)") }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
                guard written > 0 else { throw ioError("cannot write \(temporary)") }
                offset += written
            }
            guard fsync(fd) == 0 else { throw ioError("cannot sync \(temporary)") }
        }
        guard rename(temporary, path) == 0 else { throw ioError("cannot rename \(temporary) to \(path)") }
        renamed = true
        let dirfd = open(directory, O_RDONLY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    /// Reads a private file; refuses one that group or others may read or write.
    public static func read(_ path: String, what: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ioError("cannot read \(what) \(path)") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw RecordError(.keyFile, "\(what) \(path) is accessible by others (mode 0\(String(mode, radix: 8))); run chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ioError("cannot read \(what) \(path)") }
        return Array(data)
    }

    static func ioError(_ what: String) -> RecordError {
        RecordError(.keyFile, "\(what): \(String(cString: strerror(errno)))")
    }
}

/// `write(2)`, named apart from ``PrivateFile/write(_:to:)``.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
