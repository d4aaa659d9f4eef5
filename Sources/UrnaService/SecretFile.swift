import Foundation

/// Writing a secret file (mode 0600 from its first byte) so that it appears only when complete.
enum SecretFile {
    /// Writes `bytes` to the new file `path` (which must not exist), mode 0600, and fsyncs it.
    static func create(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ServiceError(.internalFailure, "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else {
                unlink(path)
                throw ServiceError(.internalFailure, "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            unlink(path)
            throw ServiceError(.internalFailure, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Renames `from` to `to` unless `to` exists (never overwrites), then syncs the folder.
    static func publish(from: String, to: String) throws {
        guard !FileManager.default.fileExists(atPath: to) else {
            throw ServiceError(.internalFailure, "\(to) appeared meanwhile; the codes are in \(from)")
        }
        guard rename(from, to) == 0 else {
            throw ServiceError(.internalFailure, "cannot rename \(from) to \(to): \(String(cString: strerror(errno)))")
        }
        try? ElectionService.syncDirectory(URL(fileURLWithPath: PathParts(to).folder))
    }
}
