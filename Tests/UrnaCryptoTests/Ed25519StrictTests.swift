import Testing
import UrnaCrypto

/// The strict Ed25519 rules of `Specs/signatures.md` §1.1 (review finding 11).
@Suite struct Ed25519StrictTests {
    static func bytes(_ hex: String) -> [UInt8] { (try? Hex.decode(hex)) ?? [] }

    /// The canonical encodings of the eight points of small order.
    static let smallOrder: [String] = [
        "0100000000000000000000000000000000000000000000000000000000000000", // identity, order 1
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // (0, −1), order 2
        "0000000000000000000000000000000000000000000000000000000000000000", // (√−1, 0), order 4
        "0000000000000000000000000000000000000000000000000000000000000080", // (−√−1, 0), order 4
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
    ]

    /// Non-canonical encodings: x = 0 with the sign bit set, and y ≥ p (here y = p, p + 1,
    /// p + 2 and 2^255 − 1), with either sign bit.
    static let nonCanonical: [String] = [
        "0100000000000000000000000000000000000000000000000000000000000080", // identity, sign set
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // order 2, sign set
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p (≡ 0)
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1 (≡ 1)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 2
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = 2^255 − 1
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    ]

    /// L, little-endian.
    static let groupOrder = bytes("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")

    /// RFC 8032 §7.1 TEST 1 and TEST 2.
    static let vectors: [(publicKey: String, message: String, signature: String)] = [
        ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ]

    /// Little-endian 256-bit addition (no overflow for the values used here).
    static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var carry = 0
        return (0..<32).map { index in
            let sum = Int(a[index]) + Int(b[index]) + carry
            carry = sum >> 8
            return UInt8(sum & 0xff)
        }
    }

    @Test(arguments: smallOrder)
    func smallOrderPublicKeyIsRefused(_ hex: String) throws {
        let error = try #require(throws: CryptoError.self) { try Ed25519PublicKey(rawRepresentation: Self.bytes(hex)) }
        #expect(error.code == .invalidKey)
        #expect(error.reason.contains("small order"), "\(error)")
    }

    @Test(arguments: nonCanonical)
    func nonCanonicalPublicKeyIsRefused(_ hex: String) throws {
        let error = try #require(throws: CryptoError.self) { try Ed25519PublicKey(rawRepresentation: Self.bytes(hex)) }
        #expect(error.code == .invalidKey)
    }

    @Test func offCurvePublicKeyIsRefused() throws {
        // y = 2: (y² − 1)/(d·y² + 1) is not a square mod p (RFC 8032 §5.1.3 step 3).
        let error = try #require(throws: CryptoError.self) {
            try Ed25519PublicKey(rawRepresentation: [2] + [UInt8](repeating: 0, count: 31))
        }
        #expect(error.code == .invalidKey)
        #expect(error.reason.contains("not a point"), "\(error)")
    }

    @Test func curveMembershipMatchesAnIndependentComputation() throws {
        // y = 2…40 (x sign 0) that are curve points, computed with Python's integers
        // ((y² − 1)/(d·y² + 1) a square mod p by Euler's criterion).
        let onCurve: Set<UInt8> = [3, 4, 5, 6, 9, 10, 14, 15, 16, 18, 19, 21, 23, 24, 25, 26, 27, 28, 29, 30, 32, 33, 35, 37, 39, 40]
        for y in UInt8(2)...40 {
            for sign: UInt8 in [0x00, 0x80] {
                let encoding = [y] + [UInt8](repeating: 0, count: 30) + [sign]
                let accepted = (try? Ed25519PublicKey(rawRepresentation: encoding)) != nil
                #expect(accepted == onCurve.contains(y), "y = \(y), sign \(sign >> 7)")
            }
        }
    }

    @Test func identityWithNullSignatureIsRefused() throws {
        // A = O, R = O, S = 0 satisfies [S]B = R + [k]A for every message; OpenSSL accepts it.
        #expect(throws: CryptoError.self) { try Ed25519PublicKey(rawRepresentation: Self.bytes(Self.smallOrder[0])) }
        // The same (R = O, S = 0) under a real key is refused before the equation.
        let key = try Ed25519PrivateKey().publicKey
        let nullSignature = Self.bytes(Self.smallOrder[0]) + [UInt8](repeating: 0, count: 32)
        #expect(!key.isValidSignature(nullSignature, for: Array("any ballot".utf8)))
        let error = try #require(throws: CryptoError.self) { try key.verify(signature: nullSignature, for: [1]) }
        #expect(error.code == .signatureInvalid)
        #expect(error.reason.contains("R is a point of small order"), "\(error)")
    }

    @Test func smallOrderOrNonCanonicalRIsRefused() throws {
        let signer = try Ed25519PrivateKey()
        let message = Array("cast".utf8)
        let good = try signer.signature(for: message)
        #expect(signer.publicKey.isValidSignature(good, for: message))
        for hex in Self.smallOrder + Self.nonCanonical {
            let forged = Self.bytes(hex) + good[32..<64]
            #expect(!signer.publicKey.isValidSignature(forged, for: message), "R = \(hex)")
            #expect(throws: CryptoError.self) { try signer.publicKey.verify(signature: forged, for: message) }
        }
    }

    @Test func sAtLeastLIsRefused() throws {
        let vector = Self.vectors[0]
        let publicKey = try Ed25519PublicKey(rawRepresentation: Self.bytes(vector.publicKey))
        let signature = Self.bytes(vector.signature)
        let r = Array(signature[0..<32]), s = Array(signature[32..<64])
        let allOnes = [UInt8](repeating: 0xff, count: 32)
        for badS in [Self.groupOrder, Self.add(Self.groupOrder, s), Self.add(Self.groupOrder, [1] + [UInt8](repeating: 0, count: 31)), allOnes] {
            #expect(!publicKey.isValidSignature(r + badS, for: []))
            let error = try #require(throws: CryptoError.self) { try publicKey.verify(signature: r + badS, for: []) }
            #expect(error.reason.contains("S is not below"), "\(error)")
        }
        // L − 1 passes the range rule (and then fails the equation).
        var lMinusOne = Self.groupOrder
        lMinusOne[0] -= 1
        let error = try #require(throws: CryptoError.self) { try publicKey.verify(signature: r + lMinusOne, for: []) }
        #expect(error.reason.contains("does not verify"), "\(error)")
        #expect(publicKey.isValidSignature(signature, for: []))
    }

    @Test func rfc8032VectorsStillVerify() throws {
        for vector in Self.vectors {
            let publicKey = try Ed25519PublicKey(rawRepresentation: Self.bytes(vector.publicKey))
            try publicKey.verify(signature: Self.bytes(vector.signature), for: Self.bytes(vector.message))
        }
        // Generated keys always pass the strict rules.
        for _ in 0..<32 {
            let key = try Ed25519PrivateKey()
            let copy = try Ed25519PublicKey(rawRepresentation: key.publicKey.rawRepresentation)
            try copy.verify(signature: key.signature(for: [7]), for: [7])
        }
    }
}
