#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Small files replaced atomically: a temporary file beside, synced, renamed over, the folder synced.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw MirrorFile.error("cannot create \(temporary)") }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw MirrorFile.error("cannot write \(temporary)") }
                offset += written
            }
            guard fsync(fd) == 0 else { throw MirrorFile.error("cannot sync \(temporary)") }
        }
        guard rename(temporary, url.path) == 0 else { throw MirrorFile.error("cannot rename \(temporary) to \(url.path)") }
        renamed = true
        let dirfd = open(directory, O_RDONLY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    /// The file's bytes, or nil when it does not exist.
    static func read(_ url: URL, limit: Int) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path), data.count <= limit else {
            throw ObserverError(ObserverError.stateUnusable, "cannot read \(url.path) (or it exceeds \(limit) bytes)")
        }
        return Array(data)
    }
}

/// `write(2)`, named apart from ``AtomicFile/write(_:to:)``.
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
