import UrnaCryptoBackend

/// SHA-256 (FIPS 180-4).
public enum SHA256 {
    public static let outputSize = 32

    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { OneShotDigest.sha256($0) }
    }
}

/// SHA-384 (FIPS 180-4).
public enum SHA384 {
    public static let outputSize = 48

    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { OneShotDigest.sha384($0) }
    }
}
