import Foundation
import Testing
@testable import UrnaCrypto

/// RFC 9474 Appendix A known-answer tests (`Resources/rfc9474_rsabssa.json`), all four variants.
@Suite struct BlindRSAVectorTests {
    struct Vector: Decodable, CustomTestStringConvertible {
        struct Blinding: Decodable {
            let inv, blinded_msg, blind_sig, sig: String
        }

        let name: String
        let salt_len: Int
        let modulus_bits: Int
        let p, q, n, e, d: String
        let msg, msg_prefix, prepared_msg, salt, encoded_msg: String
        let inv, blinded_msg, blind_sig, sig: String
        let alternate_blinding: Blinding?

        var testDescription: String { name }
        var mainBlinding: Blinding { Blinding(inv: inv, blinded_msg: blinded_msg, blind_sig: blind_sig, sig: sig) }
        var variant: BlindRSA.Variant? { BlindRSA.Variant(rawValue: name) }
    }

    struct File: Decodable { let vectors: [Vector] }

    static let vectors: [Vector] = {
        guard let url = Bundle.module.url(forResource: "rfc9474_rsabssa", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.vectors
    }()

    /// The vectors share one 4096-bit key; build it once (the key check tests p and q for primality).
    static let vectorKey = Result { () throws -> BlindRSAPrivateKey in
        guard let v = vectors.first else { throw CryptoError(.invalidParameter, "no RFC 9474 vectors loaded") }
        return try BlindRSAPrivateKey(
            modulus: Hex.decode(v.n), publicExponent: Hex.decode(v.e), privateExponent: Hex.decode(v.d),
            prime1: Hex.decode(v.p), prime2: Hex.decode(v.q))
    }

    @Test func allFourVariantsArePresent() {
        #expect(Self.vectors.count == 4)
        #expect(Set(Self.vectors.compactMap(\.variant)) == Set(BlindRSA.Variant.allCases))
        for vector in Self.vectors {
            #expect(vector.variant?.saltLength == vector.salt_len)
            #expect(vector.variant?.isRandomized == !vector.msg_prefix.isEmpty)
        }
    }

    @Test func vectorKeyMatchesComponents() throws {
        let key = try Self.vectorKey.get()
        let v = try #require(Self.vectors.first)
        #expect(key.publicKey.modulusBits == v.modulus_bits)
        #expect(key.publicKey.modulus == (try Hex.decode(v.n)))
        // Every vector uses the same key.
        #expect(Set(Self.vectors.map(\.n)).count == 1)
        #expect(Set(Self.vectors.map(\.d)).count == 1)
    }

    @Test(arguments: vectors)
    func knownAnswer(_ vector: Vector) throws {
        let variant = try #require(vector.variant, "unknown variant \(vector.name)")
        let key = try Self.vectorKey.get()
        let pk = key.publicKey

        // Prepare (§4.1) with the vector's msg_prefix.
        let prepared = try pk.prepare(Hex.decode(vector.msg), variant: variant, messagePrefix: Hex.decode(vector.msg_prefix))
        #expect(prepared.hex == vector.prepared_msg)

        // EMSA-PSS-ENCODE with the vector's salt.
        let encoded = try BlindRSA.emsaPSSEncode(prepared, emBits: pk.modulusBits - 1, salt: Hex.decode(vector.salt))
        #expect(encoded.hex == vector.encoded_msg)

        var blindings = [vector.mainBlinding]
        if let alternate = vector.alternate_blinding { blindings.append(alternate) }
        for blinding in blindings {
            // Blind (§4.2) with the vector's salt and inv.
            let inverse = BlindRSA.Inverse(bytes: try Hex.decode(blinding.inv))
            let (blinded, returnedInverse) = try pk.blind(prepared, variant: variant, salt: Hex.decode(vector.salt), inverse: inverse)
            #expect(blinded.hex == blinding.blinded_msg)
            #expect(returnedInverse == inverse)

            // BlindSign (§4.3).
            let blindSignature = try key.blindSign(blinded)
            #expect(blindSignature.hex == blinding.blind_sig)

            // Finalize (§4.4), which verifies internally.
            let signature = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
            #expect(signature.hex == blinding.sig)

            // Verify (§4.5) the vector's own signature.
            try pk.verify(Hex.decode(blinding.sig), preparedMessage: Hex.decode(vector.prepared_msg), variant: variant)
        }
    }

    /// PSSZERO-Deterministic has a unique signature per (key, message), so both published blindings
    /// (the RFC text's and circl/swift-crypto's) must finalize to the same signature.
    @Test func alternateBlindingGivesSameDeterministicSignature() throws {
        let vector = try #require(Self.vectors.first { $0.variant == .sha384PSSZeroDeterministic })
        let alternate = try #require(vector.alternate_blinding)
        #expect(alternate.inv != vector.inv)
        #expect(alternate.blinded_msg != vector.blinded_msg)
        #expect(alternate.sig == vector.sig)
    }

    @Test func vectorSignaturesRefusedUnderOtherVariants() throws {
        let pk = try Self.vectorKey.get().publicKey
        for vector in Self.vectors {
            let variant = try #require(vector.variant)
            for other in BlindRSA.Variant.allCases where other.saltLength != variant.saltLength {
                #expect(throws: CryptoError.self) {
                    try pk.verify(Hex.decode(vector.sig), preparedMessage: Hex.decode(vector.prepared_msg), variant: other)
                }
            }
            // The signature is over the prepared message, not the bare message (randomized variants).
            if variant.isRandomized {
                let error = #expect(throws: CryptoError.self) {
                    try pk.verify(Hex.decode(vector.sig), preparedMessage: Hex.decode(vector.msg), variant: variant)
                }
                #expect(error?.code == .signatureInvalid)
            }
        }
    }

    @Test func emsaPSSEncodeTopBitIsCleared() throws {
        // emBits = modBits - 1 with modBits a multiple of 8: the top bit of EM is always zero.
        for _ in 0..<16 {
            let encoded = try BlindRSA.emsaPSSEncode(Array("x".utf8), emBits: 2047, salt: BlindRSATestBytes.make(48))
            #expect(encoded.count == 256)
            #expect(encoded[0] & 0x80 == 0)
            #expect(encoded.last == 0xbc)
        }
    }

    @Test func mgf1KnownLengths() {
        let mask = BlindRSA.mgf1SHA384(seed: [1, 2, 3], length: 100)
        #expect(mask.count == 100)
        // MGF1 output block 0 is SHA-384(seed ‖ 00000000), block 1 is SHA-384(seed ‖ 00000001).
        #expect(Array(mask[0..<48]) == SHA384.hash([1, 2, 3, 0, 0, 0, 0]))
        #expect(Array(mask[48..<96]) == SHA384.hash([1, 2, 3, 0, 0, 0, 1]))
    }
}

/// Random bytes for tests that only need "some" salt.
enum BlindRSATestBytes {
    static func make(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }
}
