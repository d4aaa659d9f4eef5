import UrnaCryptoBackend

/// HMAC-SHA256 (RFC 2104 with SHA-256; test cases in RFC 4231). `Specs/secrets.md` §1.
///
/// `HMAC(K, m) = H((K' ⊕ opad) ‖ H((K' ⊕ ipad) ‖ m))`, where `K'` is `K` zero-padded to the
/// 64-byte block, or `H(K)` zero-padded when `K` is longer than 64 bytes (RFC 2104 §2).
public enum HMACSHA256 {
    /// Length of a tag: 32 bytes.
    public static let byteCount = 32

    /// The 32-byte tag of `message` under `key` (any length, including empty).
    public static func authenticate(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        try HMACSHA256Backend.authenticate(key: key, message: message)
    }

    /// Recomputes the tag and compares it with `tag` in constant time. False for a tag of
    /// the wrong length (lengths are not secret) or if the backend fails.
    public static func isValid(_ tag: [UInt8], key: [UInt8], message: [UInt8]) -> Bool {
        guard tag.count == byteCount, let expected = try? authenticate(key: key, message: message) else { return false }
        return ConstantTime.equals(expected, tag)
    }
}

/// Constant-time equality of byte strings, for comparing secrets and tags.
public enum ConstantTimeComparison {
    /// True when `a == b`; the time taken depends only on the lengths.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        ConstantTime.equals(a, b)
    }
}
