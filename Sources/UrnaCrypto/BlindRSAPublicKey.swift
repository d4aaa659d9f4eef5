import UrnaCryptoBackend

/// An RSABSSA public key `(n, e)` (RFC 9474 §4), `Specs/tokens.md` §2.
///
/// Encoded as a DER `SubjectPublicKeyInfo` with the `rsaEncryption` algorithm identifier, so that
/// any RSASSA-PSS verifier (OpenSSL, pyca/cryptography, …) accepts it as it is.
/// Accepted keys: 2048 ≤ bits(n) ≤ 8192, e = 65537, passing OpenSSL's public-key check.
public struct BlindRSAPublicKey: Sendable, Hashable {
    let backend: RSAKey
    /// The modulus n, minimal big-endian bytes.
    let modulus: [UInt8]
    /// DER `SubjectPublicKeyInfo` (rsaEncryption), the canonical encoding.
    public let spkiDER: [UInt8]
    /// `bit_len(n)`.
    public let modulusBits: Int
    /// `modulus_len`, the length in bytes of n: the length of blinded messages and signatures.
    public var modulusLength: Int { (modulusBits + 7) / 8 }

    /// Imports a DER `SubjectPublicKeyInfo`. Refuses other algorithm identifiers (including
    /// id-RSASSA-PSS), non-canonical DER, trailing bytes, moduli under 2048 bits and e ≠ 65537.
    public init(spkiDER: [UInt8]) throws {
        let key = try RSAKey.fromSPKI(der: spkiDER)
        try self.init(validating: key, publicCheck: true)
        guard self.spkiDER == spkiDER else {
            throw CryptoError(.invalidEncoding, "RSA SubjectPublicKeyInfo is not in canonical DER")
        }
    }

    /// Imports a PEM `PUBLIC KEY` block (RFC 7468 §13) holding a `SubjectPublicKeyInfo`.
    public init(pem: String) throws {
        try self.init(spkiDER: BlindRSA.pemDecode(pem, label: BlindRSA.publicKeyPEMLabel))
    }

    /// PEM `PUBLIC KEY`, 64-character lines, LF line ends.
    public var pemRepresentation: String { BlindRSA.pemEncode(spkiDER, label: BlindRSA.publicKeyPEMLabel) }

    /// Wraps a public backend key after checking Urna's key policy and, for imported keys,
    /// OpenSSL's public-key check (`EVP_PKEY_public_check`: n odd, composite, not a prime power,
    /// no small factors; about 7 ms at 3072 bits). Keys derived from a private key skip the latter.
    init(validating key: RSAKey, publicCheck: Bool) throws {
        let modulus = try key.modulus()
        let bits = key.modulusBits
        try BlindRSAPublicKey.checkPolicy(bits: bits, exponent: key.publicExponent(), modulus: modulus)
        guard !publicCheck || key.check() else {
            throw CryptoError(.invalidKey, "RSA public key fails OpenSSL's public-key check (n must be odd, composite, without small factors)")
        }
        self.backend = key
        self.modulus = modulus
        self.modulusBits = bits
        self.spkiDER = try key.spkiDER()
    }

    /// Urna's RSA key policy (`Specs/tokens.md` §2), shared by generation and both imports.
    static func checkPolicy(bits: Int, exponent: [UInt8], modulus: [UInt8]) throws {
        guard bits >= BlindRSA.minimumModulusBits else {
            throw CryptoError(.keyTooSmall, "RSA modulus is \(bits) bits; at least \(BlindRSA.minimumModulusBits) are required")
        }
        guard bits <= BlindRSA.maximumModulusBits else {
            throw CryptoError(.invalidKey, "RSA modulus is \(bits) bits; at most \(BlindRSA.maximumModulusBits) are accepted")
        }
        guard exponent == BlindRSA.publicExponent else {
            throw CryptoError(.invalidKey, "RSA public exponent is 0x\(exponent.hex), only 65537 is accepted")
        }
        guard let last = modulus.last, last & 1 == 1 else {
            throw CryptoError(.invalidKey, "RSA modulus is even")
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.spkiDER == rhs.spkiDER }
    public func hash(into hasher: inout Hasher) { hasher.combine(spkiDER) }
}
