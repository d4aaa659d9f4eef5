import Testing
@testable import UrnaCrypto
import UrnaCryptoBackend

/// The fixed-base tables (our own field code) against libcrypto, and the encryption and range
/// proofs made with them against the ordinary verifier.
@Suite struct FixedBaseTableTests {
    /// q − 1, q − 2, and scalars that fill or empty whole windows.
    static func edgeScalars() throws -> [Scalar] {
        let q = Scalar.orderBytes
        var qMinus1 = q; qMinus1[31] -= 1
        var qMinus2 = q; qMinus2[31] -= 2
        var edges: [Scalar] = [.zero, .one, Scalar(2), Scalar(63), Scalar(64), Scalar(65), Scalar(UInt64.max),
                               try Scalar(bytes: qMinus1), try Scalar(bytes: qMinus2)]
        // 2^k for every k, and 2^k − 1 (a run of ones crossing every window boundary).
        for bit in stride(from: 0, to: 256, by: 1) {
            var power = [UInt8](repeating: 0, count: 32)
            power[31 - bit / 8] = 1 << UInt8(bit % 8)
            if let scalar = try? Scalar(bytes: power) { edges.append(scalar) }
            if bit % 6 == 0 || bit % 6 == 5 {
                var ones = [UInt8](repeating: 0, count: 32)
                for low in 0..<bit { ones[31 - low / 8] |= 1 << UInt8(low % 8) }
                if let scalar = try? Scalar(bytes: ones) { edges.append(scalar) }
            }
        }
        return edges
    }

    @Test func generatorTableAgreesWithLibcrypto() throws {
        let table = FixedBaseTable.generator
        #expect(table.point == (try Point.generator()))
        #expect(table.multiplied(by: .zero).isInfinity)
        for k in try Self.edgeScalars() where !k.isZero {
            #expect(table.multiplied(by: k) == (try Point.base(k)), "k = \(k)")
        }
        for _ in 0..<100 {
            let k = try Scalar.random()
            #expect(table.multiplied(by: k) == (try Point.base(k)))
        }
    }

    @Test func pointTableAgreesWithLibcrypto() throws {
        let point = try Point.base(Scalar.random())
        let table = try FixedBaseTable(point)
        #expect(table.multiplied(by: .zero).isInfinity)
        #expect(table.multiplied(by: .one) == point)
        for k in try Self.edgeScalars() where !k.isZero {
            #expect(table.multiplied(by: k) == (try point.multiplied(by: k)), "k = \(k)")
        }
        // (q − 1)·P = −P.
        var qMinus1 = Scalar.orderBytes; qMinus1[31] -= 1
        #expect(table.multiplied(by: try Scalar(bytes: qMinus1)) == (try point.negated()))
        for _ in 0..<100 {
            let k = try Scalar.random()
            #expect(table.multiplied(by: k) == (try point.multiplied(by: k)))
        }
    }

    @Test func infinityHasNoTable() throws {
        expectRejected(.invalidPoint) { _ = try FixedBaseTable(Point.infinity()) }
        expectRejected(.invalidPoint) { _ = try EncryptionTables(jointKey: Point.infinity()) }
    }

    /// Every window width the comb accepts gives the same products.
    @Test func everyWindowWidth() throws {
        let point = try Point.base(Scalar.random())
        guard let affine = point.affine else { Issue.record("a random point is finite"); return }
        let scalars = try Self.edgeScalars().prefix(20) + (0..<10).map { _ in try Scalar.random() }
        for bits in 2...8 {
            let comb = P256Comb(affine, windowBits: bits)
            #expect(comb.windowBits == bits && comb.isComplete)
            for k in scalars {
                #expect(Point(affine: comb.multiplied(by: k.fastLimbs).affine) == (try point.multiplied(by: k)), "w = \(bits), k = \(k)")
            }
        }
    }

    @Test func encryptionMatchesLibcrypto() throws {
        let key = try Point.base(Scalar.random())
        let tables = try EncryptionTables(jointKey: key)
        for message in [0, 1, 2, 7, 1000] {
            let nonce = try Scalar.random()
            let fast = try ElGamalCiphertext.encrypt(message, nonce: nonce, tables: tables)
            #expect(fast == (try ElGamalCiphertext.encrypt(message, nonce: nonce, publicKey: key)))
            #expect(try fast.isEncryption(of: message, nonce: nonce, publicKey: key))
        }
        expectRejected(.invalidParameter) { _ = try ElGamalCiphertext.encrypt(-1, nonce: .one, tables: tables) }
        expectRejected(.invalidScalar) { _ = try ElGamalCiphertext.encrypt(1, nonce: .zero, tables: tables) }
    }

    @Test func rangeProofsWithTablesVerify() throws {
        let key = try Point.base(Scalar.random())
        let tables = try EncryptionTables(jointKey: key)
        let context = ProofContext(strings: ["election-hash", "district-1", "contest-1", "selection-1", "credential"])
        for (value, range) in [(0, 0...1), (1, 0...1), (0, 0...2), (2, 0...2), (3, 1...5)] {
            let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(value, tables: tables)
            let proof = try RangeProof.prove(ciphertext: ciphertext, value: value, nonce: nonce, range: range,
                                             publicKey: key, context: context, tables: tables)
            #expect(proof.branches.count == range.count)
            try proof.verify(ciphertext: ciphertext, range: range, publicKey: key, context: context)
            // A proof for one ciphertext does not verify for another.
            let (other, _) = try ElGamalCiphertext.encrypt(value, tables: tables)
            expectRejected { try proof.verify(ciphertext: other, range: range, publicKey: key, context: context) }
        }
    }

    /// Without the prover's own check, an honest input still gives a valid proof, and a lie gives
    /// a proof that does not verify (nothing unsound comes out, only nothing useful).
    @Test func uncheckedProvingStillOnlyProvesTheTruth() throws {
        let key = try Point.base(Scalar.random())
        let tables = try EncryptionTables(jointKey: key)
        let context = ProofContext(strings: ["unchecked"])
        let (one, nonce) = try ElGamalCiphertext.encrypt(1, tables: tables)
        let honest = try RangeProof.prove(ciphertext: one, value: 1, nonce: nonce, range: 0...1, publicKey: key,
                                          context: context, tables: tables, checkCiphertext: false)
        try honest.verify(ciphertext: one, range: 0...1, publicKey: key, context: context)
        let (two, nonce2) = try ElGamalCiphertext.encrypt(2, tables: tables)
        let lie = try RangeProof.prove(ciphertext: two, value: 1, nonce: nonce2, range: 0...1, publicKey: key,
                                       context: context, tables: tables, checkCiphertext: false)
        expectRejected { try lie.verify(ciphertext: two, range: 0...1, publicKey: key, context: context) }
    }

    @Test func rangeProofRefusesLiesAndForeignTables() throws {
        let key = try Point.base(Scalar.random())
        let tables = try EncryptionTables(jointKey: key)
        let context = ProofContext(strings: ["c"])
        let (two, nonce) = try ElGamalCiphertext.encrypt(2, tables: tables)
        // The ciphertext is Enc(2) but the prover claims 1.
        expectRejected(.invalidParameter) {
            _ = try RangeProof.prove(ciphertext: two, value: 1, nonce: nonce, range: 0...1, publicKey: key,
                                     context: context, tables: tables)
        }
        expectRejected(.outOfRange) {
            _ = try RangeProof.prove(ciphertext: two, value: 2, nonce: nonce, range: 0...1, publicKey: key,
                                     context: context, tables: tables)
        }
        // Tables built for another key.
        let foreign = try EncryptionTables(jointKey: Point.base(Scalar.random()))
        let (one, nonce1) = try ElGamalCiphertext.encrypt(1, publicKey: key)
        expectRejected(.invalidParameter) {
            _ = try RangeProof.prove(ciphertext: one, value: 1, nonce: nonce1, range: 0...1, publicKey: key,
                                     context: context, tables: foreign)
        }
    }
}
