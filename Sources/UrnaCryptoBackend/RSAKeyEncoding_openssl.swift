import COpenSSL

/// DER encodings of RSA keys (`i2d_PUBKEY`, `i2d_PKCS8_PRIV_KEY_INFO`; `OSSL_DECODER` to parse):
/// `SubjectPublicKeyInfo` (RFC 5280 §4.1) and PKCS#8 `PrivateKeyInfo` (RFC 5208),
/// both with the `rsaEncryption` algorithm identifier (RFC 8017 Appendix A.1).
extension RSAKey {
    /// DER `SubjectPublicKeyInfo` (`i2d_PUBKEY`).
    package func spkiDER() throws -> [UInt8] {
        var data: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(pkey, &data)
        return try RSAKey.takeDER(data, length, function: "i2d_PUBKEY")
    }

    /// DER PKCS#8 `PrivateKeyInfo`, unencrypted (`EVP_PKEY2PKCS8`, `i2d_PKCS8_PRIV_KEY_INFO`). Only for a key pair.
    package func pkcs8DER() throws -> [UInt8] {
        guard isPrivate else { throw CryptoError(.invalidParameter, "a public RSA key has no PKCS#8 encoding") }
        guard let info = EVP_PKEY2PKCS8(pkey) else { throw backendFailure("EVP_PKEY2PKCS8") }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        var data: UnsafeMutablePointer<UInt8>?
        let length = i2d_PKCS8_PRIV_KEY_INFO(info, &data)
        return try RSAKey.takeDER(data, length, function: "i2d_PKCS8_PRIV_KEY_INFO")
    }

    /// Copies and frees (after wiping) a buffer allocated by an `i2d_*` function.
    private static func takeDER(_ data: UnsafeMutablePointer<UInt8>?, _ length: Int32, function: String) throws -> [UInt8] {
        guard length > 0, let data else { throw backendFailure(function) }
        defer {
            OPENSSL_cleanse(data, Int(length))
            urna_OPENSSL_free(data)
        }
        return Array(UnsafeBufferPointer(start: data, count: Int(length)))
    }

    /// Parses DER `SubjectPublicKeyInfo` with the `rsaEncryption` OID. Trailing bytes are refused.
    package static func fromSPKI(der: [UInt8]) throws -> RSAKey {
        let pkey = try decode(der, selection: urna_EVP_PKEY_PUBLIC_KEY(), structure: urna_NAME_SPKI())
        return RSAKey(owning: pkey, isPrivate: false)
    }

    /// Parses DER PKCS#8 `PrivateKeyInfo` with the `rsaEncryption` OID. Trailing bytes are refused.
    package static func fromPKCS8(der: [UInt8]) throws -> RSAKey {
        let pkey = try decode(der, selection: urna_EVP_PKEY_KEYPAIR(), structure: urna_NAME_PKCS8())
        return RSAKey(owning: pkey, isPrivate: true)
    }

    /// `structure` must be a static C string: the decoder context keeps the pointer.
    private static func decode(_ der: [UInt8], selection: Int32, structure: UnsafePointer<CChar>) throws -> OpaquePointer {
        let name = String(cString: structure)
        var pkey: OpaquePointer?
        guard let ctx = OSSL_DECODER_CTX_new_for_pkey(
            &pkey, urna_NAME_DER(), structure, urna_NAME_RSA(), selection, nil, nil) else {
            throw backendFailure("OSSL_DECODER_CTX_new_for_pkey(\(name))")
        }
        defer { OSSL_DECODER_CTX_free(ctx) }
        guard OSSL_DECODER_CTX_get_num_decoders(ctx) > 0 else {
            throw CryptoError(.backendFailure, "no OpenSSL decoder for RSA \(name)")
        }
        let (ok, remaining) = der.withUnsafeBufferPointer { buffer -> (Bool, Int) in
            var cursor = buffer.baseAddress
            var left = buffer.count
            let ok = OSSL_DECODER_from_data(ctx, &cursor, &left) == 1
            return (ok, left)
        }
        guard ok, let pkey else {
            ERR_clear_error()
            if let pkey { EVP_PKEY_free(pkey) }
            throw CryptoError(.invalidEncoding, "not a DER \(name) holding an rsaEncryption key")
        }
        guard remaining == 0 else {
            EVP_PKEY_free(pkey)
            throw CryptoError(.invalidEncoding, "\(remaining) trailing bytes after DER \(name)")
        }
        return pkey
    }
}
