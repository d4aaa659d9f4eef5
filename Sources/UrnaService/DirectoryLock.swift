import Foundation

/// An exclusive advisory lock (`flock`) on `election.lock` in the election directory, held for
/// an ``ElectionService``'s lifetime: only one process at a time may run the service, so phase
/// changes, issuance and casting are serialised across processes too.
final class DirectoryLock: @unchecked Sendable {
    static let fileName = "election.lock"
    private var descriptor: Int32

    init(directory: URL) throws {
        let path = directory.appendingPathComponent(Self.fileName).path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ServiceError(.internalFailure, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            Foundation.close(descriptor)
            descriptor = -1
            throw busy
                ? ServiceError(.electionBusy, "another urna process is using the election in \(directory.path); wait for it to finish")
                : ServiceError(.internalFailure, "cannot lock \(path): \(String(cString: strerror(errno)))")
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
