import COpenSSL

/// HKDF-SHA256 (RFC 5869) through the EVP_KDF "HKDF" implementation, extract-then-expand mode.
package enum HKDFSHA256Backend {
    /// OpenSSL 3.0 keeps `info` in a fixed 1024-byte buffer (HKDF_MAXBUF).
    package static let maximumInfoSize = 1024
    /// RFC 5869 §2.3: `L <= 255*HashLen`.
    package static let maximumOutputSize = 255 * 32

    package static func derive(
        inputKeyMaterial: [UInt8], salt: [UInt8], info: [UInt8], outputByteCount: Int
    ) throws -> [UInt8] {
        guard (1...maximumOutputSize).contains(outputByteCount) else {
            throw CryptoError(.invalidParameter, "HKDF-SHA256 output length \(outputByteCount) is outside 1...\(maximumOutputSize)")
        }
        guard info.count <= maximumInfoSize else {
            throw CryptoError(.invalidParameter, "HKDF info of \(info.count) bytes exceeds \(maximumInfoSize)")
        }
        let context = try KDFContext(algorithm: "HKDF")
        var out = [UInt8](repeating: 0, count: outputByteCount)
        let ok = inputKeyMaterial.withNonNullBytes { ikm, ikmCount in
            salt.withNonNullBytes { saltPointer, saltCount in
                info.withNonNullBytes { infoPointer, infoCount in
                    let params = [
                        urna_param_kdf_digest_sha256(),
                        urna_param_kdf_key(ikm, ikmCount),
                        urna_param_kdf_salt(saltPointer, saltCount),
                        urna_param_kdf_info(infoPointer, infoCount),
                        urna_param_end(),
                    ]
                    return params.withUnsafeBufferPointer { paramPointer in
                        EVP_KDF_derive(context.ctx, &out, outputByteCount, paramPointer.baseAddress)
                    }
                }
            }
        }
        guard ok == 1 else { throw backendFailure("EVP_KDF_derive(HKDF)") }
        return out
    }
}

/// Owns one fetched `EVP_KDF` and one `EVP_KDF_CTX` (which clears its key material when freed).
private final class KDFContext {
    let kdf: OpaquePointer
    let ctx: OpaquePointer

    init(algorithm: String) throws {
        guard let kdf = EVP_KDF_fetch(nil, algorithm, nil) else { throw backendFailure("EVP_KDF_fetch(\(algorithm))") }
        guard let ctx = EVP_KDF_CTX_new(kdf) else {
            EVP_KDF_free(kdf)
            throw backendFailure("EVP_KDF_CTX_new")
        }
        self.kdf = kdf
        self.ctx = ctx
    }

    deinit {
        EVP_KDF_CTX_free(ctx)
        EVP_KDF_free(kdf)
    }
}
