import COpenSSL

/// Owns one OpenSSL `BIGNUM`. Secret values are wiped with `BN_clear_free` on release.
package final class BigNum {
    package let bn: OpaquePointer
    package let isSecret: Bool

    package init(secret: Bool = false) throws {
        guard let bn = secret ? BN_secure_new() ?? BN_new() : BN_new() else { throw backendFailure("BN_new") }
        self.bn = bn
        self.isSecret = secret
        if secret { BN_set_flags(bn, BN_FLG_CONSTTIME) }
    }

    /// Takes ownership of an existing `BIGNUM`.
    package init(owning bn: OpaquePointer, secret: Bool = false) {
        self.bn = bn
        self.isSecret = secret
    }

    /// Big-endian unsigned bytes.
    package convenience init(bytes: [UInt8], secret: Bool = false) throws {
        try self.init(secret: secret)
        guard BN_bin2bn(bytes, Int32(bytes.count), bn) != nil else { throw backendFailure("BN_bin2bn") }
    }

    package convenience init(_ value: UInt) throws {
        try self.init()
        guard BN_set_word(bn, value) == 1 else { throw backendFailure("BN_set_word") }
    }

    deinit {
        if isSecret { BN_clear_free(bn) } else { BN_free(bn) }
    }

    package func copy(secret: Bool? = nil) throws -> BigNum {
        let out = try BigNum(secret: secret ?? isSecret)
        guard BN_copy(out.bn, bn) != nil else { throw backendFailure("BN_copy") }
        return out
    }

    package var byteCount: Int { Int(urna_BN_num_bytes(bn)) }
    package var bitCount: Int { Int(BN_num_bits(bn)) }
    package var isZero: Bool { BN_is_zero(bn) == 1 }
    package var isOne: Bool { BN_is_one(bn) == 1 }
    package var isOdd: Bool { BN_is_odd(bn) == 1 }

    /// Minimal big-endian bytes (empty for zero).
    package func bytes() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        _ = BN_bn2bin(bn, &out)
        return out
    }

    /// Big-endian bytes left-padded to `length`; throws if the value does not fit.
    package func bytes(padded length: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        guard BN_bn2binpad(bn, &out, Int32(length)) == Int32(length) else {
            throw CryptoError(.invalidParameter, "integer of \(byteCount) bytes does not fit in \(length)")
        }
        return out
    }

    package func compare(_ other: BigNum) -> Int { Int(BN_cmp(bn, other.bn)) }
}

/// Owns one `BN_CTX` scratch area; create one per operation (they are not thread-safe).
package final class BigNumContext {
    package let ctx: OpaquePointer

    package init() throws {
        guard let ctx = BN_CTX_secure_new() ?? BN_CTX_new() else { throw backendFailure("BN_CTX_new") }
        self.ctx = ctx
    }

    deinit { BN_CTX_free(ctx) }
}

extension BigNum {
    /// `(self ^ exponent) mod modulus`; constant-time when the exponent is secret.
    package func modExp(_ exponent: BigNum, _ modulus: BigNum, _ context: BigNumContext) throws -> BigNum {
        let out = try BigNum(secret: exponent.isSecret || isSecret)
        let ok = exponent.isSecret
            ? BN_mod_exp_mont_consttime(out.bn, bn, exponent.bn, modulus.bn, context.ctx, nil)
            : BN_mod_exp(out.bn, bn, exponent.bn, modulus.bn, context.ctx)
        guard ok == 1 else { throw backendFailure("BN_mod_exp") }
        return out
    }

    package func modMul(_ other: BigNum, _ modulus: BigNum, _ context: BigNumContext) throws -> BigNum {
        let out = try BigNum(secret: isSecret || other.isSecret)
        guard BN_mod_mul(out.bn, bn, other.bn, modulus.bn, context.ctx) == 1 else { throw backendFailure("BN_mod_mul") }
        return out
    }

    package func modAdd(_ other: BigNum, _ modulus: BigNum, _ context: BigNumContext) throws -> BigNum {
        let out = try BigNum(secret: isSecret || other.isSecret)
        guard BN_mod_add(out.bn, bn, other.bn, modulus.bn, context.ctx) == 1 else { throw backendFailure("BN_mod_add") }
        return out
    }

    package func modSub(_ other: BigNum, _ modulus: BigNum, _ context: BigNumContext) throws -> BigNum {
        let out = try BigNum(secret: isSecret || other.isSecret)
        guard BN_mod_sub(out.bn, bn, other.bn, modulus.bn, context.ctx) == 1 else { throw backendFailure("BN_mod_sub") }
        return out
    }

    /// Non-negative `self mod modulus`.
    package func mod(_ modulus: BigNum, _ context: BigNumContext) throws -> BigNum {
        let out = try BigNum(secret: isSecret)
        guard BN_nnmod(out.bn, bn, modulus.bn, context.ctx) == 1 else { throw backendFailure("BN_nnmod") }
        return out
    }

    /// Multiplicative inverse mod `modulus`, or nil when none exists.
    package func modInverse(_ modulus: BigNum, _ context: BigNumContext) throws -> BigNum? {
        let out = try BigNum(secret: isSecret)
        guard BN_mod_inverse(out.bn, bn, modulus.bn, context.ctx) != nil else {
            ERR_clear_error()
            return nil
        }
        return out
    }

    package func gcd(_ other: BigNum, _ context: BigNumContext) throws -> BigNum {
        let out = try BigNum()
        guard BN_gcd(out.bn, bn, other.bn, context.ctx) == 1 else { throw backendFailure("BN_gcd") }
        return out
    }

    /// Uniform in `[0, range)` from `RAND_bytes`.
    package static func random(below range: BigNum, secret: Bool = false) throws -> BigNum {
        let out = try BigNum(secret: secret)
        guard BN_rand_range(out.bn, range.bn) == 1 else { throw backendFailure("BN_rand_range") }
        return out
    }
}
