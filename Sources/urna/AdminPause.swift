#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaService

/// An administrator's command beside a running `urna serve` (`Specs/api.md` §4): asks the
/// service over `DIR/admin.sock` to pause, and holds the pause until ``release()`` (or until
/// this process ends, however it ends: the kernel closes the socket and the service resumes).
final class AdminPause {
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Nil when no service is running on `directory` (no socket, or a stale one).
    static func request(directory: URL) throws -> AdminPause? {
        let path = directory.appendingPathComponent("admin.sock").path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var address = sockaddr_un()
        guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
            raw[path.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil  // a socket left by a service that is gone: the lock decides
        }
        let pause = AdminPause(descriptor: fd)
        Console.progress("urna serve is running on \(directory.path): pausing it for this command")
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("pause\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            throw ServiceError(.electionBusy, "cannot ask the running service to pause: \(String(cString: strerror(errno)))")
        }
        var reply: [UInt8] = []
        var byte: UInt8 = 0
        while reply.count < 512 {
            let count = recv(fd, &byte, 1, 0)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { break }
            if byte == UInt8(ascii: "\n") { break }
            reply.append(byte)
        }
        let text = String(decoding: reply, as: UTF8.self)
        guard text == "paused" else {
            throw ServiceError(.electionBusy, "the running service did not pause (\(text.isEmpty ? "no answer" : Console.safe(text))); try again shortly")
        }
        return pause
    }

    /// Ends the pause: the service reopens the election.
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}
