import UrnaCryptoBackend

/// The client side of RFC 9474 §4 (Prepare, Blind, Finalize) and verification (§4.5).
extension BlindRSAPublicKey {
    // MARK: Prepare (RFC 9474 §4.1)

    /// Prepare (RFC 9474 §4.1): PrepareRandomize for the randomized variants (a fresh 32-byte
    /// `msg_prefix` from `RAND_bytes` is prepended), PrepareIdentity otherwise.
    /// The result, `input_msg`, is what is blinded, signed and verified.
    public func prepare(_ message: [UInt8], variant: BlindRSA.Variant) throws -> [UInt8] {
        try prepare(message, variant: variant, messagePrefix: variant.isRandomized ? SecureRandom.bytes(BlindRSA.messagePrefixLength) : [])
    }

    /// Prepare with a given prefix (known-answer tests only).
    func prepare(_ message: [UInt8], variant: BlindRSA.Variant, messagePrefix: [UInt8]) throws -> [UInt8] {
        guard variant.isRandomized else {
            // PrepareIdentity: msg = PrepareIdentity(msg).
            guard messagePrefix.isEmpty else {
                throw CryptoError(.invalidParameter, "\(variant.name) uses PrepareIdentity and takes no message prefix")
            }
            return message
        }
        // PrepareRandomize(msg)
        // 1. msg_prefix = random(32)
        guard messagePrefix.count == BlindRSA.messagePrefixLength else {
            throw CryptoError(.invalidParameter, "msg_prefix is \(messagePrefix.count) bytes, expected \(BlindRSA.messagePrefixLength)")
        }
        // 2. input_msg = concat(msg_prefix, msg)
        // 3. output input_msg
        return messagePrefix + message
    }

    // MARK: Blind (RFC 9474 §4.2)

    /// Blind (RFC 9474 §4.2): PSS-encodes `preparedMessage` with a fresh random salt and blinds it
    /// with a fresh uniform `r` in `[1, n)`. Send `blindedMessage` to the signer; keep `inverse` secret.
    public func blind(
        _ preparedMessage: [UInt8], variant: BlindRSA.Variant
    ) throws -> (blindedMessage: [UInt8], inverse: BlindRSA.Inverse) {
        try blind(preparedMessage, variant: variant, salt: SecureRandom.bytes(variant.saltLength), inverse: nil)
    }

    /// Blind with a given salt and, optionally, a given `inv` (known-answer tests only).
    /// When `inverse` is given, `r = inverse_mod(inv, n)` replaces steps 6–8.
    func blind(
        _ preparedMessage: [UInt8], variant: BlindRSA.Variant, salt: [UInt8], inverse: BlindRSA.Inverse?
    ) throws -> (blindedMessage: [UInt8], inverse: BlindRSA.Inverse) {
        guard salt.count == variant.saltLength else {
            throw CryptoError(.invalidParameter, "PSS salt is \(salt.count) bytes, \(variant.name) uses \(variant.saltLength)")
        }
        let context = try BigNumContext()
        let n = try BigNum(bytes: modulus)
        let e = try BigNum(bytes: BlindRSA.publicExponent)
        // 1. encoded_msg = EMSA-PSS-ENCODE(msg, bit_len(n) - 1)
        //    with Hash, MGF, and salt_len as defined in the parameters
        //    (RFC 9474 prints bit_len(n); RSASSA-PSS (RFC 8017 §8.1.1) and the RFC's own test
        //    vectors use emBits = modBits - 1, which is also what makes m < n certain.)
        // 2. If EMSA-PSS-ENCODE raises an error, raise the error and stop
        let encoded = try BlindRSA.emsaPSSEncode(preparedMessage, emBits: modulusBits - 1, salt: salt)
        // 3. m = bytes_to_int(encoded_msg)
        let m = try BigNum(bytes: encoded)
        // 4. c = is_coprime(m, n)
        //    (computed as "m has an inverse mod n": the same predicate, and cheaper than
        //    libcrypto's constant-time BN_gcd)
        // 5. If c is false, raise an "invalid input" error and stop
        guard try m.modInverse(n, context) != nil else {
            throw CryptoError(.invalidBlinding, "encoded message is not coprime with n (invalid input; the key may be broken)")
        }
        let r: BigNum, inv: BigNum
        if let inverse {
            (r, inv) = try blindingPair(fromInverse: inverse, n: n, context: context)
        } else {
            (r, inv) = try randomBlindingPair(n: n, context: context)
        }
        // 9. x = RSAVP1(pk, r)
        let x = try r.modExp(e, n, context)
        // 10. z = (m * x) mod n
        let z = try m.modMul(x, n, context)
        // 11. blinded_msg = int_to_bytes(z, modulus_len)
        // 12. output blinded_msg, inv
        return (try z.bytes(padded: modulusLength), BlindRSA.Inverse(bytes: try inv.bytes(padded: modulusLength)))
    }

    /// Steps 6–8 of Blind, retried (as RFC 9474 §4.2 recommends) if r has no inverse.
    private func randomBlindingPair(n: BigNum, context: BigNumContext) throws -> (r: BigNum, inv: BigNum) {
        for _ in 0..<8 {
            // 6. r = random_integer_uniform(1, n)   (uniform in [0, n) by rejection sampling; 0 is redrawn)
            let r = try BigNum.random(below: n, secret: true)
            if r.isZero { continue }
            // 7. inv = inverse_mod(r, n)
            // 8. If inverse_mod fails, raise a "blinding error" error and stop
            guard let inv = try r.modInverse(n, context) else { continue }
            return (r, inv)
        }
        throw CryptoError(.invalidBlinding, "no invertible blinding factor found in 8 draws (blinding error; n is likely not an RSA modulus)")
    }

    /// Given `inv`, recovers `r = inv^-1 mod n` (test injection of a known blinding).
    private func blindingPair(fromInverse inverse: BlindRSA.Inverse, n: BigNum, context: BigNumContext) throws -> (r: BigNum, inv: BigNum) {
        let inv = try checkedInverse(inverse, n: n)
        guard let r = try inv.modInverse(n, context) else {
            throw CryptoError(.invalidBlinding, "blinding inverse is not invertible modulo n")
        }
        return (r, inv)
    }

    /// `inv` as an integer in `[1, n)`.
    private func checkedInverse(_ inverse: BlindRSA.Inverse, n: BigNum) throws -> BigNum {
        guard inverse.bytes.count <= modulusLength else {
            throw CryptoError(.invalidBlinding, "blinding inverse is \(inverse.bytes.count) bytes, longer than the modulus (\(modulusLength))")
        }
        let inv = try BigNum(bytes: inverse.bytes, secret: true)
        guard !inv.isZero, inv.compare(n) < 0 else {
            throw CryptoError(.invalidBlinding, "blinding inverse is not in [1, n)")
        }
        return inv
    }

    // MARK: Finalize (RFC 9474 §4.4)

    /// Finalize (RFC 9474 §4.4): unblinds the signer's `blindSignature` with `inverse` and checks the
    /// result with RSASSA-PSS-VERIFY before returning it. Throws `signature-invalid` when the signer
    /// answered with anything but a valid blind signature of this blinded message.
    public func finalize(
        _ blindSignature: [UInt8], preparedMessage: [UInt8], inverse: BlindRSA.Inverse, variant: BlindRSA.Variant
    ) throws -> [UInt8] {
        // 1. If len(blind_sig) != modulus_len, raise "unexpected input size" and stop
        guard blindSignature.count == modulusLength else {
            throw CryptoError(.unexpectedLength, "blind signature is \(blindSignature.count) bytes, expected modulus_len \(modulusLength)")
        }
        let context = try BigNumContext()
        let n = try BigNum(bytes: modulus)
        // 2. z = bytes_to_int(blind_sig)
        let z = try BigNum(bytes: blindSignature)
        //    (A value ≥ n cannot be a signature under this key: RFC 9474 ends such input in
        //    "invalid signature" at step 6, so report that rather than a range error.)
        guard z.compare(n) < 0 else {
            throw CryptoError(.signatureInvalid, "blind signature is not below the modulus n: not signed with this key")
        }
        // 3. s = (z * inv) mod n
        let s = try z.modMul(checkedInverse(inverse, n: n), n, context)
        // 4. sig = int_to_bytes(s, modulus_len)
        let sig = try s.bytes(padded: modulusLength)
        // 5. result = RSASSA-PSS-VERIFY(pk, msg, sig) with
        //    Hash, MGF, and salt_len as defined in the parameters
        // 6. If result = "valid signature", output sig, else
        //    raise "invalid signature" and stop
        try verify(sig, preparedMessage: preparedMessage, variant: variant)
        return sig
    }

    // MARK: Verification (RFC 9474 §4.5)

    /// Verification (RFC 9474 §4.5): RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) with `(n, e)`, M = the
    /// prepared message `input_msg` (for the randomized variants: `msg_prefix ‖ msg`), S = `signature`,
    /// SHA-384, MGF1-SHA-384 and the variant's salt length (exactly). Done by libcrypto's
    /// `EVP_PKEY_verify`, i.e. a standard RSA-PSS verifier. Throws `signature-invalid` on any failure.
    public func verify(_ signature: [UInt8], preparedMessage: [UInt8], variant: BlindRSA.Variant) throws {
        guard signature.count == modulusLength else {
            throw CryptoError(.signatureInvalid, "signature is \(signature.count) bytes, expected modulus_len \(modulusLength)")
        }
        let valid = try backend.verifyPSSSHA384(
            digest: SHA384.hash(preparedMessage), signature: signature, saltLength: variant.saltLength)
        guard valid else {
            throw CryptoError(.signatureInvalid, "\(variant.name) signature does not verify under this key")
        }
    }
}
