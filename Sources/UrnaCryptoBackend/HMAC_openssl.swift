import COpenSSL

/// HMAC-SHA256 (RFC 2104, with SHA-256 as `H`, B = 64, L = 32) through libcrypto's one-shot `HMAC()`.
package enum HMACSHA256Backend {
    package static let outputSize = 32

    package static func authenticate(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        guard key.count <= Int(Int32.max) else {
            throw CryptoError(.invalidParameter, "HMAC key of \(key.count) bytes is too long")
        }
        var out = [UInt8](repeating: 0, count: outputSize)
        var length: UInt32 = 0
        // `key` is passed with a non-null pointer even when empty: HMAC() treats a null key
        // as "reuse the previous key" on some OpenSSL versions.
        let result = key.withNonNullBytes { keyPointer, keyCount in
            message.withNonNullBytes { messagePointer, messageCount in
                HMAC(EVP_sha256(), keyPointer, Int32(keyCount), messagePointer, messageCount, &out, &length)
            }
        }
        guard result != nil, length == UInt32(outputSize) else { throw backendFailure("HMAC") }
        return out
    }
}

/// Comparison whose running time depends only on the lengths (`CRYPTO_memcmp`).
package enum ConstantTime {
    /// True when `a` and `b` are equal. Lengths are treated as public.
    package static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                guard let xp = x.baseAddress, let yp = y.baseAddress else { return false }
                return CRYPTO_memcmp(xp, yp, x.count) == 0
            }
        }
    }
}
