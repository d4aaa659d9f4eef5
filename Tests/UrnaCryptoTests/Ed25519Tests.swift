import Foundation
import Testing
import UrnaCrypto

private struct RFC8032Vectors: Decodable {
    struct Case: Decodable {
        let name: String
        let secretKey: String
        let publicKey: String
        let message: String
        let signature: String
    }
    struct Malleable: Decodable {
        let publicKey: String
        let message: String
        let signature: String
    }
    let cases: [Case]
    let malleable: Malleable

    static func load() throws -> RFC8032Vectors {
        let url = try #require(Bundle.module.url(forResource: "rfc8032_ed25519", withExtension: "json", subdirectory: "Resources"))
        return try JSONDecoder().decode(RFC8032Vectors.self, from: Data(contentsOf: url))
    }
}

@Suite struct Ed25519Tests {
    @Test func rfc8032KnownAnswers() throws {
        let vectors = try RFC8032Vectors.load()
        #expect(vectors.cases.count == 5)
        for vector in vectors.cases {
            let key = try Ed25519PrivateKey(rawRepresentation: Hex.decode(vector.secretKey))
            #expect(key.publicKey.rawRepresentation.hex == vector.publicKey, "\(vector.name): public key")
            let message = try Hex.decode(vector.message)
            let signature = try key.signature(for: message)
            #expect(signature.hex == vector.signature, "\(vector.name): signature")
            let publicKey = try Ed25519PublicKey(rawRepresentation: Hex.decode(vector.publicKey))
            #expect(publicKey.isValidSignature(try Hex.decode(vector.signature), for: message), "\(vector.name): verify")
            try publicKey.verify(signature: signature, for: message)
        }
    }

    @Test func rejectsSignatureWithSAtLeastL() throws {
        let vectors = try RFC8032Vectors.load()
        let publicKey = try Ed25519PublicKey(rawRepresentation: Hex.decode(vectors.malleable.publicKey))
        let signature = try Hex.decode(vectors.malleable.signature)
        #expect(!publicKey.isValidSignature(signature, for: []))
        // The unmodified RFC signature is accepted, so the rejection is about S.
        #expect(publicKey.isValidSignature(try Hex.decode(vectors.cases[0].signature), for: []))
    }

    @Test func roundTripWithGeneratedKey() throws {
        let key = try Ed25519PrivateKey()
        let message = Array("urna ballot bytes".utf8)
        let signature = try key.signature(for: message)
        #expect(signature.count == 64)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        // Deterministic (RFC 8032 §5.1.6): same key, same message, same signature.
        #expect(try key.signature(for: message) == signature)
        // The seed round-trips to the same key.
        let again = try Ed25519PrivateKey(rawRepresentation: key.rawRepresentation)
        #expect(again.publicKey == key.publicKey)
        #expect(try Ed25519PrivateKey().publicKey != key.publicKey)
    }

    @Test func rejectsTamperedSignatureMessageAndWrongKey() throws {
        let key = try Ed25519PrivateKey()
        let message = Array("cast ballot 42".utf8)
        let signature = try key.signature(for: message)
        for index in [0, 31, 32, 63] {
            var tampered = signature
            tampered[index] ^= 0x01
            #expect(!key.publicKey.isValidSignature(tampered, for: message), "flipped signature byte \(index)")
        }
        var otherMessage = message
        otherMessage[0] ^= 0x20
        #expect(!key.publicKey.isValidSignature(signature, for: otherMessage))
        #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
        let otherKey = try Ed25519PrivateKey()
        #expect(!otherKey.publicKey.isValidSignature(signature, for: message))
        let error = try #require(throws: CryptoError.self) {
            try otherKey.publicKey.verify(signature: signature, for: message)
        }
        #expect(error.code == .signatureInvalid)
    }

    @Test func rejectsWrongLengths() throws {
        for count in [0, 31, 33, 64] {
            let privateError = try #require(throws: CryptoError.self) {
                try Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: count))
            }
            #expect(privateError.code == .invalidKey)
            let publicError = try #require(throws: CryptoError.self) {
                try Ed25519PublicKey(rawRepresentation: [UInt8](repeating: 1, count: count))
            }
            #expect(publicError.code == .invalidKey)
        }
        let key = try Ed25519PrivateKey()
        let signature = try key.signature(for: [1, 2, 3])
        for bad in [Array(signature.dropLast()), signature + [0], []] {
            #expect(!key.publicKey.isValidSignature(bad, for: [1, 2, 3]))
            let error = try #require(throws: CryptoError.self) { try key.publicKey.verify(signature: bad, for: [1, 2, 3]) }
            #expect(error.code == .signatureInvalid)
        }
    }

    @Test func offCurvePublicKeyIsRefused() throws {
        // y = 2: (y² − 1)/(d·y² + 1) is not a square mod p, so no point has this encoding
        // (RFC 8032 §5.1.3 step 3 fails). OpenSSL accepts the bytes as a key; Urna refuses
        // them at construction (`Specs/signatures.md` §1.1).
        var bytes = [UInt8](repeating: 0, count: 32)
        bytes[0] = 2
        let error = try #require(throws: CryptoError.self) { try Ed25519PublicKey(rawRepresentation: bytes) }
        #expect(error.code == .invalidKey)
    }

    @Test func publicKeyEqualityIsByBytes() throws {
        let key = try Ed25519PrivateKey()
        let copy = try Ed25519PublicKey(rawRepresentation: key.publicKey.rawRepresentation)
        #expect(copy == key.publicKey)
        #expect(Set([copy, key.publicKey]).count == 1)
    }

    @Test func oneKeyIsUsableFromManyTasks() async throws {
        let key = try Ed25519PrivateKey()
        let publicKey = key.publicKey
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    let signature = try key.signature(for: message)
                    return publicKey.isValidSignature(signature, for: message)
                        && !publicKey.isValidSignature(signature, for: message + [0])
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }
}
