#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The byte stream under HTTP: a plain socket (``SocketStream``) or a TLS session over one.
/// The server and the client speak HTTP over either without knowing which.
public protocol HTTPByteStream: AnyObject {
    /// Reads at most `buffer.count` bytes. Returns the count read, 0 at the end of the stream,
    /// or nil when nothing arrived within the socket's receive timeout (the caller decides
    /// whether its deadline has passed). Throws on a broken connection.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int?
    /// Writes every byte or throws.
    func write(_ bytes: [UInt8]) throws
    /// Closes the stream (and its socket). Safe to call twice.
    func close()
}

/// A plain TCP (or Unix-domain) socket as an ``HTTPByteStream``. Owns the descriptor.
public final class SocketStream: HTTPByteStream {
    public private(set) var descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Sets the receive timeout, after which ``read(into:)`` returns nil.
    public func setReceiveTimeout(_ seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: .init((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        while true {
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw HTTPError(.badRequest, "connection broken: \(String(cString: strerror(errno)))")
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                throw HTTPError(.badRequest, "connection broken: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    public func close() {
        guard descriptor >= 0 else { return }
        Foundation.close(descriptor)
        descriptor = -1
    }
}
