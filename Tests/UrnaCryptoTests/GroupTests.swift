import Foundation
import Testing
import UrnaCrypto
import UrnaCryptoBackend

@Suite struct ScalarTests {
    static let q = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"

    @Test func orderIsQ() {
        #expect(Scalar.orderBytes.hex == Self.q)
    }

    @Test func decodingRefusesOutOfRange() throws {
        #expect(throws: CryptoError.self) { try Scalar(hex: Self.q) }
        #expect(throws: CryptoError.self) { try Scalar(hex: String(repeating: "f", count: 64)) }
        #expect(throws: CryptoError.self) { try Scalar(bytes: [1, 2, 3]) }
        #expect(throws: CryptoError.self) { try Scalar(bytes: [UInt8](repeating: 0, count: 33)) }
        let qMinusOne = try Scalar(hex: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550")
        #expect(qMinusOne + .one == .zero)
        #expect(-Scalar.one == qMinusOne)
        #expect(-Scalar.zero == .zero)
        #expect(throws: CryptoError.self) { try Scalar.zero.inverse() }
    }

    /// Cross-checks the pure-Swift Montgomery arithmetic against OpenSSL BIGNUM on random inputs.
    @Test func arithmeticMatchesBigNum() throws {
        let q = try BigNum(bytes: Scalar.orderBytes)
        let context = try BigNumContext()
        for round in 0..<300 {
            // Include edge values: 0, 1, q−1 and values near 2^256.
            let a = round == 0 ? Scalar.zero : round == 1 ? -Scalar.one : try Scalar.random()
            let b = round == 2 ? Scalar.one : try Scalar.random()
            let bigA = try BigNum(bytes: a.bytes), bigB = try BigNum(bytes: b.bytes)
            #expect((a + b).bytes == (try bigA.modAdd(bigB, q, context).bytes(padded: 32)))
            #expect((a - b).bytes == (try bigA.modSub(bigB, q, context).bytes(padded: 32)))
            #expect((a * b).bytes == (try bigA.modMul(bigB, q, context).bytes(padded: 32)))
            if !a.isZero, let inverse = try bigA.modInverse(q, context) {
                #expect(try a.inverse().bytes == inverse.bytes(padded: 32))
                #expect(try a * a.inverse() == .one)
            }
            let wide = try SecureRandom.bytes(round % 70)
            #expect(Scalar(reducing: wide).bytes == (try BigNum(bytes: wide).mod(q, context).bytes(padded: 32)))
        }
    }

    @Test func randomWeightsAre128Bits() throws {
        for _ in 0..<50 {
            let weight = try Scalar.randomWeight()
            #expect(!weight.isZero)
            #expect(weight.bytes.prefix(16).allSatisfy { $0 == 0 })
        }
    }
}

@Suite struct PointTests {
    @Test func baseMultiplicationKnownAnswers() throws {
        let vectors = try TestResources.json("p256_scalar_mult_kat").object("base_mult").objects("vectors")
        #expect(vectors.count == 52)
        var reduced = 0
        for vector in vectors {
            var kHex = try vector.string("k_hex")
            if kHex.count % 2 == 1 { kHex = "0" + kHex }
            let kBytes = try Hex.decode(kHex)
            let k = Scalar(reducing: kBytes)
            if kBytes.count > 32 || (kBytes.count == 32 && (try? Scalar(bytes: kBytes)) == nil) { reduced += 1 }
            let expected = try compressedPoint(x: vector.string("x"), y: vector.string("y"))
            #expect(try Point.base(k) == expected, "k = \(kHex)")
            #expect(try Point.generator().multiplied(by: k) == expected, "variable-base k = \(kHex)")
            let (x, y) = try expected.affineCoordinates()
            #expect(x.hex == (try vector.string("x")))
            #expect(y.hex == (try vector.string("y")))
        }
        #expect(reduced == 30, "the k ≥ n entries exercise reduction")
    }

    @Test func ecdhKnownAnswers() throws {
        let file = try TestResources.json("p256_scalar_mult_kat")
        let rfc = try file.object("rfc5903_ecdh")
        let i = try Scalar(hex: rfc.string("i")), r = try Scalar(hex: rfc.string("r"))
        let gi = try compressedPoint(x: rfc.string("gix"), y: rfc.string("giy"))
        let gr = try compressedPoint(x: rfc.string("grx"), y: rfc.string("gry"))
        let gir = try compressedPoint(x: rfc.string("girx"), y: rfc.string("giry"))
        #expect(try Point.base(i) == gi)
        #expect(try Point.base(r) == gr)
        #expect(try gr.multiplied(by: i) == gir)
        #expect(try gi.multiplied(by: r) == gir)

        let cavp = try file.object("nist_cavp_ecc_cdh").objects("vectors")
        #expect(cavp.count == 25)
        for vector in cavp {
            let d = try Scalar(hex: vector.string("d"))
            let q = try compressedPoint(x: vector.string("Qx"), y: vector.string("Qy"))
            #expect(try q.multiplied(by: d).affineCoordinates().x.hex == (try vector.string("Z")))
        }

        let rfc6979 = try file.object("rfc6979_a25")
        let u = try compressedPoint(x: rfc6979.string("Ux"), y: rfc6979.string("Uy"))
        #expect(try Point.base(Scalar(hex: rfc6979.string("x"))) == u)
        for signature in try rfc6979.objects("signatures_sha256") {
            let kG = try Point.base(Scalar(hex: signature.string("k")))
            #expect(Scalar(reducing: try kG.affineCoordinates().x).hex == (try signature.string("r")))
        }
    }

    @Test func decodingRejectsInvalidEncodings() throws {
        let g = try Point.generator()
        #expect(try Point(bytes: g.bytes) == g)
        #expect(g.bytes.count == 33)
        // Wrong length, uncompressed form, bad prefix.
        #expect(throws: CryptoError.self) { try Point(bytes: Array(g.bytes.dropLast())) }
        #expect(throws: CryptoError.self) { try Point(bytes: [4] + [UInt8](repeating: 1, count: 64)) }
        #expect(throws: CryptoError.self) { try Point(bytes: [5] + g.bytes.dropFirst()) }
        // x = p is not a field element.
        let p = try Hex.decode("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")
        #expect(throws: CryptoError.self) { try Point(bytes: [2] + p) }
        // An x with no point on the curve.
        var offCurve = 0
        for x in UInt8(1)...UInt8(40) {
            let bytes: [UInt8] = [2] + [UInt8](repeating: 0, count: 31) + [x]
            if (try? Point(bytes: bytes)) == nil { offCurve += 1 }
        }
        #expect(offCurve > 5, "about half of all x have no point")
        // Infinity only where allowed.
        #expect(throws: CryptoError.self) { try Point(bytes: [0]) }
        #expect(try Point(bytes: [0], allowInfinity: true).isInfinity)
        #expect(throws: CryptoError.self) { try Point(hex: "02zz") }
    }

    @Test func arithmeticIdentities() throws {
        let a = try Scalar.random(), b = try Scalar.random()
        let g = try Point.generator()
        let aG = try Point.base(a), bG = try Point.base(b)
        #expect(try aG.adding(bG) == Point.base(a + b))
        #expect(try aG.subtracting(bG) == Point.base(a - b))
        #expect(try aG.negated() == Point.base(-a))
        #expect(try aG.multiplied(by: b) == bG.multiplied(by: a))
        #expect(try aG.subtracting(aG).isInfinity)
        #expect(try g.multiplied(by: .zero).isInfinity)
        // Multi-scalar multiplication equals the sum of its terms.
        var terms: [(Scalar, Point)] = []
        var expected = try Point.base(b)
        for _ in 0..<7 {
            let s = try Scalar.random(), p = try Point.base(Scalar.random())
            terms.append((s, p))
            expected = try expected.adding(p.multiplied(by: s))
        }
        #expect(try Point.linearCombination(generatorScalar: b, terms) == expected)
        #expect(try Point.sum([aG, bG, g]) == Point.base(a + b + .one))
    }
}
