import Foundation
import Testing
import UrnaCrypto

/// Known-answer vectors shared with the browser implementation (`Sources/UrnaWeb/Assets/js`, run by
/// `Tools/web-kat/run.py`). Every value is computed here by the Swift code from fixed inputs (no
/// randomness: nonces are SHA-256 of fixed strings, reduced mod q) and must equal
/// `Resources/web_kat.json` byte for byte. To regenerate after a deliberate change:
/// `URNA_WRITE_WEB_KAT=/abs/path/web_kat.json swift test --filter WebKATTests`.
@Suite struct WebKATTests {
    static func fixed(_ label: String) -> Scalar {
        Scalar(reducing: SHA256.hash(Array("urna web kat \(label)".utf8)))
    }

    static func hashVectors() -> [[String: Any]] {
        let cases: [(String, [[UInt8]])] = [
            ("urna/v1/t", [[1, 2], []]),
            ("urna/v1/proof-context", []),
            ("urna/v1/range", [Array("é ünïcödé".utf8), DomainHash.uint32(7), DomainHash.uint64(1 << 40)]),
            ("urna/v1/schnorr", [Array(repeating: 0xff, count: 300)]),
        ]
        return cases.map { tag, parts in
            let digest = DomainHash.hash(tag: tag, parts)
            return [
                "tag": tag, "parts": parts.map(\.hex),
                "encoded": DomainHash.encode(tag: tag, parts).hex,
                "hash": digest.hex, "challenge": Scalar(reducing: digest).hex,
            ]
        }
    }

    static func contextVectors() -> [[String: Any]] {
        let contexts: [[[UInt8]]] = [
            [SHA256.hash(Array("election".utf8)), Array("district-1".utf8), Array("mayor".utf8),
             Array("alice".utf8), Array(repeating: 0x42, count: 32)],
            [SHA256.hash(Array("election".utf8)), Array("district-1".utf8), Array("mayor".utf8), [],
             Array(repeating: 0x42, count: 32)],
        ]
        return contexts.map { ["parts": $0.map(\.hex), "digest": ProofContext($0).digest.hex] }
    }

    static func elgamalVectors(publicKey: Point) throws -> [[String: Any]] {
        try [0, 1, 2, 5, 64].enumerated().map { index, message in
            let nonce = fixed("nonce \(index)")
            let ciphertext = try ElGamalCiphertext.encrypt(message, nonce: nonce, publicKey: publicKey)
            return ["m": message, "r": nonce.hex, "a": ciphertext.a.hex, "b": ciphertext.b.hex]
        }
    }

    /// Builds a range proof as `RangeProof.prove` does, with the nonces fixed, then checks it with the
    /// real verifier.
    static func rangeVector(
        index: String, message: Int, range: ClosedRange<Int>, publicKey: Point, context: ProofContext,
        nonce: Scalar? = nil
    ) throws -> [String: Any] {
        let nonce = nonce ?? fixed("proof nonce \(index)")
        let ciphertext = try ElGamalCiphertext.encrypt(message, nonce: nonce, publicKey: publicKey)
        let u = fixed("proof \(index) u")
        var commitments: [(Point, Point)] = []
        var simulated: [Int: (Scalar, Scalar)] = [:]
        var simulatedJSON: [String: Any] = [:]
        for ell in range {
            if ell == message {
                commitments.append((try Point.base(u), try publicKey.multiplied(by: u)))
            } else {
                let c = fixed("proof \(index) c \(ell)"), v = fixed("proof \(index) v \(ell)")
                simulated[ell] = (c, v)
                simulatedJSON[String(ell)] = ["c": c.hex, "v": v.hex]
                commitments.append((
                    try Point.linearCombination(generatorScalar: v, [(-c, ciphertext.a)]),
                    try Point.linearCombination(
                        generatorScalar: c * Scalar(UInt64(ell)), [(v, publicKey), (-c, ciphertext.b)])))
            }
        }
        var parts: [[UInt8]] = [publicKey.bytes, ciphertext.a.bytes, ciphertext.b.bytes,
                                DomainHash.uint32(UInt32(range.lowerBound)), DomainHash.uint32(UInt32(range.upperBound))]
        for (a, b) in commitments { parts.append(a.bytes); parts.append(b.bytes) }
        let total = Challenge.derive(tag: RangeProof.tag, context: context, parts)
        let real = simulated.values.reduce(total) { $0 - $1.0 }
        let branches = zip(range, commitments).map { ell, commitment in
            let (c, v) = simulated[ell] ?? (real, u + real * nonce)
            return RangeProof.Branch(a: commitment.0, b: commitment.1, challenge: c, response: v)
        }
        let proof = RangeProof(min: range.lowerBound, branches: branches)
        try proof.verify(ciphertext: ciphertext, range: range, publicKey: publicKey, context: context)
        return [
            "m": message, "r": nonce.hex, "min": range.lowerBound, "max": range.upperBound,
            "context": context.parts.map(\.hex), "u": u.hex, "simulated": simulatedJSON,
            "ciphertext": ["a": ciphertext.a.hex, "b": ciphertext.b.hex],
            "challenge": total.hex,
            "branches": branches.map {
                ["a": $0.a.hex, "b": $0.b.hex, "challenge": $0.challenge.hex, "response": $0.response.hex]
            },
        ]
    }

    /// Encodings the Swift decoder refuses (`invalid_points`) or accepts (`valid_points`), checked on
    /// both sides; built from the generator's encoding.
    static func encodingVectors() throws -> (invalid: [String], valid: [String]) {
        let g = try Point.generator().hex
        let zeros = String(repeating: "0", count: 64)
        let p = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
        let invalid = ["00", String(g.prefix(64)), g + "00", "04" + g.dropFirst(2), "06" + g.dropFirst(2),
                       "02" + p, "02" + String(zeros.dropLast()) + "1", "03" + String(zeros.dropLast()) + "7", ""]
        let valid = ["02" + zeros, "03" + zeros, "02" + g.dropFirst(2), "03" + g.dropFirst(2)]
        for text in invalid {
            #expect(throws: CryptoError.self, "\(text) must be refused") { try Point(hex: text) }
        }
        for text in valid { #expect(try Point(hex: text).hex == text) }
        return (invalid, valid)
    }

    /// One contest as a ballot carries it (`election-record.md` §5.4): a 0/1 proof per selection under
    /// `[election hash, district, contest, candidate, credential]`, and a sum proof for `[0, 2]` over the
    /// homomorphic sum (nonce Σr) under `[election hash, district, contest, ε, credential]`.
    static func contestVector(publicKey: Point) throws -> [String: Any] {
        let electionHash = SHA256.hash(Array("election".utf8)), credential = [UInt8](repeating: 0x42, count: 32)
        let district = Array("district-1".utf8), contest = Array("council".utf8)
        let choices = [1, 0, 1, 0]
        var selections: [[String: Any]] = []
        var ciphertexts: [ElGamalCiphertext] = []
        var nonceSum = Scalar.zero
        for (index, choice) in choices.enumerated() {
            let nonce = fixed("contest nonce \(index)")
            nonceSum += nonce
            ciphertexts.append(try ElGamalCiphertext.encrypt(choice, nonce: nonce, publicKey: publicKey))
            let context = ProofContext([electionHash, district, contest, Array("candidate-\(index)".utf8), credential])
            selections.append(try rangeVector(index: "contest \(index)", message: choice, range: 0...1,
                                              publicKey: publicKey, context: context, nonce: nonce))
        }
        let sumContext = ProofContext([electionHash, district, contest, [], credential])
        let sum = try rangeVector(index: "contest sum", message: 2, range: 0...2, publicKey: publicKey,
                                  context: sumContext, nonce: nonceSum)
        let total = try ElGamalCiphertext.sum(ciphertexts)
        #expect(sum["ciphertext"] as? [String: String] == ["a": total.a.hex, "b": total.b.hex])
        return ["selections": selections, "sum": sum]
    }

    static func tokenMessageVectors() throws -> [[String: Any]] {
        try [("election-2026", "district-1"), ("é", "")].map { election, district in
            let cpk = SHA256.hash(Array("credential \(election)".utf8))
            return ["election": election, "district": district, "credential": cpk.hex,
                    "message": try BlindRSA.tokenMessage(electionID: election, districtID: district,
                                                         credentialPublicKey: cpk).hex]
        }
    }

    /// DER by hand (tests only), to build one canonical SPKI and its near-misses.
    static func der(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] {
        let n = body.count
        let length: [UInt8] = n < 0x80 ? [UInt8(n)] : n < 0x100 ? [0x81, UInt8(n)] : [0x82, UInt8(n >> 8), UInt8(n & 0xff)]
        return [tag] + length + body
    }

    static func spki(modulus: [UInt8], exponent: [UInt8], oid: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
                     padModulus: Bool = false) -> [UInt8] {
        let minimal = (modulus.first ?? 0) >= 0x80 ? [0] + modulus : modulus
        let n = padModulus ? [0] + minimal : minimal
        let rsaKey = der(0x30, der(0x02, n) + der(0x02, exponent))
        return der(0x30, der(0x30, der(0x06, oid) + [0x05, 0x00]) + der(0x03, [0] + rsaKey))
    }

    /// Token keys as the `election` entry carries them (base64 SPKI DER, `election-record.md` §4.1),
    /// built from the RFC 9474 vector's modulus; Swift accepts the first and refuses the others.
    static func tokenKeyVectors() throws -> [String: Any] {
        let rsa = try TestResources.json("rfc9474_rsabssa").objects("vectors")[0]
        let modulus = try Hex.decode(rsa.string("n")), e: [UInt8] = [1, 0, 1]
        let good = spki(modulus: modulus, exponent: e)
        let key = try BlindRSAPublicKey(spkiDER: good)
        #expect(key.spkiDER == good && key.modulusBits == 4096)
        let bad: [(String, [UInt8])] = [
            ("exponent 3", spki(modulus: modulus, exponent: [3])),
            ("id-RSASSA-PSS identifier", spki(modulus: modulus, exponent: e, oid: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a])),
            ("trailing byte", good + [0]),
            ("modulus with a needless leading zero", spki(modulus: modulus, exponent: e, padModulus: true)),
            ("even modulus", spki(modulus: Array(modulus.dropLast()) + [modulus[modulus.count - 1] & 0xfe], exponent: e)),
            ("1024-bit modulus", spki(modulus: Array(modulus.prefix(128)), exponent: e)),
        ]
        for (why, bytes) in bad {
            #expect(throws: CryptoError.self, "\(why) must be refused") { try BlindRSAPublicKey(spkiDER: bytes) }
        }
        return [
            "valid": [["spki": Data(good).base64EncodedString(), "n": modulus.hex, "e": "010001"]],
            "invalid": bad.map { ["why": $0.0, "spki": Data($0.1).base64EncodedString()] },
        ]
    }

    static func vectors() throws -> [String: Any] {
        let encodings = try encodingVectors()
        let secret = fixed("election secret")
        let publicKey = try Point.base(secret)
        let context = ProofContext([SHA256.hash(Array("election".utf8)), Array("district-1".utf8),
                                    Array("mayor".utf8), Array("alice".utf8), Array(repeating: 0x42, count: 32)])
        let proofs = try [(0, 0...1), (1, 0...1), (2, 1...3), (0, 0...0)].enumerated().map { index, item in
            try rangeVector(index: String(index), message: item.0, range: item.1, publicKey: publicKey, context: context)
        }
        return [
            "title": "Urna web known-answer vectors (generated and checked by WebKATTests.swift)",
            "election_secret": secret.hex, "public_key": publicKey.hex,
            "invalid_points": encodings.invalid, "valid_points": encodings.valid,
            "hash": hashVectors(), "proof_context": contextVectors(),
            "elgamal": try elgamalVectors(publicKey: publicKey), "range_proofs": proofs,
            "contest": try contestVector(publicKey: publicKey), "token_messages": try tokenMessageVectors(),
            "token_keys": try tokenKeyVectors(),
        ]
    }

    static func canonical(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    @Test func vectorsMatchTheResourceFile() throws {
        let computed = try Self.canonical(Self.vectors())
        if let path = ProcessInfo.processInfo.environment["URNA_WRITE_WEB_KAT"] {
            try computed.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        let stored = try Self.canonical(TestResources.json("web_kat"))
        let same = computed == stored
        #expect(same, "web_kat.json differs from what the Swift code computes; regenerate it (see the suite comment)")
    }

    @Test func storedProofsVerifyAndTamperedOnesFail() throws {
        let file = try TestResources.json("web_kat")
        let publicKey = try Point(hex: file.string("public_key"))
        let contest = try file.object("contest")
        let all = try file.objects("range_proofs") + contest.objects("selections") + [contest.object("sum")]
        #expect(all.count == 9)
        for vector in all {
            let min = try #require(vector["min"] as? Int), max = try #require(vector["max"] as? Int)
            let parts = try #require(vector["context"] as? [String]).map { try Hex.decode($0) }
            let cipher = try vector.object("ciphertext")
            let ciphertext = ElGamalCiphertext(a: try Point(hex: cipher.string("a")), b: try Point(hex: cipher.string("b")))
            let branches = try vector.objects("branches").map {
                RangeProof.Branch(a: try Point(hex: $0.string("a")), b: try Point(hex: $0.string("b")),
                                  challenge: try Scalar(hex: $0.string("challenge")),
                                  response: try Scalar(hex: $0.string("response")))
            }
            let proof = RangeProof(min: min, branches: branches)
            try proof.verify(ciphertext: ciphertext, range: min...max, publicKey: publicKey, context: ProofContext(parts))
            var forged = branches
            forged[0] = RangeProof.Branch(a: branches[0].a, b: branches[0].b, challenge: branches[0].challenge,
                                          response: branches[0].response + Scalar(1))
            expectRejected(.proofInvalid) {
                try RangeProof(min: min, branches: forged)
                    .verify(ciphertext: ciphertext, range: min...max, publicKey: publicKey, context: ProofContext(parts))
            }
            expectRejected(.challengeMismatch) {
                try proof.verify(ciphertext: ciphertext, range: min...max, publicKey: publicKey,
                                 context: ProofContext(parts.dropLast() + [Array(repeating: 0x43, count: 32)]))
            }
        }
    }
}
