import Foundation
import UrnaCryptoBackend

/// A TLS session over a connected, blocking socket that its caller owns: the session never
/// closes the descriptor (call ``shutdown()`` and then close it). Reads honour the socket's
/// receive timeout (SO_RCVTIMEO): one that times out returns nil. A socket without a receive
/// timeout is given one of a quarter second, so that a handshake is bounded by its deadline.
/// Use a session from one thread at a time.
public final class TLSSession {
    private let backend: OpenSSLTLSSession

    private init(_ backend: OpenSSLTLSSession) {
        self.backend = backend
    }

    /// The server side: completes the handshake before `deadline` or throws `handshake-failed`
    /// (a peer that sends nothing, sends bytes that are not TLS, or offers only TLS 1.1 or older).
    public static func accept(descriptor: Int32, context: TLSServerContext, deadline: DispatchTime) throws -> TLSSession {
        TLSSession(try TLSError.rethrowing {
            try OpenSSLTLSSession.accept(descriptor: descriptor, context: context.backend, deadline: deadline)
        })
    }

    /// The client side: the server must present a certificate the context trusts, issued for
    /// `hostname` (a DNS name, also sent as SNI, or an IP address). Throws `handshake-failed`.
    public static func connect(descriptor: Int32, context: TLSClientContext, hostname: String, deadline: DispatchTime) throws -> TLSSession {
        TLSSession(try TLSError.rethrowing {
            try OpenSSLTLSSession.connect(descriptor: descriptor, context: context.backend, hostname: hostname, deadline: deadline)
        })
    }

    /// The negotiated protocol version, e.g. `TLSv1.3`.
    public var protocolVersion: String { backend.protocolVersion }

    /// How long a write keeps retrying on a peer that does not read, in seconds (30 by default).
    public var writeTimeout: Double {
        get { backend.writeTimeout }
        set { backend.writeTimeout = newValue }
    }

    /// The descriptor the session runs over (owned by the caller).
    public var descriptor: Int32 { backend.descriptor }

    /// Reads at most `buffer.count` bytes: the count, 0 at the end of the stream, or nil when
    /// nothing arrived within the socket's receive timeout. Throws `io` on a broken session.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        try TLSError.rethrowing { try backend.read(into: buffer) }
    }

    /// Writes every byte or throws `io` (the peer is gone or stopped reading for ``writeTimeout``).
    public func write(_ bytes: [UInt8]) throws {
        try TLSError.rethrowing { try backend.write(bytes) }
    }

    /// Sends close_notify (once; nothing after a failure). Does not close the descriptor.
    public func shutdown() {
        backend.shutdown()
    }
}
