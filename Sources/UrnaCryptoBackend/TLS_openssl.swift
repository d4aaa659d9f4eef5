#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import Foundation

extension CryptoError.Code {
    /// A certificate (chain) file that is missing, unreadable or not PEM certificates.
    package static let tlsBadCertificate = Self(rawValue: "bad-certificate")
    /// A private key file that is missing, unreadable, encrypted, or not the certificate's key.
    package static let tlsBadKey = Self(rawValue: "bad-key")
    /// The TLS handshake failed or did not finish before its deadline.
    package static let tlsHandshakeFailed = Self(rawValue: "handshake-failed")
    /// Reading or writing on an established TLS session failed.
    package static let tlsIO = Self(rawValue: "io")
}

/// The ciphers offered for TLS 1.2 (TLS 1.3 keeps OpenSSL's AEAD-only defaults): forward secret
/// AEAD suites only, as in Mozilla's "intermediate" profile.
private let tls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"

/// An `SSL_CTX`: the settings shared by the sessions of one side (a server's certificate and
/// key, or a client's trust anchors). Thread-safe once made: sessions are created from it on
/// any thread.
package final class OpenSSLTLSContext: @unchecked Sendable {
    let context: OpaquePointer
    package let isServer: Bool

    private init(server: Bool) throws {
        guard let method = server ? TLS_server_method() : TLS_client_method(), let context = SSL_CTX_new(method) else {
            throw CryptoError(.tlsHandshakeFailed, "SSL_CTX_new failed: \(openSSLErrorString())")
        }
        self.context = context
        self.isServer = server
        _ = SSL_CTX_set_options(context, urna_SSL_OPTIONS())
        guard urna_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              SSL_CTX_set_cipher_list(context, tls12Ciphers) == 1 else {
            throw CryptoError(.tlsHandshakeFailed, "could not restrict TLS to version 1.2 or newer: \(openSSLErrorString())")
        }
        urna_SSL_CTX_refuse_passwords(context)
        // A write retried after a timeout may come from another address (a Swift array's storage).
        _ = SSL_CTX_ctrl(context, SSL_CTRL_MODE, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER), nil)
    }

    deinit { SSL_CTX_free(context) }

    /// A server context from a PEM certificate chain (the leaf first) and its PEM private key.
    package static func server(certificateChainPath: String, privateKeyPath: String) throws -> OpenSSLTLSContext {
        let made = try OpenSSLTLSContext(server: true)
        try readable(certificateChainPath, code: .tlsBadCertificate, what: "certificate file")
        try readable(privateKeyPath, code: .tlsBadKey, what: "private key file")
        ERR_clear_error()
        guard SSL_CTX_use_certificate_chain_file(made.context, certificateChainPath) == 1 else {
            throw CryptoError(.tlsBadCertificate, "'\(certificateChainPath)' is not a PEM certificate chain (\(openSSLErrorString())); "
                + "give the server's certificate first, then its intermediates, each as -----BEGIN CERTIFICATE-----")
        }
        guard SSL_CTX_use_PrivateKey_file(made.context, privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw CryptoError(.tlsBadKey, "'\(privateKeyPath)' is not an unencrypted PEM private key matching the certificate "
                + "(\(openSSLErrorString())); give the key the certificate was issued for (decrypt it with `openssl pkey`)")
        }
        guard SSL_CTX_check_private_key(made.context) == 1 else {
            throw CryptoError(.tlsBadKey, "the private key '\(privateKeyPath)' does not belong to the certificate "
                + "'\(certificateChainPath)' (\(openSSLErrorString())); give the key the certificate was issued for")
        }
        return made
    }

    /// A client context verifying the server against the PEM certificates in `trustedCertificatesPath`
    /// (a file, or a directory hashed by `openssl rehash`), or the system's trust store when nil.
    package static func client(trustedCertificatesPath: String?) throws -> OpenSSLTLSContext {
        let made = try OpenSSLTLSContext(server: false)
        SSL_CTX_set_verify(made.context, SSL_VERIFY_PEER, nil)
        ERR_clear_error()
        if let path = trustedCertificatesPath {
            try readable(path, code: .tlsBadCertificate, what: "trusted certificates")
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let loaded = isDirectory.boolValue
                ? SSL_CTX_load_verify_locations(made.context, nil, path)
                : SSL_CTX_load_verify_locations(made.context, path, nil)
            guard loaded == 1 else {
                throw CryptoError(.tlsBadCertificate, "'\(path)' holds no PEM certificate to trust (\(openSSLErrorString())); "
                    + "give the server's certificate or its CA's, as -----BEGIN CERTIFICATE-----")
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(made.context) == 1 else {
                throw CryptoError(.tlsBadCertificate, "the system's trusted certificates could not be loaded (\(openSSLErrorString())); "
                    + "give the server's CA certificate explicitly")
            }
        }
        return made
    }

    private static func readable(_ path: String, code: CryptoError.Code, what: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CryptoError(code, "the \(what) '\(path)' does not exist or cannot be read; check the path and its permissions")
        }
    }
}

/// The socket BIO method (see `shim_ssl.h`), made once for the process.
final class SocketBIOMethod: @unchecked Sendable {
    static let shared = SocketBIOMethod()
    let method: OpaquePointer?

    private init() { method = urna_BIO_meth_new_socket() }

    deinit { if let method { BIO_meth_free(method) } }
}
