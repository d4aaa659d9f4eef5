#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension HTTPServer {
    /// Whether `host` names this machine only: `localhost`, 127.0.0.0/8, `::1` (bracketed or
    /// not), or an IPv4-mapped 127.x address. Anything else, including `0.0.0.0` and `::`, is not.
    public static func isLoopback(host: String) -> Bool {
        let bare = unbracketed(host)
        if bare.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return true }
        return bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
    }

    static func unbracketed(_ host: String) -> String {
        host.count >= 2 && host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// A socket listening on the IPv4 or IPv6 literal `host` (`localhost` is 127.0.0.1), and
    /// its port (the one the system picked when `port` is 0).
    static func listeningSocket(host: String, port: UInt16) throws -> (descriptor: Int32, port: UInt16) {
        let bare = unbracketed(host)
        let numeric = bare.lowercased() == "localhost" ? "127.0.0.1" : bare
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(numeric, String(port), &hints, &found) == 0, let info = found else {
            throw HTTPError(.internalServerError, "'\(host)' is not an IP address; listen on an IPv4 or IPv6 address such as 127.0.0.1 or ::1")
        }
        defer { freeaddrinfo(info) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw posixError("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        // A deep accept queue (the kernel caps it at net.core.somaxconn): in a rush of connections a
        // queue of 128 overflowed, and the kernel dropped or reset clients the service could serve.
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(fd, 4096) == 0 else {
            let error = posixError("bind \(host) port \(port)")
            close(fd)
            throw error
        }
        var actual = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let isIPv6 = actual.ss_family == sa_family_t(AF_INET6)
        let bound: UInt16 = withUnsafePointer(to: &actual) { pointer in
            if isIPv6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        return (fd, bound)
    }

    /// The peer's address as numeric text; an IPv4-mapped IPv6 address is given as IPv4.
    static func numericAddress(_ storage: sockaddr_storage, length: socklen_t) -> String {
        var storage = storage
        var host = [CChar](repeating: 0, count: 128)
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
            }
        }
        guard status == 0 else { return "unknown" }
        let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.lowercased().hasPrefix("::ffff:"), text.contains(".") { return String(text.dropFirst(7)) }
        return text
    }

    static func posixError(_ what: String) -> HTTPError {
        HTTPError(.internalServerError, "\(what): \(String(cString: strerror(errno)))")
    }
}
