import COpenSSL

/// One-shot SHA-256 / SHA-384 through libcrypto's one-shot functions (they cannot fail for in-memory input).
package enum OneShotDigest {
    package static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        _ = SHA256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &out)
        return out
    }

    package static func sha384(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 48)
        _ = SHA384(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &out)
        return out
    }
}
