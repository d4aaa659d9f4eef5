import UrnaCryptoBackend

/// What a TLS client trusts: the PEM certificates of a file (the server's own self-signed
/// certificate, or its CA), or the system's trust store. Every session verifies the server's
/// certificate and its name; there is no way to turn that off.
public final class TLSClientContext: Sendable {
    let backend: OpenSSLTLSContext

    /// `trustedCertificatesPath`: a PEM file (or an `openssl rehash`ed directory) of certificates
    /// to trust; nil trusts the system's store. Throws `bad-certificate` when it holds none.
    public init(trustedCertificatesPath: String?) throws {
        backend = try TLSError.rethrowing { try OpenSSLTLSContext.client(trustedCertificatesPath: trustedCertificatesPath) }
    }
}
