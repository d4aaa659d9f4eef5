import COpenSSL

/// AES-256-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, through EVP.
package enum AES256GCMBackend {
    package static let keySize = 32
    package static let nonceSize = 12
    package static let tagSize = 16
    /// EVP takes `int` lengths; keep well inside them.
    package static let maximumInputSize = Int(Int32.max) - 64

    /// Encrypts and returns `(ciphertext, tag)`; the ciphertext has the plaintext's length.
    package static func seal(
        key: [UInt8], nonce: [UInt8], plaintext: [UInt8], aad: [UInt8]
    ) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        try checkSizes(key: key, nonce: nonce, text: plaintext, aad: aad)
        let context = try CipherContext()
        let ctx = context.ctx
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1 else { throw backendFailure("EVP_EncryptInit_ex") }
        guard EVP_CIPHER_CTX_ctrl(ctx, urna_EVP_CTRL_GCM_SET_IVLEN(), Int32(nonceSize), nil) == 1 else {
            throw backendFailure("EVP_CTRL_GCM_SET_IVLEN")
        }
        guard EVP_EncryptInit_ex(ctx, nil, nil, key, nonce) == 1 else { throw backendFailure("EVP_EncryptInit_ex(key)") }
        var length: Int32 = 0
        if !aad.isEmpty {
            guard EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else {
                throw backendFailure("EVP_EncryptUpdate(aad)")
            }
        }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(ctx, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1,
                  Int(length) == plaintext.count else {
                throw backendFailure("EVP_EncryptUpdate")
            }
        }
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_EncryptFinal_ex(ctx, &scratch, &length) == 1, length == 0 else {
            throw backendFailure("EVP_EncryptFinal_ex")
        }
        var tag = [UInt8](repeating: 0, count: tagSize)
        guard EVP_CIPHER_CTX_ctrl(ctx, urna_EVP_CTRL_GCM_GET_TAG(), Int32(tagSize), &tag) == 1 else {
            throw backendFailure("EVP_CTRL_GCM_GET_TAG")
        }
        return (ciphertext, tag)
    }

    /// Decrypts and checks the tag. Returns nil when authentication fails (no plaintext
    /// is released in that case); throws only for bad sizes or an OpenSSL failure.
    package static func open(
        key: [UInt8], nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8], aad: [UInt8]
    ) throws -> [UInt8]? {
        try checkSizes(key: key, nonce: nonce, text: ciphertext, aad: aad)
        guard tag.count == tagSize else {
            throw CryptoError(.invalidParameter, "AES-GCM tag must be \(tagSize) bytes, got \(tag.count)")
        }
        let context = try CipherContext()
        let ctx = context.ctx
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1 else { throw backendFailure("EVP_DecryptInit_ex") }
        guard EVP_CIPHER_CTX_ctrl(ctx, urna_EVP_CTRL_GCM_SET_IVLEN(), Int32(nonceSize), nil) == 1 else {
            throw backendFailure("EVP_CTRL_GCM_SET_IVLEN")
        }
        guard EVP_DecryptInit_ex(ctx, nil, nil, key, nonce) == 1 else { throw backendFailure("EVP_DecryptInit_ex(key)") }
        var length: Int32 = 0
        if !aad.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else {
                throw backendFailure("EVP_DecryptUpdate(aad)")
            }
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(ctx, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1,
                  Int(length) == ciphertext.count else {
                throw backendFailure("EVP_DecryptUpdate")
            }
        }
        var expectedTag = tag
        guard EVP_CIPHER_CTX_ctrl(ctx, urna_EVP_CTRL_GCM_SET_TAG(), Int32(tagSize), &expectedTag) == 1 else {
            throw backendFailure("EVP_CTRL_GCM_SET_TAG")
        }
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptFinal_ex(ctx, &scratch, &length) == 1 else {
            ERR_clear_error()
            plaintext.withUnsafeMutableBytes { raw in
                if let base = raw.baseAddress { OPENSSL_cleanse(base, raw.count) }
            }
            return nil
        }
        return plaintext
    }

    private static func checkSizes(key: [UInt8], nonce: [UInt8], text: [UInt8], aad: [UInt8]) throws {
        guard key.count == keySize else {
            throw CryptoError(.invalidParameter, "AES-256-GCM key must be \(keySize) bytes, got \(key.count)")
        }
        guard nonce.count == nonceSize else {
            throw CryptoError(.invalidParameter, "AES-GCM nonce must be \(nonceSize) bytes, got \(nonce.count)")
        }
        guard text.count <= maximumInputSize, aad.count <= maximumInputSize else {
            throw CryptoError(.invalidParameter, "AES-GCM input of \(max(text.count, aad.count)) bytes is too long")
        }
    }
}

/// Owns one `EVP_CIPHER_CTX` (freeing it also clears the expanded key).
private final class CipherContext {
    let ctx: OpaquePointer

    init() throws {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw backendFailure("EVP_CIPHER_CTX_new") }
        self.ctx = ctx
    }

    deinit { EVP_CIPHER_CTX_free(ctx) }
}
