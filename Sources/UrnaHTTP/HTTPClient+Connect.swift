#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension HTTPClient {
    /// Resolves `host` (a name, an IPv4 or an IPv6 address) and connects to the first address
    /// that answers within `timeout` seconds. Returns a blocking socket with send and receive
    /// timeouts set.
    static func connectSocket(host: String, port: UInt16, timeout: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            let reason = resolved == 0 ? "no address" : String(cString: gai_strerror(resolved))
            throw HTTPError(.serviceUnavailable, "cannot resolve '\(HTTPURL.shown(host))': \(reason); check the host name in the URL")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address to try"
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            next = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            do {
                try connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, timeout: timeout)
                setTimeouts(fd, timeout)
                var yes: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
                return fd
            } catch let error as HTTPError {
                lastError = error.reason
                closeDescriptor(fd)
            }
        }
        throw HTTPError(.serviceUnavailable, "cannot connect to \(HTTPURL.shown(host)) port \(port): \(lastError); check that the service runs and the URL is right")
    }

    /// A non-blocking connect bounded by `timeout`, then back to blocking mode.
    private static func connect(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, timeout: Double) throws {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        #if canImport(Glibc)
        var result = Glibc.connect(fd, address, length)
        #else
        var result = Darwin.connect(fd, address, length)
        #endif
        if result != 0, errno == EINPROGRESS || errno == EINTR {
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let deadline = DispatchTime.now() + timeout
            while true {
                let remaining = Int32(max(0, min(Double(Int32.max), Double(deadline.uptimeNanoseconds) / 1e6 - Double(DispatchTime.now().uptimeNanoseconds) / 1e6)).rounded(.up))
                let ready = poll(&descriptor, 1, remaining)
                if ready < 0, errno == EINTR { continue }
                guard ready > 0 else {
                    throw HTTPError(.gatewayTimeout, "the connection was not accepted within \(timeout) seconds")
                }
                break
            }
            var error: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
            result = error == 0 ? 0 : -1
            errno = error
        }
        guard result == 0 else { throw HTTPError(.serviceUnavailable, String(cString: strerror(errno))) }
        _ = fcntl(fd, F_SETFL, flags)
    }

    private static func setTimeouts(_ fd: Int32, _ seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: .init((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Whether an idle kept-alive connection is still usable: nothing to read (a close, a reset
    /// or stray bytes all mean the server gave up on it).
    static func isIdleAndOpen(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        return ready == 0
    }
}

/// `close(2)`, named apart from ``HTTPClient/close()``.
func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}
