import Testing
import UrnaCrypto

@Suite struct ElGamalTests {
    @Test func randomSumsDecryptToTotals() throws {
        let secret = try Scalar.random()
        let key = try Point.base(secret)
        let table = try DiscreteLogTable(bound: 2_000)
        for _ in 0..<5 {
            let messages = (0..<40).map { _ in Int.random(in: 0...20) }
            let ciphertexts = try messages.map { try ElGamalCiphertext.encrypt($0, publicKey: key).ciphertext }
            let sum = try ElGamalCiphertext.sum(ciphertexts)
            #expect(try sum.decrypt(secretKey: secret, table: table) == messages.reduce(0, +))
        }
        #expect(try ElGamalCiphertext.encrypt(0, publicKey: key).ciphertext.decrypt(secretKey: secret, table: table) == 0)
    }

    @Test func nonceRevealsPlaintextForSpoiledBallots() throws {
        let key = try Point.base(Scalar.random())
        let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(1, publicKey: key)
        #expect(try ciphertext.isEncryption(of: 1, nonce: nonce, publicKey: key))
        #expect(try !ciphertext.isEncryption(of: 0, nonce: nonce, publicKey: key))
        #expect(try !ciphertext.isEncryption(of: 1, nonce: Scalar.random(), publicKey: key))
        #expect(try !ciphertext.isEncryption(of: 1, nonce: nonce, publicKey: Point.base(Scalar.random())))
    }

    @Test func refusesBadParameters() throws {
        let key = try Point.base(Scalar.random())
        #expect(throws: CryptoError.self) { try ElGamalCiphertext.encrypt(-1, publicKey: key) }
        #expect(throws: CryptoError.self) { try ElGamalCiphertext.encrypt(1, nonce: .zero, publicKey: key) }
        #expect(throws: CryptoError.self) { try ElGamalCiphertext.encrypt(1, nonce: .one, publicKey: Point.infinity()) }
    }

    @Test func discreteLogBounds() throws {
        let table = try DiscreteLogTable(bound: 100)
        for m in [0, 1, 9, 10, 11, 99, 100] {
            #expect(try table.solve(Point.base(Scalar(UInt64(m)))) == m)
        }
        #expect(throws: CryptoError.self) { try table.solve(Point.base(Scalar(101))) }
        #expect(throws: CryptoError.self) { try table.solve(Point.base(Scalar.random())) }
        #expect(throws: CryptoError.self) { try DiscreteLogTable(bound: -1) }
    }
}
