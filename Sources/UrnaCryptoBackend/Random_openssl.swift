import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's `RAND_bytes` (DESIGN.md: the only source).
package enum SecureRandom {
    package static func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0 else { throw CryptoError(.invalidParameter, "negative random length \(count)") }
        var out = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&out, Int32(count)) == 1 else {
            throw CryptoError(.randomFailure, "RAND_bytes failed: \(openSSLErrorString())")
        }
        return out
    }
}
