import Foundation
import UrnaTLS

extension HTTPClient {
    /// A connection to an https URL: a TLS handshake over a new socket, within the timeout;
    /// the server must present a certificate that ``Configuration/trustedCertificatesPath``
    /// (else the system's store) trusts, issued for the URL's host.
    func tlsConnection() throws -> Connection {
        let context = try tlsContext()
        let fd = try Self.connectSocket(host: url.host, port: url.port, timeout: configuration.timeout)
        do {
            let stream = try TLSByteStream(connectingOver: fd, context: context, hostname: url.host,
                                           deadline: DispatchTime.now() + configuration.timeout)
            stream.session.writeTimeout = configuration.timeout
            return Connection(stream: stream, descriptor: fd)
        } catch let error as TLSError {
            closeDescriptor(fd)
            let trust = configuration.trustedCertificatesPath.map { "the certificates in \($0)" } ?? "the system's trust store"
            throw HTTPError(.badGateway, "TLS with \(url.authority) failed: \(error.reason) (trusting \(trust) for the name \(url.host); give the service's certificate or CA with --cacert)")
        }
    }

    /// The client's TLS context, made on first use (called with the lock held).
    private func tlsContext() throws -> TLSClientContext {
        if let tls { return tls }
        do {
            let context = try TLSClientContext(trustedCertificatesPath: configuration.trustedCertificatesPath)
            tls = context
            return context
        } catch let error as TLSError {
            throw HTTPError(.badRequest, "cannot use \(configuration.trustedCertificatesPath ?? "the system's trust store") as trusted certificates: \(error.reason)")
        }
    }
}
