import Foundation
import Testing
@testable import UrnaCrypto
import UrnaCryptoBackend

/// Keys shared by the BlindRSA suites: key generation is slow, so each is made once per run.
enum BlindRSAKeys {
    static let key2048 = Result { try BlindRSAPrivateKey.generate(bits: 2048) }
    static let other2048 = Result { try BlindRSAPrivateKey.generate(bits: 2048) }
    static let key3072 = Result { try BlindRSAPrivateKey.generate() }

    /// One full protocol run: Prepare, Blind, BlindSign, Finalize.
    static func issue(
        _ message: [UInt8], key: BlindRSAPrivateKey, variant: BlindRSA.Variant
    ) throws -> (prepared: [UInt8], signature: [UInt8]) {
        let pk = key.publicKey
        let prepared = try pk.prepare(message, variant: variant)
        let (blinded, inverse) = try pk.blind(prepared, variant: variant)
        let blindSignature = try key.blindSign(blinded)
        let signature = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
        return (prepared, signature)
    }
}

@Suite struct BlindRSARoundTripTests {
    @Test(arguments: BlindRSA.Variant.allCases)
    func roundTrip2048(_ variant: BlindRSA.Variant) throws {
        let key = try BlindRSAKeys.key2048.get()
        let pk = key.publicKey
        #expect(pk.modulusBits == 2048 && pk.modulusLength == 256)
        let message = Array("ballot credential".utf8)

        let prepared = try pk.prepare(message, variant: variant)
        #expect(prepared.count == message.count + (variant.isRandomized ? 32 : 0))
        #expect(Array(prepared.suffix(message.count)) == message)

        let (blinded, inverse) = try pk.blind(prepared, variant: variant)
        #expect(blinded.count == 256)
        #expect(inverse.bytes.count == 256)
        let blindSignature = try key.blindSign(blinded)
        #expect(blindSignature.count == 256)
        let signature = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
        #expect(signature.count == 256)
        #expect(signature != blindSignature)
        try pk.verify(signature, preparedMessage: prepared, variant: variant)
    }

    @Test func roundTrip3072TokenMessage() throws {
        let key = try BlindRSAKeys.key3072.get()
        #expect(key.publicKey.modulusBits == BlindRSA.defaultModulusBits)
        let credential = [UInt8](repeating: 0xab, count: 32)
        let message = try BlindRSA.tokenMessage(electionID: "e-2026", districtID: "d-07", credentialPublicKey: credential)
        let (prepared, signature) = try BlindRSAKeys.issue(message, key: key, variant: .sha384PSSRandomized)
        #expect(signature.count == 384)
        try key.publicKey.verify(signature, preparedMessage: prepared, variant: .sha384PSSRandomized)
        // The verifier rebuilds the prepared message from msg_prefix and the token fields.
        let rebuilt = Array(prepared.prefix(32)) + (try BlindRSA.tokenMessage(electionID: "e-2026", districtID: "d-07", credentialPublicKey: credential))
        try key.publicKey.verify(signature, preparedMessage: rebuilt, variant: .sha384PSSRandomized)
    }

    @Test func randomizedPrepareAndBlindAreFresh() throws {
        let pk = try BlindRSAKeys.key2048.get().publicKey
        let message = Array("m".utf8)
        let first = try pk.prepare(message, variant: .sha384PSSRandomized)
        let second = try pk.prepare(message, variant: .sha384PSSRandomized)
        #expect(first != second)
        #expect(try pk.prepare(message, variant: .sha384PSSDeterministic) == message)
        let blindA = try pk.blind(first, variant: .sha384PSSZeroDeterministic)
        let blindB = try pk.blind(first, variant: .sha384PSSZeroDeterministic)
        #expect(blindA.blindedMessage != blindB.blindedMessage)
        #expect(blindA.inverse != blindB.inverse)
    }

    @Test func pssZeroDeterministicSignatureIsUnique() throws {
        let key = try BlindRSAKeys.key2048.get()
        let message = Array("same message".utf8)
        let one = try BlindRSAKeys.issue(message, key: key, variant: .sha384PSSZeroDeterministic)
        let two = try BlindRSAKeys.issue(message, key: key, variant: .sha384PSSZeroDeterministic)
        #expect(one.signature == two.signature)
        let three = try BlindRSAKeys.issue(message, key: key, variant: .sha384PSSDeterministic)
        let four = try BlindRSAKeys.issue(message, key: key, variant: .sha384PSSDeterministic)
        #expect(three.signature != four.signature) // random 48-byte salt
    }

    @Test func keysAreUsableConcurrently() async throws {
        let key = try BlindRSAKeys.key2048.get()
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let (prepared, signature) = try BlindRSAKeys.issue([UInt8(index)], key: key, variant: .sha384PSSRandomized)
                    try key.publicKey.verify(signature, preparedMessage: prepared, variant: .sha384PSSRandomized)
                    return true
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == [Bool](repeating: true, count: 8))
    }

    @Test func derAndPEMRoundTrip() throws {
        let key = try BlindRSAKeys.key2048.get()
        let pk = key.publicKey

        let pkFromDER = try BlindRSAPublicKey(spkiDER: pk.spkiDER)
        #expect(pkFromDER == pk)
        #expect(pkFromDER.spkiDER == pk.spkiDER)
        let pkFromPEM = try BlindRSAPublicKey(pem: pk.pemRepresentation)
        #expect(pkFromPEM == pk)
        #expect(pk.pemRepresentation.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(pk.pemRepresentation.hasSuffix("\n-----END PUBLIC KEY-----\n"))
        #expect(pk.pemRepresentation.split(separator: "\n").allSatisfy { $0.count <= 64 })
        // CRLF line ends are accepted too.
        #expect(try BlindRSAPublicKey(pem: pk.pemRepresentation.replacingOccurrences(of: "\n", with: "\r\n")) == pk)

        let skFromDER = try BlindRSAPrivateKey(pkcs8DER: key.pkcs8DER)
        #expect(try skFromDER.pkcs8DER == key.pkcs8DER)
        #expect(skFromDER.publicKey == pk)
        let skFromPEM = try BlindRSAPrivateKey(pem: key.pemRepresentation)
        #expect(try skFromPEM.pkcs8DER == key.pkcs8DER)
        #expect(try key.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))

        // A re-imported private key issues tokens that the original public key accepts.
        let (prepared, signature) = try BlindRSAKeys.issue(Array("x".utf8), key: skFromPEM, variant: .sha384PSSRandomized)
        try pk.verify(signature, preparedMessage: prepared, variant: .sha384PSSRandomized)
    }

    @Test func spkiUsesRSAEncryptionOID() throws {
        let pk = try BlindRSAKeys.key2048.get().publicKey
        // AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
        let rsaEncryption: [UInt8] = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]
        #expect(Array(pk.spkiDER[4..<19]) == rsaEncryption)
        let sk = try BlindRSAKeys.key2048.get()
        #expect(try Array(sk.pkcs8DER[7..<22]) == rsaEncryption)
    }

    @Test func keysBelow2048BitsAreRefused() throws {
        let generated = #expect(throws: CryptoError.self) { try BlindRSAPrivateKey.generate(bits: 1024) }
        #expect(generated?.code == .keyTooSmall)

        let small = try RSAKey.generate(bits: 1024, publicExponent: 65537)
        let publicImport = #expect(throws: CryptoError.self) { try BlindRSAPublicKey(spkiDER: small.spkiDER()) }
        #expect(publicImport?.code == .keyTooSmall)
        let privateImport = #expect(throws: CryptoError.self) { try BlindRSAPrivateKey(pkcs8DER: small.pkcs8DER()) }
        #expect(privateImport?.code == .keyTooSmall)
        let pemImport = #expect(throws: CryptoError.self) {
            try BlindRSAPublicKey(pem: BlindRSA.pemEncode(small.spkiDER(), label: "PUBLIC KEY"))
        }
        #expect(pemImport?.code == .keyTooSmall)
    }

    @Test func exponentOtherThan65537IsRefused() throws {
        let key = try RSAKey.generate(bits: 2048, publicExponent: 3)
        let publicImport = #expect(throws: CryptoError.self) { try BlindRSAPublicKey(spkiDER: key.spkiDER()) }
        #expect(publicImport?.code == .invalidKey)
        let privateImport = #expect(throws: CryptoError.self) { try BlindRSAPrivateKey(pkcs8DER: key.pkcs8DER()) }
        #expect(privateImport?.code == .invalidKey)
    }

    @Test func tokenMessageEncoding() throws {
        let credential = [UInt8](0..<32)
        let message = try BlindRSA.tokenMessage(electionID: "E1", districtID: "Dé", credentialPublicKey: credential)
        var expected: [UInt8] = [0, 0, 0, 13] + Array("urna/v1/token".utf8)
        expected += [0, 0, 0, 2] + Array("E1".utf8)
        expected += [0, 0, 0, 3, 0x44, 0xc3, 0xa9]
        expected += [0, 0, 0, 32] + credential
        #expect(message == expected)
        #expect(message == DomainHash.encode(tag: "urna/v1/token", [Array("E1".utf8), Array("Dé".utf8), credential]))
        let error = #expect(throws: CryptoError.self) {
            try BlindRSA.tokenMessage(electionID: "E1", districtID: "D", credentialPublicKey: Array(credential.prefix(31)))
        }
        #expect(error?.code == .invalidParameter)
    }

    @Test func variantParameters() {
        #expect(BlindRSA.Variant.sha384PSSRandomized.name == "RSABSSA-SHA384-PSS-Randomized")
        #expect(BlindRSA.Variant.sha384PSSRandomized.saltLength == 48)
        #expect(BlindRSA.Variant.sha384PSSRandomized.isRandomized)
        #expect(BlindRSA.Variant.sha384PSSZeroRandomized.saltLength == 0)
        #expect(BlindRSA.Variant.sha384PSSZeroRandomized.isRandomized)
        #expect(BlindRSA.Variant.sha384PSSDeterministic.saltLength == 48)
        #expect(!BlindRSA.Variant.sha384PSSDeterministic.isRandomized)
        #expect(BlindRSA.Variant.sha384PSSZeroDeterministic.saltLength == 0)
        #expect(!BlindRSA.Variant.sha384PSSZeroDeterministic.isRandomized)
    }
}
