#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import UrnaTLS

/// A TLS session and its socket as an ``HTTPByteStream``. Owns the descriptor: ``close()`` sends
/// close_notify and closes it once (the session itself never closes it).
public final class TLSByteStream: HTTPByteStream {
    public let session: TLSSession
    /// The socket under the session; -1 once closed.
    public private(set) var descriptor: Int32

    /// Wraps a session that runs over `descriptor`; the stream now owns the descriptor.
    public init(session: TLSSession, descriptor: Int32) {
        self.session = session
        self.descriptor = descriptor
    }

    /// The client side: a TLS handshake over the connected `descriptor` with a server that must
    /// prove it is `hostname`. On success the stream owns the descriptor; on failure (a
    /// `TLSError`) the caller still does.
    public convenience init(connectingOver descriptor: Int32, context: TLSClientContext, hostname: String, deadline: DispatchTime) throws {
        let session = try TLSSession.connect(descriptor: descriptor, context: context, hostname: hostname, deadline: deadline)
        self.init(session: session, descriptor: descriptor)
    }

    deinit { close() }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        do {
            return try session.read(into: buffer)
        } catch let error as TLSError {
            throw HTTPError(.badRequest, "connection broken: \(error.reason)")
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        do {
            try session.write(bytes)
        } catch let error as TLSError {
            throw HTTPError(.badRequest, "connection broken: \(error.reason)")
        }
    }

    public func close() {
        guard descriptor >= 0 else { return }
        session.shutdown()
        Foundation.close(descriptor)
        descriptor = -1
    }
}
