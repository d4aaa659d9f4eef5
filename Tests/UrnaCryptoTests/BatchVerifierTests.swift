import Testing
import UrnaCrypto

@Suite struct BatchVerifierTests {
    let key: Point
    let context = ProofContext(strings: ["election", "district", "contest"])

    init() throws { key = try Point.base(Scalar.random()) }

    func selectionProofs(_ count: Int) throws -> [(ElGamalCiphertext, RangeProof)] {
        try (0..<count).map { index in
            let value = index % 2
            let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(value, publicKey: key)
            return (ciphertext, try RangeProof.prove(ciphertext: ciphertext, value: value, nonce: nonce,
                                                     range: 0...1, publicKey: key, context: context))
        }
    }

    func batch(_ items: [(ElGamalCiphertext, RangeProof)]) -> BatchVerifier<Int> {
        var verifier = BatchVerifier<Int>()
        for (index, (ciphertext, proof)) in items.enumerated() {
            verifier.add(label: index, proof: "selection \(index)") {
                try proof.equations(ciphertext: ciphertext, range: 0...1, publicKey: key, context: context)
            }
        }
        return verifier
    }

    @Test func validBatchPasses() throws {
        let items = try selectionProofs(24)
        #expect(try batch(items).verify().isEmpty)
    }

    @Test func failingProofsAreNamed() throws {
        var items = try selectionProofs(33)
        // Proof 5: a response off by one (only the group equation catches it).
        let p5 = items[5].1
        items[5].1 = RangeProof(min: 0, branches: [
            p5.branches[0],
            .init(a: p5.branches[1].a, b: p5.branches[1].b, challenge: p5.branches[1].challenge, response: p5.branches[1].response + .one),
        ])
        // Proof 17: proof for another ciphertext (challenge mismatch, caught before the batch).
        items[17].0 = items[18].0
        // Proof 30: an encryption of 2 with a proof simulated for every branch cannot exist; use a
        // valid proof moved to a ciphertext with the same A but B shifted by G.
        items[30].0 = ElGamalCiphertext(a: items[30].0.a, b: try items[30].0.b.adding(Point.generator()))
        let failures = try batch(items).verify()
        #expect(Set(failures.map(\.label)) == [5, 17, 30])
        #expect(failures.first { $0.label == 5 }?.error.code == .proofInvalid)
        #expect(failures.first { $0.label == 17 }?.error.code == .challengeMismatch)
    }

    /// Two individually wrong equations whose errors cancel in an unweighted sum are still caught.
    @Test func cancellingErrorsAreCaught() throws {
        let items = try selectionProofs(2)
        let g = try Point.generator()
        let bad1 = try VerificationEquation(name: "x", commitment: items[0].0.a.adding(g), generatorScalar: nil,
                                            terms: [(.one, items[0].0.a)])
        let bad2 = try VerificationEquation(name: "y", commitment: items[1].0.a.subtracting(g), generatorScalar: nil,
                                            terms: [(.one, items[1].0.a)])
        var verifier = BatchVerifier<String>()
        verifier.add(label: "a", proof: "a") { [bad1, bad2] }
        #expect(try verifier.verify().map(\.label) == ["a"])
    }

    @Test func mixedProofKindsBatch() throws {
        let secret = try Scalar.random(), publicKey = try Point.base(secret)
        let schnorr = try SchnorrProof.prove(secret: secret, publicKey: publicKey, context: context)
        let y = try Point.base(Scalar.random())
        let cp = try ChaumPedersenProof.prove(secret: secret, x: publicKey, y: y, z: y.multiplied(by: secret), context: context)
        var verifier = BatchVerifier<String>()
        verifier.add(label: "schnorr", proof: "schnorr") { try schnorr.equations(publicKey: publicKey, context: context) }
        verifier.add(label: "cp", proof: "cp") { try cp.equations(x: publicKey, y: y, z: y.multiplied(by: secret), context: context) }
        verifier.add(label: "cp-wrong-z", proof: "cp") {
            try ChaumPedersenProof(commitmentG: cp.commitmentG, commitmentY: cp.commitmentY, challenge: cp.challenge,
                                   response: cp.response + .one)
                .equations(x: publicKey, y: y, z: y.multiplied(by: secret), context: context)
        }
        #expect(try verifier.verify().map(\.label) == ["cp-wrong-z"])
    }
}
