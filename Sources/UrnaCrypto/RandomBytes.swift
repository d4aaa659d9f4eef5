import UrnaCryptoBackend

/// Random bytes from OpenSSL's `RAND_bytes`, for secrets such as the commission key.
public enum RandomBytes {
    public static func generate(_ count: Int) throws -> [UInt8] {
        try SecureRandom.bytes(count)
    }
}
