import UrnaCryptoBackend

/// A TLS server's certificate chain and private key, with Urna's settings: TLS 1.2 or newer,
/// forward-secret AEAD ciphers, no compression, no renegotiation. Made once, shared by every
/// connection (thread-safe).
public final class TLSServerContext: Sendable {
    let backend: OpenSSLTLSContext
    public let certificatePath: String

    /// Loads the PEM certificate chain (the server's certificate first, then intermediates) and
    /// the unencrypted PEM private key, and checks that they belong together.
    /// Throws `bad-certificate` or `bad-key`, naming the file.
    public init(certificatePath: String, privateKeyPath: String) throws {
        backend = try TLSError.rethrowing {
            try OpenSSLTLSContext.server(certificateChainPath: certificatePath, privateKeyPath: privateKeyPath)
        }
        self.certificatePath = certificatePath
    }
}
