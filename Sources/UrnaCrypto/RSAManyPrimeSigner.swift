import UrnaCryptoBackend

/// An RSA key with many small primes, for the benchmark record generator only: a modulus of the
/// full size (3,072 bits) whose public key, encoding and verification are exactly those of any
/// token key, but whose private operation runs on `primes` primes of `bits / primes` bits
/// (RFC 8017 §3.2, multi-prime RSA). The benchmark generator uses six 512-bit primes
/// (``benchPrimeBits``), and a signature costs about a third of OpenSSL's three 1,024-bit
/// primes (`Tools/bench generate` logs both, measured in the same run). Smaller primes do not
/// pay: a 256-bit exponentiation costs 38 µs against 70 µs at 512 bits, so twelve cost more
/// than six.
///
/// **Not a key to protect anything.** Small primes make the modulus far easier to factor (the
/// elliptic-curve method finds 512-bit factors long before a 3,072-bit modulus falls), and
/// OpenSSL refuses more than 3 primes below 4,096 bits for that reason. The generator plays
/// voter and service at once and throws the key away; the service's token keys come from
/// ``BlindRSAPrivateKey/generate(bits:)`` and sign only through OpenSSL.
public final class RSAManyPrimeSigner: @unchecked Sendable {
    /// The public key, as any verifier reads it.
    public let publicKey: BlindRSAPublicKey
    /// The primes rᵢ, their CRT exponents dᵢ = e⁻¹ mod (rᵢ − 1) and coefficients
    /// cᵢ = (n/rᵢ)·((n/rᵢ)⁻¹ mod rᵢ) mod n. Read only after init, so shared across threads.
    private let primes: [BigNum]
    /// The prime size the benchmark generator asks for (`bits / benchPrimeBits` primes).
    public static let benchPrimeBits = 512
    /// How many primes the modulus has.
    public var primeCount: Int { primes.count }
    private let exponents: [BigNum]
    private let coefficients: [BigNum]
    private let modulus: BigNum

    /// A fresh key of exactly `bits` bits with `primes` primes and e = 65537.
    public init(bits: Int = BlindRSA.defaultModulusBits, primes count: Int = 6) throws {
        guard bits >= BlindRSA.minimumModulusBits, bits <= BlindRSA.maximumModulusBits else {
            throw CryptoError(.invalidParameter, "an RSA key of \(bits) bits was requested; "
                              + "\(BlindRSA.minimumModulusBits) to \(BlindRSA.maximumModulusBits) are supported")
        }
        guard (2...16).contains(count), bits % count == 0, bits / count >= 256 else {
            throw CryptoError(.invalidParameter, "\(count) primes do not divide a \(bits)-bit modulus into primes of at least 256 bits")
        }
        let context = try BigNumContext()
        let e = try BigNum(UInt(65537))
        var primes: [BigNum] = []
        var exponents: [BigNum] = []
        /// Adds `prime` unless it repeats one or e has no inverse mod prime − 1.
        func take(_ prime: BigNum) throws -> Bool {
            guard !primes.contains(where: { $0.compare(prime) == 0 }),
                  let d = try e.copy(secret: true).modInverse(prime.subtracting(1), context) else { return false }
            primes.append(prime)
            exponents.append(d)
            return true
        }
        // All but the last prime of bits / count bits; the last one fills the modulus to exactly
        // `bits` (each prime has its top two bits set, so a product of a b₁-bit and a b₂-bit
        // number has b₁ + b₂ or b₁ + b₂ − 1 bits: try both lengths in turn).
        while primes.count < count - 1 { _ = try take(BigNum.prime(bits: bits / count)) }
        var partial = try BigNum(UInt(1))
        for prime in primes { partial = try partial.multiplied(by: prime, context) }
        for attempt in 0..<256 {
            let last = try BigNum.prime(bits: bits - partial.bitCount + attempt % 2)
            if try partial.multiplied(by: last, context).bitCount == bits, try take(last) { break }
            guard attempt < 255 else { throw CryptoError(.invalidParameter, "no \(bits)-bit product of \(count) primes was found") }
        }
        var n = try BigNum(UInt(1))
        for prime in primes { n = try n.multiplied(by: prime, context) }
        var coefficients: [BigNum] = []
        for (index, prime) in primes.enumerated() {
            var others = try BigNum(UInt(1))
            for (other, value) in primes.enumerated() where other != index { others = try others.multiplied(by: value, context) }
            guard let inverse = try others.mod(prime, context).modInverse(prime, context) else {
                throw CryptoError(.invalidParameter, "the primes of a many-prime RSA key are not coprime")
            }
            coefficients.append(try others.modMul(inverse, n, context))
        }
        self.primes = primes
        self.exponents = exponents
        self.coefficients = coefficients
        // n is public: as a product of secret primes it would carry libcrypto's constant-time
        // flag, and every exponentiation mod n (the check below) would take the slow path.
        self.modulus = try n.copy(secret: false)
        // The SubjectPublicKeyInfo of (n, e), through the same import as every token key.
        let spki = try RSAKey.fromPublicComponents(n: n.bytes(), e: e.bytes()).spkiDER()
        publicKey = try BlindRSAPublicKey(spkiDER: spki)
    }

    /// RFC 9474 BlindSign: RSASP1, `m^d mod n`, by the CRT as `Σ (m^dᵢ mod rᵢ)·cᵢ mod n`, then
    /// checked with the public exponent (a fault never yields a wrong signature).
    public func blindSign(_ blindedMessage: [UInt8]) throws -> [UInt8] {
        guard blindedMessage.count == publicKey.modulusLength else {
            throw CryptoError(.invalidParameter, "a blinded message is \(publicKey.modulusLength) bytes, not \(blindedMessage.count)")
        }
        let context = try BigNumContext()
        let m = try BigNum(bytes: blindedMessage)
        guard m.compare(modulus) < 0 else { throw CryptoError(.invalidParameter, "message representative out of range") }
        // Σ partᵢ·cᵢ as plain products (a short number times a long one), reduced mod n once.
        var sum = try BigNum(UInt(0))
        for index in primes.indices {
            let part = try m.mod(primes[index], context).modExp(exponents[index], primes[index], context)
            sum = try sum.adding(part.multiplied(by: coefficients[index], context))
        }
        let s = try sum.mod(modulus, context)
        // The check runs on public values (the signature is public): libcrypto's constant-time
        // exponentiation, taken when the base or the modulus is flagged secret, costs four times
        // the plain one here.
        guard try s.copy(secret: false).modExp(BigNum(UInt(65537)), modulus, context).compare(m) == 0 else {
            throw CryptoError(.invalidParameter, "many-prime RSA: the signature does not verify (a computation fault)")
        }
        return try s.bytes(padded: publicKey.modulusLength)
    }

    /// The RSASSA-PSS signature of a prepared message, as
    /// ``BlindRSAPrivateKey/signPrepared(_:variant:)`` makes it: RFC 9474 with r = 1.
    public func signPrepared(_ preparedMessage: [UInt8], variant: BlindRSA.Variant) throws -> [UInt8] {
        try blindSign(BlindRSA.directSigningInput(preparedMessage, variant: variant, publicKey: publicKey))
    }
}
