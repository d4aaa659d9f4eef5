import Foundation
import Testing
import UrnaCrypto

private func loadVectors<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources"))
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

private struct HMACVectors: Decodable {
    struct Case: Decodable { let name, key, data, hmacSha256: String }
    let cases: [Case]
}

private struct HKDFVectors: Decodable {
    struct Case: Decodable {
        let name, ikm, salt, info, prk, okm: String
        let length: Int
    }
    let cases: [Case]
}

private struct GCMVectors: Decodable {
    struct Case: Decodable { let name, key, nonce, plaintext, aad, ciphertext, tag: String }
    let cases: [Case]
}

private func code(_ body: () throws -> Void) -> CryptoError.Code? {
    do {
        try body()
        return nil
    } catch let error as CryptoError {
        return error.code
    } catch {
        return CryptoError.Code(rawValue: "unexpected \(error)")
    }
}

@Suite struct SymmetricTests {
    // MARK: HMAC-SHA256

    @Test func hmacRFC4231() throws {
        let vectors = try loadVectors("rfc4231_hmac_sha256", as: HMACVectors.self)
        #expect(vectors.cases.map(\.name) == ["Test Case 1", "Test Case 2", "Test Case 3", "Test Case 4", "Test Case 6", "Test Case 7"])
        for vector in vectors.cases {
            let key = try Hex.decode(vector.key)
            let data = try Hex.decode(vector.data)
            let tag = try HMACSHA256.authenticate(key: key, message: data)
            #expect(tag.hex == vector.hmacSha256, "\(vector.name)")
            #expect(HMACSHA256.isValid(try Hex.decode(vector.hmacSha256), key: key, message: data))
        }
    }

    @Test func hmacRejectsWrongTagKeyOrMessage() throws {
        let key = [UInt8](repeating: 7, count: 32)
        let message = Array("issuance batch 3".utf8)
        let tag = try HMACSHA256.authenticate(key: key, message: message)
        var flipped = tag
        flipped[31] ^= 1
        #expect(!HMACSHA256.isValid(flipped, key: key, message: message))
        #expect(!HMACSHA256.isValid(Array(tag.prefix(16)), key: key, message: message))
        #expect(!HMACSHA256.isValid(tag + [0], key: key, message: message))
        var otherKey = key
        otherKey[5] ^= 1
        #expect(!HMACSHA256.isValid(tag, key: otherKey, message: message))
        #expect(!HMACSHA256.isValid(tag, key: key + [1], message: message))
        #expect(!HMACSHA256.isValid(tag, key: key, message: message + [0]))
        // RFC 2104 §2 pads short keys with zeros, so appending zero bytes to a key (up to
        // the 64-byte block) does not change the tag; callers must use fixed-length keys.
        #expect(HMACSHA256.isValid(tag, key: key + [0], message: message))
        #expect(try HMACSHA256.authenticate(key: [], message: message) == HMACSHA256.authenticate(key: [0], message: message))
        #expect(try HMACSHA256.authenticate(key: [], message: []).hex
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTimeComparison.equals([1, 2, 3], [1, 2, 3]))
        #expect(ConstantTimeComparison.equals([], []))
        #expect(!ConstantTimeComparison.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTimeComparison.equals([1, 2, 3], [1, 2]))
    }

    // MARK: HKDF-SHA256

    @Test func hkdfRFC5869() throws {
        let vectors = try loadVectors("rfc5869_hkdf_sha256", as: HKDFVectors.self)
        #expect(vectors.cases.map(\.name) == ["A.1", "A.2", "A.3"])
        for vector in vectors.cases {
            let ikm = try Hex.decode(vector.ikm)
            let salt = try Hex.decode(vector.salt)
            let okm = try HKDFSHA256.deriveKey(
                inputKeyMaterial: ikm, salt: salt, info: Hex.decode(vector.info), outputByteCount: vector.length)
            #expect(okm.hex == vector.okm, "\(vector.name)")
            // The PRK of the vector is HMAC-SHA256(salt, IKM) (RFC 5869 §2.2); an empty
            // salt stands for 32 zero bytes.
            let prk = try HMACSHA256.authenticate(key: salt.isEmpty ? [UInt8](repeating: 0, count: 32) : salt, message: ikm)
            #expect(prk.hex == vector.prk, "\(vector.name) PRK")
        }
    }

    @Test func hkdfLengthsAndSeparation() throws {
        let ikm = [UInt8](repeating: 0x42, count: 32)
        let long = try HKDFSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: Array("a".utf8), outputByteCount: 8160)
        #expect(long.count == 8160)
        let short = try HKDFSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: Array("a".utf8), outputByteCount: 1)
        #expect(short == Array(long.prefix(1)))
        let otherInfo = try HKDFSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: Array("b".utf8), outputByteCount: 32)
        #expect(otherInfo != Array(long.prefix(32)))
        for bad in [0, -1, 8161] {
            #expect(code { _ = try HKDFSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: [], outputByteCount: bad) } == .invalidParameter)
        }
        #expect(code {
            _ = try HKDFSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: [UInt8](repeating: 0, count: 1025), outputByteCount: 32)
        } == .invalidParameter)
        #expect(try HKDFSHA256.deriveKey(inputKeyMaterial: ikm, salt: [], info: [UInt8](repeating: 0, count: 1024), outputByteCount: 32).count == 32)
    }

    // MARK: AES-256-GCM

    @Test func gcmKnownAnswers() throws {
        let vectors = try loadVectors("gcm_aes256", as: GCMVectors.self)
        #expect(vectors.cases.count == 4)
        for vector in vectors.cases {
            let key = try Hex.decode(vector.key)
            let aad = try Hex.decode(vector.aad)
            let box = try AES256GCM.seal(Hex.decode(vector.plaintext), key: key, nonce: Hex.decode(vector.nonce), authenticating: aad)
            #expect(box.ciphertext.hex == vector.ciphertext, "\(vector.name) ciphertext")
            #expect(box.tag.hex == vector.tag, "\(vector.name) tag")
            #expect(box.combined.hex == vector.nonce + vector.ciphertext + vector.tag)
            let reopened = try AES256GCM.open(AES256GCM.SealedBox(combined: box.combined), key: key, authenticating: aad)
            #expect(reopened.hex == vector.plaintext)
        }
    }

    @Test func gcmRejectsTamperingWrongKeyAndWrongAAD() throws {
        let key = [UInt8](repeating: 0x11, count: 32)
        let aad = Array("trustee 2 -> trustee 3".utf8)
        let box = try AES256GCM.seal(Array("share s_23".utf8), key: key, authenticating: aad)
        #expect(box.nonce.count == 12)
        let combined = box.combined
        // Every single-bit change anywhere in nonce, ciphertext or tag is caught.
        for index in combined.indices {
            var tampered = combined
            tampered[index] ^= 0x80
            #expect(code { _ = try AES256GCM.open(AES256GCM.SealedBox(combined: tampered), key: key, authenticating: aad) }
                == .authenticationFailed, "byte \(index)")
        }
        var wrongKey = key
        wrongKey[0] ^= 1
        #expect(code { _ = try AES256GCM.open(box, key: wrongKey, authenticating: aad) } == .authenticationFailed)
        #expect(code { _ = try AES256GCM.open(box, key: key, authenticating: aad + [0]) } == .authenticationFailed)
        #expect(code { _ = try AES256GCM.open(box, key: key) } == .authenticationFailed)
        // A truncated ciphertext (with the original tag) is caught.
        let truncated = try AES256GCM.SealedBox(nonce: box.nonce, ciphertext: Array(box.ciphertext.dropLast()), tag: box.tag)
        #expect(code { _ = try AES256GCM.open(truncated, key: key, authenticating: aad) } == .authenticationFailed)
        #expect(try AES256GCM.open(box, key: key, authenticating: aad) == Array("share s_23".utf8))
    }

    @Test func gcmRejectsBadSizes() throws {
        let key = [UInt8](repeating: 1, count: 32)
        for bad in [0, 16, 24, 31, 33] {
            #expect(code { _ = try AES256GCM.seal([1], key: [UInt8](repeating: 1, count: bad)) } == .invalidParameter)
        }
        for bad in [0, 8, 11, 13, 16] {
            #expect(code { _ = try AES256GCM.seal([1], key: key, nonce: [UInt8](repeating: 0, count: bad)) } == .invalidParameter)
        }
        #expect(code { _ = try AES256GCM.SealedBox(combined: [UInt8](repeating: 0, count: 27)) } == .invalidEncoding)
        #expect(try AES256GCM.SealedBox(combined: [UInt8](repeating: 0, count: 28)).ciphertext.isEmpty)
        #expect(code { _ = try AES256GCM.SealedBox(nonce: [0], ciphertext: [], tag: [UInt8](repeating: 0, count: 16)) } == .invalidEncoding)
        #expect(code { _ = try AES256GCM.SealedBox(nonce: [UInt8](repeating: 0, count: 12), ciphertext: [], tag: [0]) } == .invalidEncoding)
        let box = try AES256GCM.seal([1, 2], key: key)
        #expect(code { _ = try AES256GCM.open(box, key: Array(key.dropLast())) } == .invalidParameter)
    }

    @Test func gcmRandomNoncesDiffer() throws {
        let key = [UInt8](repeating: 9, count: 32)
        let first = try AES256GCM.seal([1, 2, 3], key: key)
        let second = try AES256GCM.seal([1, 2, 3], key: key)
        #expect(first.nonce != second.nonce)
        #expect(first.ciphertext != second.ciphertext)
        let empty = try AES256GCM.seal([], key: key)
        #expect(try AES256GCM.open(empty, key: key).isEmpty)
    }
}
