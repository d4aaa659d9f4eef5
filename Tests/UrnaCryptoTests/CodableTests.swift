import Foundation
import Testing
import UrnaCrypto

@Suite struct CodableTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        #expect(try JSONDecoder().decode(T.self, from: data) == value)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func jsonShapesMatchTheSpec() throws {
        let secret = try Scalar.random(), key = try Point.base(secret)
        let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(1, publicKey: key)
        let context = ProofContext(strings: ["e"])
        let ciphertextJSON = try roundTrip(ciphertext)
        #expect(ciphertextJSON == #"{"a":"\#(ciphertext.a.hex)","b":"\#(ciphertext.b.hex)"}"#)
        let range = try RangeProof.prove(ciphertext: ciphertext, value: 1, nonce: nonce, range: 0...1, publicKey: key, context: context)
        #expect(try roundTrip(range).hasPrefix(#"{"branches":[{"a":""#))
        let cp = try ChaumPedersenProof.prove(secret: secret, x: key, y: ciphertext.a, z: ciphertext.a.multiplied(by: secret), context: context)
        #expect(try roundTrip(cp).contains(#""commitment_g":"\#(cp.commitmentG.hex)""#))
        #expect(try roundTrip(SchnorrProof.prove(secret: secret, publicKey: key, context: context)).contains(#""commitment":"#))
        _ = try roundTrip(SecretPolynomial.random(threshold: 3).commitments())
        _ = try roundTrip(EncryptedShare.seal(secret, to: key, context: context))
    }

    @Test func decodingRejectsBadValues() throws {
        let decoder = JSONDecoder()
        #expect(throws: DecodingError.self) { try decoder.decode([Point].self, from: Data(#"["00"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode([Point].self, from: Data(#"["02ff"]"#.utf8)) }
        #expect(throws: DecodingError.self) {
            try decoder.decode([Scalar].self, from: Data(#"["ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"]"#.utf8))
        }
        #expect(throws: DecodingError.self) { try decoder.decode(RangeProof.self, from: Data(#"{"min":0,"branches":[]}"#.utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(FeldmanCommitments.self, from: Data("[]".utf8)) }
    }
}
