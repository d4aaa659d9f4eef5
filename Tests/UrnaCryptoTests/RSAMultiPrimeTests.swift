import Foundation
import Testing
@testable import UrnaCrypto
import UrnaCryptoBackend

/// Multi-prime RSA token keys: the same public key and verification as a two-prime key, and
/// RFC 9474 blind signing unchanged.
@Suite struct RSAMultiPrimeTests {
    static let key3072 = Result { try BlindRSAPrivateKey.generateMultiPrime(bits: 3072, primes: 3) }

    /// The `RSAPrivateKey` version inside a PKCS#8 `PrivateKeyInfo` (0 two-prime, 1 multi-prime).
    static func innerVersion(_ der: [UInt8]) -> UInt8? {
        guard der.count > 12 else { return nil }
        for i in 0..<(der.count - 11) where der[i] == 0x04 && der[i + 1] == 0x82 && der[i + 4] == 0x30 && der[i + 5] == 0x82 {
            if der[i + 8] == 0x02, der[i + 9] == 0x01 { return der[i + 10] }
        }
        return nil
    }

    @Test func isAThreePrimeKeyOfTheFullSize() throws {
        let key = try Self.key3072.get()
        #expect(key.publicKey.modulusBits == 3072 && key.publicKey.modulusLength == 384)
        #expect(try Self.innerVersion(key.pkcs8DER) == 1, "a multi-prime RSAPrivateKey has version 1")
        #expect(try Self.innerVersion(try BlindRSAKeys.key3072.get().pkcs8DER) == 0, "a two-prime one has version 0")
        // OpenSSL's full check (every prime, n = r₁·r₂·r₃, the CRT values) passes.
        #expect(try RSAKey.fromPKCS8(der: key.pkcs8DER).check())
        // The PKCS#8 encoding round-trips (the import refuses non-canonical DER).
        #expect(try BlindRSAPrivateKey(pkcs8DER: key.pkcs8DER).publicKey.spkiDER == key.publicKey.spkiDER)
    }

    @Test(arguments: BlindRSA.Variant.allCases)
    func blindSignaturesVerifyUnderThePlainPublicKey(_ variant: BlindRSA.Variant) throws {
        let key = try Self.key3072.get()
        // The verifier knows only the SubjectPublicKeyInfo, as for any token key.
        let publicKey = try BlindRSAPublicKey(spkiDER: key.publicKey.spkiDER)
        let message = Array("ballot credential".utf8)
        let prepared = try publicKey.prepare(message, variant: variant)
        let (blinded, inverse) = try publicKey.blind(prepared, variant: variant)
        let blindSignature = try key.blindSign(blinded)
        let signature = try publicKey.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
        try publicKey.verify(signature, preparedMessage: prepared, variant: variant)
        // A signature on another message, or a flipped bit, is refused.
        let other = try publicKey.prepare(Array("another credential".utf8), variant: variant)
        #expect(throws: CryptoError.self) { try publicKey.verify(signature, preparedMessage: other, variant: variant) }
        var flipped = signature; flipped[100] ^= 1
        #expect(throws: CryptoError.self) { try publicKey.verify(flipped, preparedMessage: prepared, variant: variant) }
    }

    @Test func blindSignIsTheSameFunctionAsTheTwoPrimeKeys() throws {
        // RSASP1 is m^d mod n whatever the CRT: s^e = m for random m.
        let key = try Self.key3072.get()
        let n = try BigNum(bytes: key.publicKey.modulus)
        for _ in 0..<4 {
            let m = try BigNum.random(below: n).bytes(padded: 384)
            let s = try key.blindSign(m)   // checks s^e = m itself before returning
            #expect(s.count == 384)
        }
    }

    @Test func refusesBadParameters() throws {
        expectRejected(.invalidParameter) { _ = try BlindRSAPrivateKey.generateMultiPrime(bits: 3072, primes: 6) }
        expectRejected(.invalidParameter) { _ = try BlindRSAPrivateKey.generateMultiPrime(bits: 3072, primes: 1) }
        expectRejected(.keyTooSmall) { _ = try BlindRSAPrivateKey.generateMultiPrime(bits: 1024, primes: 3) }
        // OpenSSL allows 3 primes below 4,096 bits, not 5.
        expectRejected { _ = try BlindRSAPrivateKey.generateMultiPrime(bits: 2048, primes: 5) }
    }
}

/// Direct signing of a prepared message (the benchmark generator's tokens).
@Suite struct RSADirectSigningTests {
    @Test func directSignatureVerifiesAsAFinalizedBlindSignature() throws {
        for key in [try RSAMultiPrimeTests.key3072.get(), try BlindRSAKeys.key2048.get()] {
            let publicKey = try BlindRSAPublicKey(spkiDER: key.publicKey.spkiDER)
            let prepared = try publicKey.prepare(Array("ballot credential".utf8), variant: .sha384PSSRandomized)
            let signature = try key.signPrepared(prepared, variant: .sha384PSSRandomized)
            #expect(signature.count == publicKey.modulusLength)
            try publicKey.verify(signature, preparedMessage: prepared, variant: .sha384PSSRandomized)
            // Randomized PSS: a second signature differs and verifies too.
            let again = try key.signPrepared(prepared, variant: .sha384PSSRandomized)
            #expect(again != signature)
            try publicKey.verify(again, preparedMessage: prepared, variant: .sha384PSSRandomized)
            let other = try publicKey.prepare(Array("another credential".utf8), variant: .sha384PSSRandomized)
            #expect(throws: CryptoError.self) { try publicKey.verify(signature, preparedMessage: other, variant: .sha384PSSRandomized) }
        }
    }
}
