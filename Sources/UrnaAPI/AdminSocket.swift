#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaService

/// The local administration socket of one served election, `DIR/admin.sock` (`Specs/api.md`
/// §4): a Unix-domain socket (mode 0600) on which an `urna` command asks the service to pause
/// while it holds the election. The pause lasts as long as the command's connection, so a
/// command that fails or is killed can never leave the service paused.
final class AdminSocket: @unchecked Sendable {
    static let fileName = "admin.sock"
    let path: String
    private var listener: Int32 = -1
    private let host: ElectionHost
    private let log: @Sendable (String) -> Void

    init(host: ElectionHost, log: @escaping @Sendable (String) -> Void) throws {
        self.host = host
        self.log = log
        path = host.directory.appendingPathComponent(Self.fileName).path
        guard var address = Self.address(path) else {
            throw ServiceError(.invalidInput, "the election path \(host.directory.path) is too long for its admin socket (at most \(MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 12) bytes); move the election to a shorter path")
        }
        // The election's lock is held, so a socket file left here is a stale one.
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServiceError(.internalFailure, "admin socket: \(String(cString: strerror(errno)))") }
        let previous = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(previous)
        guard bound == 0, chmod(path, 0o600) == 0, listen(fd, 4) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ServiceError(.internalFailure, "cannot listen on the admin socket \(path): \(reason)")
        }
        listener = fd
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "urna-admin"
        thread.start()
    }

    func stop() {
        guard listener >= 0 else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        listener = -1
        unlink(path)
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            serve(connection)
            close(connection)
        }
    }

    /// One administrator's command: `pause` → `paused`, then wait for the connection to close.
    private func serve(_ connection: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard Self.readLine(connection) == "pause" else {
            Self.write("error expected 'pause'\n", to: connection)
            return
        }
        do {
            guard try host.pause() else {
                Self.write("error another administrator's command is running\n", to: connection)
                return
            }
        } catch {
            Self.write("error \(error)\n", to: connection)
            return
        }
        log("admin: paused the election \(host.electionID) for an administrator's command")
        Self.write("paused\n", to: connection)
        // Held until the command closes the connection (it finished, failed or was killed).
        timeout = timeval(tv_sec: 0, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        while true {
            let count = recv(connection, &byte, 1, 0)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
        }
        resume()
    }

    private func resume() {
        for attempt in 1...600 {
            do {
                try host.resume()
                log("admin: resumed the election \(host.electionID)")
                return
            } catch {
                if attempt == 1 || attempt % 50 == 0 { log("admin: cannot reopen the election yet (\(error)); retrying") }
                usleep(100_000)
            }
        }
        log("admin: the election \(host.electionID) could not be reopened; requests get 503 until the service is restarted")
    }

    /// The Unix-domain address of `path`, or nil if the path is too long for one.
    static func address(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
            raw[path.utf8.count] = 0
        }
        return address
    }

    /// One line (without its newline), at most 256 bytes; nil if the connection ends first.
    static func readLine(_ connection: Int32) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 256 {
            let count = recv(connection, &byte, 1, 0)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    /// Sends `text`; true if all of it went.
    @discardableResult
    static func write(_ text: String, to connection: Int32) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }
}
