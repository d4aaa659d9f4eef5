import Foundation

/// An exclusive advisory lock (`flock`) on `election.lock` in the election directory, held for
/// an ``ElectionService``'s lifetime: only one process at a time may run the service, so phase
/// changes, issuance and casting are serialised across processes too.
final class DirectoryLock: @unchecked Sendable {
    static let fileName = "election.lock"
    private var descriptor: Int32

    /// Takes the lock, waiting up to `wait` seconds for another process to release it
    /// (`waiting` is told once), then refusing with `election-busy`.
    init(directory: URL, wait: TimeInterval = 0, waiting: (String) -> Void = { _ in }) throws {
        let path = directory.appendingPathComponent(Self.fileName).path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw errno == EACCES || errno == EROFS
                ? ServiceError(.readOnlyElection, "the election in \(directory.path) is read-only here (\(reason)); only status, results and export work on it")
                : ServiceError(.internalFailure, "cannot open \(path): \(reason)")
        }
        let deadline = DispatchTime.now() + wait
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            guard busy, DispatchTime.now() < deadline else {
                let reason = String(cString: strerror(errno))
                Foundation.close(descriptor)
                descriptor = -1
                throw busy
                    ? ServiceError(.electionBusy, "another urna process is still using the election in \(directory.path) after \(Int(wait)) s; wait for it to finish and try again (URNA_LOCK_WAIT=SECONDS waits longer)")
                    : ServiceError(.internalFailure, "cannot lock \(path): \(reason)")
            }
            if !told {
                waiting("another urna process is using the election in \(directory.path); waiting up to \(Int(wait)) s for it to finish")
                told = true
            }
            usleep(50_000)
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        Foundation.close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
