import COpenSSL

extension BigNum {
    /// A random probable prime of exactly `bits` bits, its top two bits set
    /// (`BN_generate_prime_ex2`, which runs enough Miller-Rabin rounds for the size).
    package static func prime(bits: Int, secret: Bool = true) throws -> BigNum {
        guard bits >= 64, bits <= 8192, let count = Int32(exactly: bits) else {
            throw CryptoError(.invalidParameter, "a prime of \(bits) bits was requested; 64 to 8,192 are supported")
        }
        let context = try BigNumContext()
        let out = try BigNum(secret: secret)
        guard BN_generate_prime_ex2(out.bn, count, 0, nil, nil, nil, context.ctx) == 1 else {
            throw backendFailure("BN_generate_prime_ex2")
        }
        return out
    }

    /// `self · other` (`BN_mul`).
    package func multiplied(by other: BigNum, _ context: BigNumContext) throws -> BigNum {
        let out = try BigNum(secret: isSecret || other.isSecret)
        guard BN_mul(out.bn, bn, other.bn, context.ctx) == 1 else { throw backendFailure("BN_mul") }
        return out
    }

    /// `self + other` (`BN_add`).
    package func adding(_ other: BigNum) throws -> BigNum {
        let out = try BigNum(secret: isSecret || other.isSecret)
        guard BN_add(out.bn, bn, other.bn) == 1 else { throw backendFailure("BN_add") }
        return out
    }

    /// `self − word`; throws below zero.
    package func subtracting(_ word: UInt) throws -> BigNum {
        let out = try copy()
        guard BN_sub_word(out.bn, word) == 1, BN_is_negative(out.bn) == 0 else {
            throw CryptoError(.invalidParameter, "BN_sub_word: the result would be negative")
        }
        return out
    }
}
