#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaCrypto
import UrnaRecord

/// Reading and writing the key file. It holds secrets: it is created with mode 0600 and
/// refused on reading if group or others may access it (as OpenSSH does with private keys).
extension TrusteeKeyFile {
    /// Writes the key file atomically with mode 0600: the JSON goes to a new temporary file in
    /// the same directory (created 0600, exclusively), is synced, then renamed over `path`.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let bytes = Array(try encoder.encode(self)) + [0x0a]
        let temporary = "\(path).tmp-\(try Scalar.random().hex.prefix(16))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.ioError("cannot create \(temporary)") }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            guard fchmod(fd, 0o600) == 0 else { throw Self.ioError("cannot set mode 0600 on \(temporary)") }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
                guard written > 0 else { throw Self.ioError("cannot write \(temporary)") }
                offset += written
            }
            guard fsync(fd) == 0 else { throw Self.ioError("cannot sync \(temporary)") }
        }
        guard rename(temporary, path) == 0 else { throw Self.ioError("cannot rename \(temporary) to \(path)") }
        renamed = true
        // Make the rename durable.
        // The folder, split by hand: NSString's path bridging traps on some one-letter names on Linux.
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let dirfd = open(directory, O_RDONLY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    /// Reads and checks a key file; refuses one that group or others may read or write.
    public static func read(from path: String) throws -> TrusteeKeyFile {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ioError("cannot read the key file \(path)") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw RecordError(.keyFile, "the key file \(path) is accessible by others (mode 0\(String(mode, radix: 8))); run chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ioError("cannot read the key file \(path)") }
        do {
            return try CanonicalJSON.decodeInput(TrusteeKeyFile.self, from: Array(data))
        } catch let error as RecordError {
            throw RecordError(.keyFile, "\(path): \(error.reason)")
        }
    }

    static func ioError(_ what: String) -> RecordError {
        RecordError(.keyFile, "\(what): \(String(cString: strerror(errno)))")
    }
}

/// `write(2)`, named apart from ``TrusteeKeyFile/write(to:)``.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
