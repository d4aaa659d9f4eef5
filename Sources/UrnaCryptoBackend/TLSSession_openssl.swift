#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import Foundation

/// An `SSL` over an already-connected, blocking socket. The session never closes the descriptor:
/// its owner does, after ``shutdown()``. Reads honour the socket's receive timeout (SO_RCVTIMEO):
/// a read that times out returns nil, not an error. One thread at a time.
package final class OpenSSLTLSSession {
    private let ssl: OpaquePointer
    package let descriptor: Int32
    /// How long a write may keep retrying on a peer that does not read.
    package var writeTimeout: Double = 30
    private var failed = false
    private var shutDown = false

    private init(context: OpenSSLTLSContext, descriptor: Int32) throws {
        guard let ssl = SSL_new(context.context) else {
            throw CryptoError(.tlsHandshakeFailed, "SSL_new failed: \(openSSLErrorString())")
        }
        self.ssl = ssl
        self.descriptor = descriptor
        guard let method = SocketBIOMethod.shared.method, let bio = urna_BIO_new_socket(method, descriptor) else {
            throw CryptoError(.tlsHandshakeFailed, "the socket BIO could not be made: \(openSSLErrorString())")
        }
        SSL_set_bio(ssl, bio, bio)
        Self.ensureReceiveTimeout(descriptor)
    }

    deinit { SSL_free(ssl) }

    /// The server side of a handshake on `descriptor`, finished before `deadline` or refused.
    package static func accept(descriptor: Int32, context: OpenSSLTLSContext, deadline: DispatchTime) throws -> OpenSSLTLSSession {
        guard context.isServer else {
            throw CryptoError(.tlsHandshakeFailed, "a client context cannot accept TLS connections; make a server context")
        }
        let session = try OpenSSLTLSSession(context: context, descriptor: descriptor)
        try session.handshake(deadline: deadline) { SSL_accept($0) }
        return session
    }

    /// The client side of a handshake on `descriptor`: the server must present a certificate for
    /// `hostname` (a DNS name, sent as SNI, or an IP literal) that the context trusts.
    package static func connect(descriptor: Int32, context: OpenSSLTLSContext, hostname: String,
                                deadline: DispatchTime) throws -> OpenSSLTLSSession {
        guard !context.isServer else {
            throw CryptoError(.tlsHandshakeFailed, "a server context cannot connect to a TLS server; make a client context")
        }
        guard !hostname.isEmpty, !hostname.utf8.contains(0) else {
            throw CryptoError(.tlsHandshakeFailed, "no host name to check the server's certificate against")
        }
        let session = try OpenSSLTLSSession(context: context, descriptor: descriptor)
        var v4 = in_addr(), v6 = in6_addr()
        let isAddress = inet_pton(AF_INET, hostname, &v4) == 1 || inet_pton(AF_INET6, hostname, &v6) == 1
        let named = isAddress
            ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(session.ssl), hostname) == 1
            : urna_SSL_set_tlsext_host_name(session.ssl, hostname) == 1 && SSL_set1_host(session.ssl, hostname) == 1
        guard named else {
            throw CryptoError(.tlsHandshakeFailed, "'\(hostname)' cannot be checked against a certificate: \(openSSLErrorString())")
        }
        SSL_set_hostflags(session.ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        try session.handshake(deadline: deadline) { SSL_connect($0) }
        guard SSL_get0_peer_certificate(session.ssl) != nil, SSL_get_verify_result(session.ssl) == X509_V_OK else {
            throw CryptoError(.tlsHandshakeFailed, "the server's certificate was not verified")
        }
        return session
    }

    /// The negotiated protocol, e.g. `TLSv1.3`.
    package var protocolVersion: String {
        SSL_get_version(ssl).map { String(cString: $0) } ?? "unknown"
    }

    /// Reads at most `buffer.count` bytes: the count, 0 at the end of the stream (close_notify or
    /// the peer closing), or nil when nothing arrived within the socket's receive timeout.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        guard !failed else { throw CryptoError(.tlsIO, "the TLS session already failed") }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        ERR_clear_error()
        let count = SSL_read(ssl, base, Int32(clamping: buffer.count))
        let savedErrno = errno
        if count > 0 { return Int(count) }
        let error = SSL_get_error(ssl, count)
        switch error {
        case SSL_ERROR_ZERO_RETURN:
            return 0
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return nil
        case SSL_ERROR_SYSCALL where savedErrno == 0 && ERR_peek_error() == 0:
            return 0
        default:
            failed = true
            throw CryptoError(.tlsIO, "TLS read failed: \(describe(error, errno: savedErrno))")
        }
    }

    /// Writes every byte, or throws (the peer is gone, or did not read for ``writeTimeout``).
    package func write(_ bytes: [UInt8]) throws {
        guard !failed else { throw CryptoError(.tlsIO, "the TLS session already failed") }
        let deadline = DispatchTime.now() + writeTimeout
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
            let savedErrno = errno
            if written > 0 {
                offset += Int(written)
                continue
            }
            let error = SSL_get_error(ssl, written)
            if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE, DispatchTime.now() < deadline {
                wait(for: error)
                continue
            }
            failed = true
            throw CryptoError(.tlsIO, "TLS write failed: \(describe(error, errno: savedErrno))")
        }
    }

    /// Sends close_notify once (without waiting for the peer's). The descriptor stays open.
    package func shutdown() {
        guard !failed, !shutDown, SSL_is_init_finished(ssl) == 1 else { return }
        shutDown = true
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    private func handshake(deadline: DispatchTime, _ step: (OpaquePointer) -> Int32) throws {
        while true {
            ERR_clear_error()
            let result = step(ssl)
            let savedErrno = errno
            if result == 1 { return }
            let error = SSL_get_error(ssl, result)
            if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE {
                guard DispatchTime.now() < deadline else {
                    failed = true
                    throw CryptoError(.tlsHandshakeFailed, "the peer did not complete the TLS handshake in time")
                }
                wait(for: error)
                continue
            }
            failed = true
            var reason = describe(error, errno: savedErrno)
            let verified = SSL_get_verify_result(ssl)
            if verified != X509_V_OK, let text = X509_verify_cert_error_string(Int(verified)) {
                reason += " (certificate: \(String(cString: text)))"
            }
            throw CryptoError(.tlsHandshakeFailed, "TLS handshake failed: \(reason)")
        }
    }

    /// Waits (at most a quarter second) until the socket can go on: a non-blocking socket, or a
    /// receive timeout that already elapsed, must not spin.
    private func wait(for error: Int32) {
        var entry = pollfd(fd: descriptor, events: Int16(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), revents: 0)
        _ = poll(&entry, 1, 250)
    }

    private func describe(_ error: Int32, errno savedErrno: Int32) -> String {
        switch error {
        case SSL_ERROR_SYSCALL:
            let queued = ERR_peek_error() != 0 ? openSSLErrorString() : nil
            if let queued { return queued }
            return savedErrno == 0 ? "the peer closed the connection" : String(cString: strerror(savedErrno))
        case SSL_ERROR_ZERO_RETURN:
            return "the peer closed the TLS session"
        default:
            return openSSLErrorString()
        }
    }

    /// A blocking socket without a receive timeout would let a silent peer hold a handshake
    /// forever: give it one (a quarter second; reads then return nil and are retried).
    private static func ensureReceiveTimeout(_ descriptor: Int32) {
        var current = timeval()
        var length = socklen_t(MemoryLayout<timeval>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &current, &length) == 0,
              current.tv_sec == 0, current.tv_usec == 0 else { return }
        var timeout = timeval(tv_sec: 0, tv_usec: 250_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
}
