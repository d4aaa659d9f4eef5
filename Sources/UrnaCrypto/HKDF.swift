import UrnaCryptoBackend

/// HKDF with SHA-256 (RFC 5869), extract-then-expand. `Specs/secrets.md` §2.
///
/// 1. Extract (RFC 5869 §2.2): `PRK = HMAC-SHA256(salt, IKM)`; an empty salt acts as 32 zero bytes.
/// 2. Expand (RFC 5869 §2.3): `T(0) = ""`, `T(i) = HMAC-SHA256(PRK, T(i-1) ‖ info ‖ i)` for
///    `i = 1…N`, `N = ceil(L/32)`; `OKM` = the first `L` bytes of `T(1) ‖ … ‖ T(N)`.
public enum HKDFSHA256 {
    /// RFC 5869 §2.3: `L ≤ 255·HashLen` = 8160 bytes.
    public static let maximumOutputByteCount = HKDFSHA256Backend.maximumOutputSize
    /// Longest `info` accepted (an OpenSSL 3.0 limit): 1024 bytes.
    public static let maximumInfoByteCount = HKDFSHA256Backend.maximumInfoSize

    /// `OKM` of `outputByteCount` bytes (1…8160). Throws `invalid-parameter` for a length
    /// out of range or an over-long `info`.
    public static func deriveKey(
        inputKeyMaterial: [UInt8], salt: [UInt8], info: [UInt8], outputByteCount: Int
    ) throws -> [UInt8] {
        try HKDFSHA256Backend.derive(
            inputKeyMaterial: inputKeyMaterial, salt: salt, info: info, outputByteCount: outputByteCount)
    }
}
