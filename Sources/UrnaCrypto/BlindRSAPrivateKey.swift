import UrnaCryptoBackend

/// An RSABSSA signing key (RFC 9474 §4.3, §6.2), `Specs/tokens.md` §2.
///
/// Encoded as an unencrypted PKCS#8 `PrivateKeyInfo` with the `rsaEncryption` algorithm
/// identifier (the inner `RSAPrivateKey` carries the CRT parameters). RFC 9474 §6.2: use one key
/// per variant and for nothing but RSABSSA; Urna uses one key per (election, district).
public struct BlindRSAPrivateKey: Sendable {
    let backend: RSAKey
    /// The matching public key.
    public let publicKey: BlindRSAPublicKey
    /// DER PKCS#8 `PrivateKeyInfo` (rsaEncryption). Secret: encoded afresh on each read (no
    /// copy is kept beside libcrypto's key, which clears its integers when freed); the caller
    /// protects, and should wipe, what it gets.
    public var pkcs8DER: [UInt8] {
        get throws { try backend.pkcs8DER() }
    }

    /// A fresh key pair with `e = 65537` from OpenSSL's RSA key generator (`RAND_bytes`-seeded).
    /// Refuses `bits` below 2048 (`key-too-small`) or above 8192.
    public static func generate(bits: Int = BlindRSA.defaultModulusBits) throws -> BlindRSAPrivateKey {
        guard bits >= BlindRSA.minimumModulusBits else {
            throw CryptoError(.keyTooSmall, "RSA key of \(bits) bits requested; at least \(BlindRSA.minimumModulusBits) are required")
        }
        guard bits <= BlindRSA.maximumModulusBits else {
            throw CryptoError(.invalidParameter, "RSA key of \(bits) bits requested; at most \(BlindRSA.maximumModulusBits) are supported")
        }
        return try BlindRSAPrivateKey(validating: RSAKey.generate(bits: bits, publicExponent: 65537))
    }

    /// Imports a DER PKCS#8 `PrivateKeyInfo` (rsaEncryption). Refuses non-canonical DER, trailing
    /// bytes, other algorithms, keys under 2048 bits, e ≠ 65537 and keys failing OpenSSL's key check.
    public init(pkcs8DER: [UInt8]) throws {
        try self.init(validating: RSAKey.fromPKCS8(der: pkcs8DER))
        var encoded = try self.pkcs8DER
        defer { SecretMemory.wipe(&encoded) }
        guard encoded == pkcs8DER else {
            throw CryptoError(.invalidEncoding, "RSA PKCS#8 PrivateKeyInfo is not in canonical DER")
        }
    }

    /// Imports a PEM `PRIVATE KEY` block (RFC 7468 §10) holding a PKCS#8 `PrivateKeyInfo`.
    public init(pem: String) throws {
        try self.init(pkcs8DER: BlindRSA.pemDecode(pem, label: BlindRSA.privateKeyPEMLabel))
    }

    /// Builds a key from its integers (big-endian bytes); the CRT parameters are derived.
    /// For the RFC 9474 known-answer tests, whose keys are given as p, q, n, e, d.
    /// Such a key also passes OpenSSL's full key check (`EVP_PKEY_check`: p and q prime, n = p·q,
    /// e·d ≡ 1 mod λ(n), CRT values).
    package init(modulus n: [UInt8], publicExponent e: [UInt8], privateExponent d: [UInt8], prime1 p: [UInt8], prime2 q: [UInt8]) throws {
        let key = try RSAKey.fromComponents(n: n, e: e, d: d, p: p, q: q)
        guard key.check() else {
            throw CryptoError(.invalidKey, "RSA key components fail OpenSSL's key check (primes, n = p·q, e·d ≡ 1, CRT values)")
        }
        try self.init(validating: key)
    }

    /// PEM `PRIVATE KEY`, 64-character lines, LF line ends. Secret.
    public var pemRepresentation: String {
        get throws {
            var der = try pkcs8DER
            defer { SecretMemory.wipe(&der) }
            return BlindRSA.pemEncode(der, label: BlindRSA.privateKeyPEMLabel)
        }
    }

    /// Checks Urna's key policy on the public half, then a pairwise self-test: a random
    /// `m` in `[0, n)` must survive `RSAVP1(RSASP1(m)) = m`. (OpenSSL's full `EVP_PKEY_check`
    /// also tests p and q for primality, about 90 ms at 3072 bits, too slow to run for every
    /// district key at start-up; BlindSign re-checks every signature anyway.)
    private init(validating key: RSAKey) throws {
        self.backend = key
        self.publicKey = try BlindRSAPublicKey(validating: key.publicKey(), publicCheck: false)
        let n = try BigNum(bytes: publicKey.modulus)
        let probe = try BigNum.random(below: n).bytes(padded: publicKey.modulusLength)
        do {
            _ = try blindSign(probe)
        } catch let error as CryptoError where error.code == .signingFailure {
            throw CryptoError(.invalidKey, "RSA private key does not match its public key (pairwise self-test failed)")
        }
    }

    // MARK: BlindSign (RFC 9474 §4.3)

    /// BlindSign (RFC 9474 §4.3): the RSA private-key operation on a blinded message, with libcrypto's
    /// CRT and base blinding, and the RFC's fault check (the result is verified with e before it is
    /// returned). `blindedMessage` must be `modulus_len` bytes encoding an integer below n.
    public func blindSign(_ blindedMessage: [UInt8]) throws -> [UInt8] {
        let modulusLength = publicKey.modulusLength
        guard blindedMessage.count == modulusLength else {
            throw CryptoError(.unexpectedLength, "blinded message is \(blindedMessage.count) bytes, expected modulus_len \(modulusLength)")
        }
        let context = try BigNumContext()
        let n = try BigNum(bytes: publicKey.modulus)
        let e = try BigNum(bytes: BlindRSA.publicExponent)
        // 1. m = bytes_to_int(blinded_msg)
        let m = try BigNum(bytes: blindedMessage)
        // 2. s = RSASP1(sk, m)
        //    (RSASP1 step 1: if m is not between 0 and n - 1, output "message representative out of range")
        guard m.compare(n) < 0 else {
            throw CryptoError(.messageOutOfRange, "blinded message is not below the modulus n (message representative out of range)")
        }
        let signature = try backend.rawPrivateOperation(blindedMessage)
        let s = try BigNum(bytes: signature)
        // 3. m' = RSAVP1(pk, s)
        let mPrime = try s.modExp(e, n, context)
        // 4. If m != m', raise "signing failure" and stop
        guard mPrime.compare(m) == 0 else {
            throw CryptoError(.signingFailure, "RSA private-key result does not verify with the public key (signing failure)")
        }
        // 5. blind_sig = int_to_bytes(s, modulus_len)
        // 6. output blind_sig
        return try s.bytes(padded: modulusLength)
    }
}
