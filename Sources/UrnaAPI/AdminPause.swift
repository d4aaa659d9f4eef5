#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaRecord
import UrnaService

/// An administrator's command beside a running `urna serve` (`Specs/api.md` §4): asks the
/// service over `DIR/admin.sock` to pause, and holds the pause until ``release()`` (or until
/// this process ends, however it ends: the kernel closes the socket and the service resumes).
public final class AdminPause {
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Nil when no service is running on `directory` (no socket, or a stale one). `notice` is
    /// told when a running service is asked to pause.
    public static func request(directory: URL, notice: (String) -> Void) throws -> AdminPause? {
        let path = directory.appendingPathComponent(AdminSocket.fileName).path
        guard FileManager.default.fileExists(atPath: path), var address = AdminSocket.address(path) else { return nil }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil  // a socket left by a service that is gone: the lock decides
        }
        let pause = AdminPause(descriptor: fd)
        notice("urna serve is running on \(directory.path): pausing it for this command")
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard AdminSocket.write("pause\n", to: fd) else {
            throw ServiceError(.electionBusy, "cannot ask the running service to pause: \(String(cString: strerror(errno)))")
        }
        let reply = AdminSocket.readLine(fd) ?? ""
        guard reply == "paused" else {
            throw ServiceError(.electionBusy, "the running service did not pause (\(reply.isEmpty ? "no answer" : TerminalText.escaped(reply))); try again shortly")
        }
        return pause
    }

    /// Ends the pause: the service reopens the election.
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}
