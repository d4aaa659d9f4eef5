import UrnaCryptoBackend

extension BlindRSAPrivateKey {
    /// A fresh multi-prime key pair (RFC 8017 §3.2) with `e = 65537`: the same modulus size, the
    /// same public key format and the same verification as ``generate(bits:)``, but a private
    /// operation about twice as fast with 3 primes at 3,072 bits (three 1,024-bit exponentiations
    /// instead of two 1,536-bit ones). RFC 9474 blind signing works unchanged. The benchmark
    /// record generator uses it to issue a million tokens; OpenSSL allows 3 primes below 4,096
    /// bits, 4 below 8,192.
    public static func generateMultiPrime(bits: Int = BlindRSA.defaultModulusBits, primes: Int = 3) throws -> BlindRSAPrivateKey {
        guard bits >= BlindRSA.minimumModulusBits else {
            throw CryptoError(.keyTooSmall, "RSA key of \(bits) bits requested; at least \(BlindRSA.minimumModulusBits) are required")
        }
        guard bits <= BlindRSA.maximumModulusBits else {
            throw CryptoError(.invalidParameter, "RSA key of \(bits) bits requested; at most \(BlindRSA.maximumModulusBits) are supported")
        }
        guard (2...5).contains(primes) else {
            throw CryptoError(.invalidParameter, "an RSA key has 2 to 5 primes, not \(primes)")
        }
        // Through the PKCS#8 import, which checks the key policy and runs the pairwise self-test.
        return try BlindRSAPrivateKey(pkcs8DER: RSAKey.generate(bits: bits, primes: primes, publicExponent: 65537).pkcs8DER())
    }

    /// The RSASSA-PSS signature (SHA-384, MGF1-SHA-384, the variant's salt length) of a prepared
    /// message, signed directly: RFC 9474's protocol with the blinding factor r = 1 (EMSA-PSS
    /// encoding, then BlindSign, whose result Finalize would return unchanged), so one RSA
    /// private operation and no inverse mod n, and the signer sees the message. Only for the
    /// benchmark record generator, which plays voter and service at once and has nothing to hide
    /// from itself; the service signs nothing but blinded messages (``blindSign(_:)``).
    package func signPrepared(_ preparedMessage: [UInt8], variant: BlindRSA.Variant) throws -> [UInt8] {
        try blindSign(BlindRSA.directSigningInput(preparedMessage, variant: variant, publicKey: publicKey))
    }
}

extension BlindRSA {
    /// What a direct signer hands to BlindSign: the EMSA-PSS encoding of a prepared message with a
    /// fresh salt (r = 1, so no blinding), left-padded to `modulus_len` bytes (emBits = modBits − 1
    /// makes the encoding shorter than n).
    static func directSigningInput(_ preparedMessage: [UInt8], variant: Variant, publicKey: BlindRSAPublicKey) throws -> [UInt8] {
        let encoded = try emsaPSSEncode(preparedMessage, emBits: publicKey.modulusBits - 1,
                                        salt: SecureRandom.bytes(variant.saltLength))
        return [UInt8](repeating: 0, count: publicKey.modulusLength - encoded.count) + encoded
    }
}
