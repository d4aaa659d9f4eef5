import Foundation
import Testing
@testable import UrnaCrypto
import UrnaCryptoBackend

/// Every RFC 9474 check path refuses bad input with the right error code.
@Suite struct BlindRSANegativeTests {
    let key: BlindRSAPrivateKey
    let pk: BlindRSAPublicKey
    let variant = BlindRSA.Variant.sha384PSSRandomized
    let message = Array("token message".utf8)

    init() throws {
        key = try BlindRSAKeys.key2048.get()
        pk = key.publicKey
    }

    private func expectCode(_ code: CryptoError.Code, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.code == code, "got \(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func tamperedSignatureByte() throws {
        let (prepared, signature) = try BlindRSAKeys.issue(message, key: key, variant: variant)
        for index in [0, 1, 100, signature.count - 1] {
            var tampered = signature
            tampered[index] ^= 0x01
            expectCode(.signatureInvalid) { try pk.verify(tampered, preparedMessage: prepared, variant: variant) }
        }
        expectCode(.signatureInvalid) { try pk.verify(Array(signature.dropLast()), preparedMessage: prepared, variant: variant) }
        expectCode(.signatureInvalid) { try pk.verify(signature + [0], preparedMessage: prepared, variant: variant) }
        expectCode(.signatureInvalid) { try pk.verify([UInt8](repeating: 0, count: 256), preparedMessage: prepared, variant: variant) }
        expectCode(.signatureInvalid) { try pk.verify([UInt8](repeating: 0xff, count: 256), preparedMessage: prepared, variant: variant) }
        expectCode(.signatureInvalid) { try pk.verify(pk.modulus, preparedMessage: prepared, variant: variant) }
    }

    @Test func tamperedMessage() throws {
        let (prepared, signature) = try BlindRSAKeys.issue(message, key: key, variant: variant)
        var tamperedPrefix = prepared
        tamperedPrefix[0] ^= 0x80
        expectCode(.signatureInvalid) { try pk.verify(signature, preparedMessage: tamperedPrefix, variant: variant) }
        var tamperedBody = prepared
        tamperedBody[tamperedBody.count - 1] ^= 0x01
        expectCode(.signatureInvalid) { try pk.verify(signature, preparedMessage: tamperedBody, variant: variant) }
        expectCode(.signatureInvalid) { try pk.verify(signature, preparedMessage: message, variant: variant) }
        expectCode(.signatureInvalid) { try pk.verify(signature, preparedMessage: prepared + [0], variant: variant) }
    }

    @Test func wrongKey() throws {
        let (prepared, signature) = try BlindRSAKeys.issue(message, key: key, variant: variant)
        let otherKey = try BlindRSAKeys.other2048.get()
        #expect(otherKey.publicKey != pk)
        expectCode(.signatureInvalid) { try otherKey.publicKey.verify(signature, preparedMessage: prepared, variant: variant) }
        // A blind signature by the wrong signer does not finalize. (About half of all blinded
        // messages under `pk` exceed the other modulus, which the other key rightly refuses to
        // sign; blind again until it accepts one.)
        var attempt: (blinded: [UInt8], inverse: BlindRSA.Inverse, signature: [UInt8])?
        for _ in 0..<64 where attempt == nil {
            let (blinded, inverse) = try pk.blind(prepared, variant: variant)
            if let signature = try? otherKey.blindSign(blinded) { attempt = (blinded, inverse, signature) }
        }
        let (_, inverse, wrongBlindSignature) = try #require(attempt)
        expectCode(.signatureInvalid) {
            _ = try pk.finalize(wrongBlindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
        }
    }

    @Test func blindSignatureOfAnotherBlindedMessage() throws {
        let prepared = try pk.prepare(message, variant: variant)
        let (_, inverse) = try pk.blind(prepared, variant: variant)
        let (otherBlinded, _) = try pk.blind(prepared, variant: variant)
        let otherBlindSignature = try key.blindSign(otherBlinded)
        expectCode(.signatureInvalid) {
            _ = try pk.finalize(otherBlindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
        }
    }

    @Test func finalizeWithWrongInverse() throws {
        let prepared = try pk.prepare(message, variant: variant)
        let (blinded, inverse) = try pk.blind(prepared, variant: variant)
        let blindSignature = try key.blindSign(blinded)
        let (_, otherInverse) = try pk.blind(prepared, variant: variant)
        expectCode(.signatureInvalid) {
            _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: otherInverse, variant: variant)
        }
        var flipped = inverse.bytes
        flipped[flipped.count - 1] ^= 0x02
        expectCode(.signatureInvalid) {
            _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: BlindRSA.Inverse(bytes: flipped), variant: variant)
        }
        expectCode(.invalidBlinding) {
            _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: BlindRSA.Inverse(bytes: [0]), variant: variant)
        }
        expectCode(.invalidBlinding) {
            _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: BlindRSA.Inverse(bytes: pk.modulus), variant: variant)
        }
        expectCode(.invalidBlinding) {
            _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: BlindRSA.Inverse(bytes: [1] + inverse.bytes), variant: variant)
        }
        // The right inverse still works.
        _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
    }

    @Test func finalizeRefusesMalformedBlindSignature() throws {
        let prepared = try pk.prepare(message, variant: variant)
        let (blinded, inverse) = try pk.blind(prepared, variant: variant)
        let blindSignature = try key.blindSign(blinded)
        expectCode(.unexpectedLength) {
            _ = try pk.finalize(Array(blindSignature.dropFirst()), preparedMessage: prepared, inverse: inverse, variant: variant)
        }
        // n itself is out of range: it cannot be a signature under this key.
        expectCode(.signatureInvalid) {
            _ = try pk.finalize(pk.modulus, preparedMessage: prepared, inverse: inverse, variant: variant)
        }
        var tampered = blindSignature
        tampered[17] ^= 0x10
        expectCode(.signatureInvalid) {
            _ = try pk.finalize(tampered, preparedMessage: prepared, inverse: inverse, variant: variant)
        }
        // Finalize against a different prepared message.
        expectCode(.signatureInvalid) {
            _ = try pk.finalize(blindSignature, preparedMessage: prepared + [1], inverse: inverse, variant: variant)
        }
    }

    @Test func blindSignRefusesOutOfRangeInput() throws {
        expectCode(.messageOutOfRange) { _ = try key.blindSign(pk.modulus) }
        expectCode(.messageOutOfRange) { _ = try key.blindSign([UInt8](repeating: 0xff, count: 256)) }
        var nPlusOne = pk.modulus
        nPlusOne[nPlusOne.count - 1] &+= 1 // n is odd, so no carry
        expectCode(.messageOutOfRange) { _ = try key.blindSign(nPlusOne) }
        expectCode(.unexpectedLength) { _ = try key.blindSign([UInt8](repeating: 1, count: 255)) }
        expectCode(.unexpectedLength) { _ = try key.blindSign([UInt8](repeating: 1, count: 257)) }
        expectCode(.unexpectedLength) { _ = try key.blindSign([]) }
        // n - 1 is the largest accepted representative.
        var nMinusOne = pk.modulus
        nMinusOne[nMinusOne.count - 1] -= 1
        #expect(try key.blindSign(nMinusOne).count == 256)
    }

    @Test func wrongVariant() throws {
        for signed in BlindRSA.Variant.allCases {
            let (prepared, signature) = try BlindRSAKeys.issue(message, key: key, variant: signed)
            for other in BlindRSA.Variant.allCases where other.saltLength != signed.saltLength {
                expectCode(.signatureInvalid) { try pk.verify(signature, preparedMessage: prepared, variant: other) }
            }
            // Finalize under the wrong variant fails too.
            let (blinded, inverse) = try pk.blind(prepared, variant: signed)
            let blindSignature = try key.blindSign(blinded)
            let wrong = BlindRSA.Variant.allCases.first { $0.saltLength != signed.saltLength } ?? signed
            expectCode(.signatureInvalid) {
                _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: wrong)
            }
        }
    }

    @Test func testEntryPointsCheckInjectedValues() throws {
        expectCode(.invalidParameter) { _ = try pk.prepare(message, variant: variant, messagePrefix: [1, 2, 3]) }
        expectCode(.invalidParameter) { _ = try pk.prepare(message, variant: .sha384PSSDeterministic, messagePrefix: [UInt8](repeating: 0, count: 32)) }
        expectCode(.invalidParameter) { _ = try pk.blind(message, variant: variant, salt: [], inverse: nil) }
        expectCode(.invalidParameter) { _ = try pk.blind(message, variant: .sha384PSSZeroRandomized, salt: [1], inverse: nil) }
        expectCode(.invalidBlinding) { _ = try pk.blind(message, variant: .sha384PSSZeroRandomized, salt: [], inverse: BlindRSA.Inverse(bytes: [0])) }
    }

    @Test func malformedKeyEncodingsAreRefused() throws {
        let spki = pk.spkiDER
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(spkiDER: []) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(spkiDER: Array(spki.dropLast())) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(spkiDER: spki + [0]) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(spkiDER: [UInt8](repeating: 0x30, count: 40)) }
        // A private key is not a public key, and vice versa.
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(spkiDER: key.pkcs8DER) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPrivateKey(pkcs8DER: spki) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPrivateKey(pkcs8DER: key.pkcs8DER + [0]) }
        // PEM: wrong label, damaged base64, extra text.
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(pem: key.pemRepresentation) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPrivateKey(pem: pk.pemRepresentation) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(pem: pk.pemRepresentation.replacingOccurrences(of: "M", with: "*")) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(pem: "junk\n" + pk.pemRepresentation) }
        expectCode(.invalidEncoding) { _ = try BlindRSAPublicKey(pem: "") }
    }

    @Test func mismatchedPrivateKeyIsRefused() throws {
        // A key whose CRT values do not match n: swap in the other key's d.
        let vectorKey = try BlindRSAVectorTests.vectorKey.get()
        #expect(vectorKey.publicKey.modulusBits == 4096)
        let vector = try #require(BlindRSAVectorTests.vectors.first)
        var badD = try Hex.decode(vector.d)
        badD[badD.count - 1] ^= 0x02
        let error = #expect(throws: CryptoError.self) {
            _ = try BlindRSAPrivateKey(
                modulus: Hex.decode(vector.n), publicExponent: Hex.decode(vector.e), privateExponent: badD,
                prime1: Hex.decode(vector.p), prime2: Hex.decode(vector.q))
        }
        #expect(error?.code == .invalidKey)
    }
}
