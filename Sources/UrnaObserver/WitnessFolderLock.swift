#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The exclusive lock a witness holds on its state folder (`DIR/witness.lock`, `flock`) for as
/// long as it runs, so that two witness processes (or two ``WitnessCore``s) never answer from one
/// state: each would cosign from its own idea of the last size, and one witness key could sign
/// two roots at one size. The kernel drops the lock when the process dies, however it dies.
/// Owns the descriptor.
final class WitnessFolderLock {
    static let fileName = "witness.lock"
    private let fd: Int32

    /// Takes the lock, creating the folder (0700) and the lock file (0600) if needed; refuses
    /// when another witness holds it.
    init(directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ObserverError(ObserverError.witnessState, "cannot create the state folder \(directory.path): \(error.localizedDescription)")
        }
        let path = directory.appendingPathComponent(Self.fileName).path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ObserverError(ObserverError.witnessState, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK
                ? "another witness is running on the state folder \(directory.path) (it holds \(path)); stop it first, or give each witness its own --state folder"
                : "cannot lock \(path): \(String(cString: strerror(errno)))"
            close(fd)
            throw ObserverError(ObserverError.witnessState, reason)
        }
    }

    deinit { close(fd) }
}
