import Foundation
import Testing
@testable import UrnaCrypto
import UrnaCryptoBackend

/// The benchmark generator's many-prime token keys: a full-size modulus whose signatures any
/// verifier accepts under the plain public key, with nothing else weakened in the protocol.
@Suite struct RSAManyPrimeSignerTests {
    static let key3072 = Result { try RSAManyPrimeSigner(bits: 3072, primes: 3072 / RSAManyPrimeSigner.benchPrimeBits) }

    @Test func isAFullSizeKeyThatImportsAsAnyTokenKey() throws {
        let key = try Self.key3072.get()
        #expect(key.publicKey.modulusBits == 3072 && key.publicKey.modulusLength == 384)
        let imported = try BlindRSAPublicKey(spkiDER: key.publicKey.spkiDER)
        #expect(imported == key.publicKey)
        #expect(try RSAKey.fromSPKI(der: key.publicKey.spkiDER).check(), "OpenSSL's public-key check passes")
        #expect(key.primeCount == 6)
        // A product of small primes falls short of the size more often than not: every fresh key
        // still has exactly the size asked for (2,048 bits in four or eight primes, 3,072 in six
        // or twelve, 4,096 in sixteen).
        for _ in 0..<4 {
            for (bits, primes) in [(2048, 4), (2048, 8), (3072, 6), (3072, 12), (4096, 16)] {
                let fresh = try RSAManyPrimeSigner(bits: bits, primes: primes)
                #expect(fresh.publicKey.modulusBits == bits && fresh.primeCount == primes)
            }
        }
    }

    @Test func directSignaturesVerifyAsFinalizedBlindSignatures() throws {
        let key = try Self.key3072.get()
        let publicKey = try BlindRSAPublicKey(spkiDER: key.publicKey.spkiDER)
        for variant in BlindRSA.Variant.allCases {
            let prepared = try publicKey.prepare(Array("ballot credential".utf8), variant: variant)
            let signature = try key.signPrepared(prepared, variant: variant)
            #expect(signature.count == 384)
            try publicKey.verify(signature, preparedMessage: prepared, variant: variant)
            let other = try publicKey.prepare(Array("another credential".utf8), variant: variant)
            #expect(throws: CryptoError.self) { try publicKey.verify(signature, preparedMessage: other, variant: variant) }
            var flipped = signature; flipped[200] ^= 1
            #expect(throws: CryptoError.self) { try publicKey.verify(flipped, preparedMessage: prepared, variant: variant) }
        }
    }

    @Test func blindSignIsRSASP1() throws {
        // The whole RFC 9474 protocol against the many-prime key, and s^e = m for random m.
        let key = try Self.key3072.get()
        let request = try publicBlind(key.publicKey)
        let signature = try key.publicKey.finalize(try key.blindSign(request.blinded), preparedMessage: request.prepared,
                                                   inverse: request.inverse, variant: .sha384PSSRandomized)
        try key.publicKey.verify(signature, preparedMessage: request.prepared, variant: .sha384PSSRandomized)
        let n = try BigNum(bytes: key.publicKey.modulus)
        let context = try BigNumContext()
        for _ in 0..<8 {
            let m = try BigNum.random(below: n)
            let s = try BigNum(bytes: key.blindSign(m.bytes(padded: 384)))
            #expect(try s.modExp(BigNum(UInt(65537)), n, context).compare(m) == 0)
        }
        // Out of range: n itself, and a message of the wrong length.
        expectRejected(.invalidParameter) { _ = try key.blindSign(key.publicKey.modulus) }
        expectRejected(.invalidParameter) { _ = try key.blindSign([UInt8](repeating: 1, count: 383)) }
    }

    @Test func refusesBadParameters() {
        expectRejected(.invalidParameter) { _ = try RSAManyPrimeSigner(bits: 3072, primes: 7) }    // 3,072 / 7 is not whole
        expectRejected(.invalidParameter) { _ = try RSAManyPrimeSigner(bits: 3072, primes: 1) }
        expectRejected(.invalidParameter) { _ = try RSAManyPrimeSigner(bits: 2048, primes: 16) }   // 128-bit primes
        expectRejected(.invalidParameter) { _ = try RSAManyPrimeSigner(bits: 1024, primes: 2) }
    }

    private func publicBlind(_ key: BlindRSAPublicKey) throws -> (prepared: [UInt8], blinded: [UInt8], inverse: BlindRSA.Inverse) {
        let prepared = try key.prepare(Array("ballot credential".utf8), variant: .sha384PSSRandomized)
        let (blinded, inverse) = try key.blind(prepared, variant: .sha384PSSRandomized)
        return (prepared, blinded, inverse)
    }
}
