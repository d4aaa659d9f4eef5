import Testing
import UrnaCrypto

@Suite struct ThresholdTests {
    /// A dealerless k-of-n ceremony, then decryption of a tally with one quorum's shares only.
    func ceremonyAndDecrypt(threshold k: Int, trustees n: Int, quorum: [Int]) throws {
        let polynomials = try (1...n).map { _ in try SecretPolynomial.random(threshold: k) }
        let commitments = try polynomials.map { try $0.commitments() }
        // Each trustee j receives f_i(j) from every i and checks it.
        var secretShares: [Int: Scalar] = [:]
        for j in 1...n {
            let received = try polynomials.map { try $0.evaluate(at: j) }
            for (i, share) in received.enumerated() { try commitments[i].verifyShare(share, at: j) }
            secretShares[j] = Threshold.secretShare(receivedShares: received)
        }
        let jointKey = try Threshold.jointKey(commitments)
        // No one holds the whole key, but it is Σ a_i0; check consistency through public shares.
        for j in 1...n {
            #expect(try Threshold.publicShare(of: j, commitments: commitments) == Point.base(secretShares[j] ?? .zero))
        }
        let votes = (0..<30).map { _ in Int.random(in: 0...1) }
        let tally = try ElGamalCiphertext.sum(votes.map { try ElGamalCiphertext.encrypt($0, publicKey: jointKey).ciphertext })
        let context = ProofContext(strings: ["election", "tally"])
        var shares: [DecryptionShare] = []
        for j in quorum {
            let share = try DecryptionShare.compute(index: j, secretShare: secretShares[j] ?? .zero, ciphertext: tally, context: context)
            try share.verify(publicShare: Threshold.publicShare(of: j, commitments: commitments), ciphertext: tally, context: context)
            shares.append(share)
        }
        let table = try DiscreteLogTable(bound: votes.count)
        #expect(try Threshold.decrypt(tally, shares: shares, table: table) == votes.reduce(0, +))
        // Fewer than k shares do not decrypt.
        if k > 1 {
            expectRejected(.discreteLogOutOfRange) { _ = try Threshold.decrypt(tally, shares: Array(shares.dropLast()), table: table) }
        }
    }

    @Test func twoOfThree() throws {
        try ceremonyAndDecrypt(threshold: 2, trustees: 3, quorum: [1, 3])
        try ceremonyAndDecrypt(threshold: 2, trustees: 3, quorum: [2, 3])
    }

    @Test func threeOfFive() throws {
        try ceremonyAndDecrypt(threshold: 3, trustees: 5, quorum: [2, 4, 5])
        try ceremonyAndDecrypt(threshold: 3, trustees: 5, quorum: [1, 2, 3])
    }

    @Test func badSharesAndParameters() throws {
        let polynomial = try SecretPolynomial.random(threshold: 2)
        let commitments = try polynomial.commitments()
        expectRejected(.invalidShare) { try commitments.verifyShare(polynomial.evaluate(at: 2) + .one, at: 2) }
        expectRejected(.invalidShare) { try commitments.verifyShare(polynomial.evaluate(at: 2), at: 3) }
        expectRejected(.invalidParameter) { _ = try polynomial.evaluate(at: 0) }
        expectRejected(.invalidParameter) { _ = try Threshold.lagrangeCoefficientAtZero(index: 1, participants: [1, 1, 2]) }
        expectRejected(.invalidParameter) { _ = try Threshold.lagrangeCoefficientAtZero(index: 3, participants: [1, 2]) }
        // A decryption share computed with the wrong secret fails its proof against the public share.
        let secret = try Scalar.random()
        let ciphertext = try ElGamalCiphertext.encrypt(1, publicKey: Point.base(secret)).ciphertext
        let context = ProofContext(strings: ["t"])
        let share = try DecryptionShare.compute(index: 1, secretShare: secret, ciphertext: ciphertext, context: context)
        expectRejected(.challengeMismatch) { try share.verify(publicShare: Point.base(secret + .one), ciphertext: ciphertext, context: context) }
        let forged = DecryptionShare(index: 1, share: try share.share.adding(Point.generator()), proof: share.proof)
        expectRejected(.challengeMismatch) { try forged.verify(publicShare: Point.base(secret), ciphertext: ciphertext, context: context) }
    }

    @Test func lagrangeInterpolatesTheConstantTerm() throws {
        let polynomial = try SecretPolynomial.random(threshold: 3)
        for subset in [[1, 2, 3], [2, 4, 7], [5, 6, 9]] {
            let value = try subset.reduce(Scalar.zero) { acc, j in
                acc + (try Threshold.lagrangeCoefficientAtZero(index: j, participants: subset)) * (try polynomial.evaluate(at: j))
            }
            #expect(value == polynomial.coefficients[0])
        }
    }
}

@Suite struct EncryptedShareTests {
    @Test func roundTripAndRejections() throws {
        let recipientSecret = try Scalar.random(), recipientKey = try Point.base(recipientSecret)
        let context = ProofContext([Array("election".utf8), DomainHash.uint32(1), DomainHash.uint32(2)])
        let share = try Scalar.random()
        let sealed = try EncryptedShare.seal(share, to: recipientKey, context: context)
        #expect(try sealed.open(recipientSecret: recipientSecret, context: context) == share)

        expectRejected(.authenticationFailed) { _ = try sealed.open(recipientSecret: Scalar.random(), context: context) }
        expectRejected(.authenticationFailed) {
            _ = try sealed.open(recipientSecret: recipientSecret,
                                context: ProofContext([Array("election".utf8), DomainHash.uint32(3), DomainHash.uint32(2)]))
        }
        for index in [0, 20, 59] {
            var box = sealed.box
            box[index] ^= 1
            expectRejected(.authenticationFailed) {
                _ = try EncryptedShare(ephemeral: sealed.ephemeral, proof: sealed.proof, box: box).open(recipientSecret: recipientSecret, context: context)
            }
        }
        expectRejected(.authenticationFailed) {
            _ = try EncryptedShare(ephemeral: tampered(sealed.ephemeral), proof: sealed.proof, box: sealed.box)
                .open(recipientSecret: recipientSecret, context: context)
        }
        expectRejected(.invalidEncoding) { _ = try EncryptedShare(ephemeral: sealed.ephemeral, proof: sealed.proof, box: Array(sealed.box.dropLast())) }
        expectRejected(.invalidPoint) { _ = try EncryptedShare.seal(share, to: Point.infinity(), context: context) }
    }
}

/// The worked example of `Specs/crypto.md` §5.3 (values printed in the spec).
@Suite struct EncryptedShareExampleTests {
    @Test func specExample() throws {
        let recipientSecret = Scalar(reducing: SHA256.hash(Array("urna example recipient".utf8)))
        let y = Scalar(reducing: SHA256.hash(Array("urna example ephemeral".utf8)))
        let share = Scalar(reducing: SHA256.hash(Array("urna example share".utf8)))
        let setupDigest = SHA256.hash(Array("urna example setup".utf8))
        let context = ProofContext([setupDigest, Array("share".utf8), DomainHash.uint32(1), DomainHash.uint32(2)])
        let nonce = [UInt8](repeating: 0x0c, count: 12)
        let sealed = try EncryptedShare.seal(share, to: Point.base(recipientSecret), context: context, ephemeralSecret: y, nonce: nonce)
        #expect(try sealed.open(recipientSecret: recipientSecret, context: context) == share)
        let lines = [
            "e_j \(recipientSecret.hex)", "E_j \(try Point.base(recipientSecret).hex)", "y \(y.hex)", "Y \(sealed.ephemeral.hex)",
            "s_ij \(share.hex)", "ctx \(context.digest.hex)", "box \(sealed.box.hex)",
        ]
        #expect(lines.joined(separator: "\n") == Self.expected)
    }

    /// Recomputed independently in Python (pyca HKDF/AES-GCM, pure-Python P-256) from the spec text.
    static let expected = """
        e_j 67cd573ee81f1541da821e57dfe20a1ca6887d36375ad514f20a2e78a70b90b3
        E_j 033d40e16fe584cddc8ad913862e17b5d5b5e91bb14776dd8365542b87a990af49
        y 5b0a011a0e76603522296b65cb596feafc7af074c5c8daddc7c5746d93243342
        Y 03aae0ea2be214c1c19c7fca5789a1128d89a7a5af110f7e242058f702dc103d12
        s_ij 1952fa37de32cd736df0c5a6446e09fdc743f6fca7a10e2d9a2ececdfc392f1e
        ctx 2bcca3f24afa1b801693123a289e7a62517b5fee373ac9dfa458d15f28ee3b69
        box 0c0c0c0c0c0c0c0c0c0c0c0c78acc4fc8f9f7e478684df8cb85ef49a5b98ce0a24a7f299f629599ab526eecb21f9eaaeee037484f33e60b8684390cf
        """
}
