import COpenSSL

/// RSA primitives through EVP: the raw private operation (RSASP1) and RSASSA-PSS.
extension RSAKey {
    /// RSASP1 (RFC 8017 §5.2.1): `s = m^d mod n`, through `EVP_PKEY_decrypt` with
    /// `RSA_NO_PADDING`, so libcrypto applies CRT and its own base blinding.
    ///
    /// `input` must be exactly the modulus length; libcrypto refuses `m >= n`
    /// (the caller checks the range first and names the error). Output: modulus-length bytes.
    package func rawPrivateOperation(_ input: [UInt8]) throws -> [UInt8] {
        guard isPrivate else { throw CryptoError(.invalidParameter, "RSASP1 needs a private key") }
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, pkey, nil) else {
            throw backendFailure("EVP_PKEY_CTX_new_from_pkey")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_decrypt_init(ctx) == 1 else { throw backendFailure("EVP_PKEY_decrypt_init") }
        guard EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 else {
            throw backendFailure("EVP_PKEY_CTX_set_rsa_padding(RSA_NO_PADDING)")
        }
        let size = Int(EVP_PKEY_get_size(pkey))
        guard input.count == size else {
            throw CryptoError(.invalidParameter, "RSASP1 input is \(input.count) bytes, modulus is \(size)")
        }
        var output = [UInt8](repeating: 0, count: size)
        var outputLength = size
        guard EVP_PKEY_decrypt(ctx, &output, &outputLength, input, input.count) == 1 else {
            throw backendFailure("EVP_PKEY_decrypt(RSA_NO_PADDING)")
        }
        guard outputLength == size else {
            throw CryptoError(.backendFailure, "RSASP1 returned \(outputLength) bytes, expected \(size)")
        }
        return output
    }

    /// RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) over a SHA-384 message digest with MGF1-SHA-384
    /// and exactly `saltLength` salt bytes, via `EVP_PKEY_verify`. False for any invalid signature.
    package func verifyPSSSHA384(digest: [UInt8], signature: [UInt8], saltLength: Int) throws -> Bool {
        let ctx = try pssContext(saltLength: saltLength, sign: false)
        defer { EVP_PKEY_CTX_free(ctx) }
        let result = EVP_PKEY_verify(ctx, signature, signature.count, digest, digest.count)
        if result != 1 { ERR_clear_error() }
        return result == 1
    }

    /// RSASSA-PSS-SIGN (RFC 8017 §8.1.1) by libcrypto itself (random salt of `saltLength` bytes,
    /// SHA-384, MGF1-SHA-384). Urna never signs this way; tests use it to show that a
    /// signature made by a standard implementation passes the RFC 9474 verifier.
    package func signPSSSHA384(digest: [UInt8], saltLength: Int) throws -> [UInt8] {
        guard isPrivate else { throw CryptoError(.invalidParameter, "RSASSA-PSS-SIGN needs a private key") }
        let ctx = try pssContext(saltLength: saltLength, sign: true)
        defer { EVP_PKEY_CTX_free(ctx) }
        var length = 0
        guard EVP_PKEY_sign(ctx, nil, &length, digest, digest.count) == 1 else { throw backendFailure("EVP_PKEY_sign") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_sign(ctx, &signature, &length, digest, digest.count) == 1 else {
            throw backendFailure("EVP_PKEY_sign")
        }
        return Array(signature.prefix(length))
    }

    private func pssContext(saltLength: Int, sign: Bool) throws -> OpaquePointer {
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, pkey, nil) else {
            throw backendFailure("EVP_PKEY_CTX_new_from_pkey")
        }
        do {
            if sign {
                guard EVP_PKEY_sign_init(ctx) == 1 else { throw backendFailure("EVP_PKEY_sign_init") }
            } else {
                guard EVP_PKEY_verify_init(ctx) == 1 else { throw backendFailure("EVP_PKEY_verify_init") }
            }
            guard EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) == 1 else {
                throw backendFailure("EVP_PKEY_CTX_set_rsa_padding(PSS)")
            }
            guard EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha384()) == 1 else {
                throw backendFailure("EVP_PKEY_CTX_set_signature_md(SHA-384)")
            }
            guard EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha384()) == 1 else {
                throw backendFailure("EVP_PKEY_CTX_set_rsa_mgf1_md(SHA-384)")
            }
            guard EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, Int32(saltLength)) == 1 else {
                throw backendFailure("EVP_PKEY_CTX_set_rsa_pss_saltlen(\(saltLength))")
            }
        } catch {
            EVP_PKEY_CTX_free(ctx)
            throw error
        }
        return ctx
    }
}
