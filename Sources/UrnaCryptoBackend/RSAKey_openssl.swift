import COpenSSL

/// Owns one OpenSSL RSA `EVP_PKEY` (a public key, or a key pair with CRT parameters).
///
/// The key is never modified after construction. OpenSSL allows an `EVP_PKEY` to be
/// used from several threads at once for operations that do not modify it (each
/// operation below makes its own `EVP_PKEY_CTX`; RSA blinding state is locked inside
/// libcrypto), hence `@unchecked Sendable`.
package final class RSAKey: @unchecked Sendable {
    let pkey: OpaquePointer
    /// True when the key carries the private exponent and CRT parameters.
    package let isPrivate: Bool

    init(owning pkey: OpaquePointer, isPrivate: Bool) {
        self.pkey = pkey
        self.isPrivate = isPrivate
    }

    deinit { EVP_PKEY_free(pkey) }

    /// Size of the modulus in bits (`bit_len(n)`).
    package var modulusBits: Int { Int(EVP_PKEY_get_bits(pkey)) }

    // MARK: Generation

    /// A fresh key pair from OpenSSL's RSA key generator (`EVP_PKEY_generate`) with public exponent `e`.
    package static func generate(bits: Int, publicExponent: UInt) throws -> RSAKey {
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, urna_NAME_RSA(), nil) else {
            throw backendFailure("EVP_PKEY_CTX_new_from_name(RSA)")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        let exponent = try BigNum(publicExponent)
        guard EVP_PKEY_keygen_init(ctx) == 1 else { throw backendFailure("EVP_PKEY_keygen_init") }
        guard EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1 else {
            throw backendFailure("EVP_PKEY_CTX_set_rsa_keygen_bits")
        }
        guard EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, exponent.bn) == 1 else {
            throw backendFailure("EVP_PKEY_CTX_set1_rsa_keygen_pubexp")
        }
        var pkey: OpaquePointer?
        guard EVP_PKEY_generate(ctx, &pkey) == 1, let pkey else { throw backendFailure("EVP_PKEY_generate") }
        return RSAKey(owning: pkey, isPrivate: true)
    }

    // MARK: Components

    /// A key pair from its integer components (big-endian bytes). The CRT parameters
    /// `dP = d mod (p-1)`, `dQ = d mod (q-1)` and `qInv = q^-1 mod p` are computed here.
    /// Consistency (`n = p·q`, `e·d ≡ 1`) is left to ``check()``.
    package static func fromComponents(
        n: [UInt8], e: [UInt8], d: [UInt8], p: [UInt8], q: [UInt8]
    ) throws -> RSAKey {
        let bnN = try BigNum(bytes: n), bnE = try BigNum(bytes: e)
        let bnD = try BigNum(bytes: d, secret: true)
        let bnP = try BigNum(bytes: p, secret: true), bnQ = try BigNum(bytes: q, secret: true)
        let context = try BigNumContext()
        let one = try BigNum(1)
        let pMinus1 = try BigNum(secret: true), qMinus1 = try BigNum(secret: true)
        guard BN_sub(pMinus1.bn, bnP.bn, one.bn) == 1, BN_sub(qMinus1.bn, bnQ.bn, one.bn) == 1 else {
            throw backendFailure("BN_sub")
        }
        let dP = try bnD.mod(pMinus1, context)
        let dQ = try bnD.mod(qMinus1, context)
        guard let qInv = try bnQ.modInverse(bnP, context) else {
            throw CryptoError(.invalidParameter, "RSA factor q is not invertible modulo p")
        }
        let entries: [(UnsafePointer<CChar>, BigNum)] = [
            (urna_RSA_PARAM_N(), bnN), (urna_RSA_PARAM_E(), bnE), (urna_RSA_PARAM_D(), bnD),
            (urna_RSA_PARAM_FACTOR1(), bnP), (urna_RSA_PARAM_FACTOR2(), bnQ),
            (urna_RSA_PARAM_EXPONENT1(), dP), (urna_RSA_PARAM_EXPONENT2(), dQ),
            (urna_RSA_PARAM_COEFFICIENT1(), qInv),
        ]
        return try fromData(entries, selection: urna_EVP_PKEY_KEYPAIR(), isPrivate: true)
    }

    /// A public key `(n, e)` from big-endian bytes.
    package static func fromPublicComponents(n: [UInt8], e: [UInt8]) throws -> RSAKey {
        let entries: [(UnsafePointer<CChar>, BigNum)] = [
            (urna_RSA_PARAM_N(), try BigNum(bytes: n)), (urna_RSA_PARAM_E(), try BigNum(bytes: e)),
        ]
        return try fromData(entries, selection: urna_EVP_PKEY_PUBLIC_KEY(), isPrivate: false)
    }

    private static func fromData(
        _ entries: [(UnsafePointer<CChar>, BigNum)], selection: Int32, isPrivate: Bool
    ) throws -> RSAKey {
        guard let builder = OSSL_PARAM_BLD_new() else { throw backendFailure("OSSL_PARAM_BLD_new") }
        defer { OSSL_PARAM_BLD_free(builder) }
        for (name, value) in entries {
            guard OSSL_PARAM_BLD_push_BN(builder, name, value.bn) == 1 else {
                throw backendFailure("OSSL_PARAM_BLD_push_BN")
            }
        }
        guard let params = OSSL_PARAM_BLD_to_param(builder) else { throw backendFailure("OSSL_PARAM_BLD_to_param") }
        defer { OSSL_PARAM_free(params) }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, urna_NAME_RSA(), nil) else {
            throw backendFailure("EVP_PKEY_CTX_new_from_name(RSA)")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_fromdata_init(ctx) == 1 else { throw backendFailure("EVP_PKEY_fromdata_init") }
        var pkey: OpaquePointer?
        guard EVP_PKEY_fromdata(ctx, &pkey, selection, params) == 1, let pkey else {
            throw backendFailure("EVP_PKEY_fromdata")
        }
        return RSAKey(owning: pkey, isPrivate: isPrivate)
    }

    /// The modulus `n`, minimal big-endian bytes.
    package func modulus() throws -> [UInt8] { try bigNumParameter(urna_RSA_PARAM_N()).bytes() }

    /// The public exponent `e`, minimal big-endian bytes.
    package func publicExponent() throws -> [UInt8] { try bigNumParameter(urna_RSA_PARAM_E()).bytes() }

    private func bigNumParameter(_ name: UnsafePointer<CChar>) throws -> BigNum {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pkey, name, &bn) == 1, let bn else {
            throw backendFailure("EVP_PKEY_get_bn_param")
        }
        return BigNum(owning: bn)
    }

    /// The public half as its own key object.
    package func publicKey() throws -> RSAKey {
        try RSAKey.fromPublicComponents(n: modulus(), e: publicExponent())
    }

    // MARK: Checks

    /// OpenSSL's key validation: `EVP_PKEY_check` for a key pair (includes the primality
    /// of p and q and the pairwise consistency), `EVP_PKEY_public_check` for a public key.
    package func check() -> Bool {
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, pkey, nil) else {
            ERR_clear_error()
            return false
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        let ok = isPrivate ? EVP_PKEY_check(ctx) == 1 : EVP_PKEY_public_check(ctx) == 1
        if !ok { ERR_clear_error() }
        return ok
    }
}
