import Testing
import UrnaCrypto

/// Flips one bit of a point's encoding into another valid point (or a fresh random point).
func tampered(_ point: Point) throws -> Point {
    try point.adding(Point.generator())
}

func expectRejected(_ code: CryptoError.Code? = nil, _ body: () throws -> Void,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("expected a rejection", sourceLocation: sourceLocation)
    } catch let error as CryptoError {
        if let code { #expect(error.code == code, "\(error)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct SchnorrProofTests {
    let context = ProofContext(strings: ["election-1", "trustee-1"])

    @Test func roundTripAndRejections() throws {
        let secret = try Scalar.random(), key = try Point.base(secret)
        let proof = try SchnorrProof.prove(secret: secret, publicKey: key, context: context)
        try proof.verify(publicKey: key, context: context)

        expectRejected(.challengeMismatch) { try proof.verify(publicKey: key, context: ProofContext(strings: ["election-2", "trustee-1"])) }
        expectRejected(.challengeMismatch) { try proof.verify(publicKey: tampered(key), context: context) }
        expectRejected(.challengeMismatch) {
            try SchnorrProof(commitment: tampered(proof.commitment), challenge: proof.challenge, response: proof.response)
                .verify(publicKey: key, context: context)
        }
        expectRejected(.challengeMismatch) {
            try SchnorrProof(commitment: proof.commitment, challenge: proof.challenge + .one, response: proof.response)
                .verify(publicKey: key, context: context)
        }
        expectRejected(.proofInvalid) {
            try SchnorrProof(commitment: proof.commitment, challenge: proof.challenge, response: proof.response + .one)
                .verify(publicKey: key, context: context)
        }
        expectRejected(.invalidParameter) { _ = try SchnorrProof.prove(secret: secret + .one, publicKey: key, context: context) }
    }
}

@Suite struct ChaumPedersenProofTests {
    let context = ProofContext(strings: ["election-1", "tally", "district-1"])

    @Test func roundTripAndRejections() throws {
        let secret = try Scalar.random()
        let x = try Point.base(secret), y = try Point.base(Scalar.random()), z = try y.multiplied(by: secret)
        let proof = try ChaumPedersenProof.prove(secret: secret, x: x, y: y, z: z, context: context)
        try proof.verify(x: x, y: y, z: z, context: context)

        expectRejected(.challengeMismatch) { try proof.verify(x: x, y: y, z: z, context: ProofContext(strings: ["other"])) }
        expectRejected(.challengeMismatch) { try proof.verify(x: tampered(x), y: y, z: z, context: context) }
        expectRejected(.challengeMismatch) { try proof.verify(x: x, y: tampered(y), z: z, context: context) }
        expectRejected(.challengeMismatch) { try proof.verify(x: x, y: y, z: tampered(z), context: context) }
        let fields: [ChaumPedersenProof] = [
            ChaumPedersenProof(commitmentG: try tampered(proof.commitmentG), commitmentY: proof.commitmentY,
                               challenge: proof.challenge, response: proof.response),
            ChaumPedersenProof(commitmentG: proof.commitmentG, commitmentY: try tampered(proof.commitmentY),
                               challenge: proof.challenge, response: proof.response),
            ChaumPedersenProof(commitmentG: proof.commitmentG, commitmentY: proof.commitmentY,
                               challenge: proof.challenge - .one, response: proof.response),
        ]
        for bad in fields { expectRejected(.challengeMismatch) { try bad.verify(x: x, y: y, z: z, context: context) } }
        expectRejected(.proofInvalid) {
            try ChaumPedersenProof(commitmentG: proof.commitmentG, commitmentY: proof.commitmentY,
                                   challenge: proof.challenge, response: proof.response + .one)
                .verify(x: x, y: y, z: z, context: context)
        }
        // A wrong share (different secret for Z) cannot be proven.
        expectRejected(.invalidParameter) {
            _ = try ChaumPedersenProof.prove(secret: secret, x: x, y: y, z: tampered(z), context: context)
        }
    }
}

@Suite struct RangeProofTests {
    let key: Point
    let context = ProofContext(strings: ["election-hash", "district-1", "contest-1", "selection-1", "credential"])

    init() throws { key = try Point.base(Scalar.random()) }

    @Test func selectionProofRoundTrip() throws {
        for value in [0, 1] {
            let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(value, publicKey: key)
            let proof = try RangeProof.prove(ciphertext: ciphertext, value: value, nonce: nonce, range: 0...1,
                                             publicKey: key, context: context)
            #expect(proof.branches.count == 2)
            try proof.verify(ciphertext: ciphertext, range: 0...1, publicKey: key, context: context)
        }
    }

    @Test func contestRangeRoundTrip() throws {
        for value in [1, 2, 3] {
            let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(value, publicKey: key)
            let proof = try RangeProof.prove(ciphertext: ciphertext, value: value, nonce: nonce, range: 1...3,
                                             publicKey: key, context: context)
            try proof.verify(ciphertext: ciphertext, range: 1...3, publicKey: key, context: context)
            expectRejected(.outOfRange) { try proof.verify(ciphertext: ciphertext, range: 0...2, publicKey: key, context: context) }
            expectRejected(.outOfRange) { try proof.verify(ciphertext: ciphertext, range: 1...4, publicKey: key, context: context) }
        }
    }

    @Test func outOfRangeValuesCannotBeProven() throws {
        let (two, nonce) = try ElGamalCiphertext.encrypt(2, publicKey: key)
        expectRejected(.outOfRange) {
            _ = try RangeProof.prove(ciphertext: two, value: 2, nonce: nonce, range: 0...1, publicKey: key, context: context)
        }
        // Lying about the value: the ciphertext is Enc(2) but the prover claims 1.
        expectRejected(.invalidParameter) {
            _ = try RangeProof.prove(ciphertext: two, value: 1, nonce: nonce, range: 0...1, publicKey: key, context: context)
        }
        // A forged proof for Enc(2), built as if it were Enc(1) by swapping the ciphertext, fails.
        let (one, nonce1) = try ElGamalCiphertext.encrypt(1, publicKey: key)
        let proofForOne = try RangeProof.prove(ciphertext: one, value: 1, nonce: nonce1, range: 0...1, publicKey: key, context: context)
        expectRejected { try proofForOne.verify(ciphertext: two, range: 0...1, publicKey: key, context: context) }
        expectRejected(.outOfRange) {
            _ = try RangeProof.prove(ciphertext: one, value: 1, nonce: nonce1, range: 0...64, publicKey: key, context: context)
        }
    }

    @Test func everyTamperedFieldIsRejected() throws {
        let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(1, publicKey: key)
        let proof = try RangeProof.prove(ciphertext: ciphertext, value: 1, nonce: nonce, range: 0...1, publicKey: key, context: context)
        func verify(_ p: RangeProof, ciphertext c: ElGamalCiphertext = ciphertext, key k: Point? = nil,
                    context ctx: ProofContext? = nil) throws {
            try p.verify(ciphertext: c, range: 0...1, publicKey: k ?? key, context: ctx ?? context)
        }
        func replacing(_ index: Int, _ change: (RangeProof.Branch) throws -> RangeProof.Branch) throws -> RangeProof {
            var branches = proof.branches
            branches[index] = try change(branches[index])
            return RangeProof(min: proof.min, branches: branches)
        }
        for index in 0..<2 {
            expectRejected(.challengeMismatch) {
                try verify(replacing(index) { .init(a: try tampered($0.a), b: $0.b, challenge: $0.challenge, response: $0.response) })
            }
            expectRejected(.challengeMismatch) {
                try verify(replacing(index) { .init(a: $0.a, b: try tampered($0.b), challenge: $0.challenge, response: $0.response) })
            }
            expectRejected(.challengeMismatch) {
                try verify(replacing(index) { .init(a: $0.a, b: $0.b, challenge: $0.challenge + .one, response: $0.response) })
            }
            expectRejected(.proofInvalid) {
                try verify(replacing(index) { .init(a: $0.a, b: $0.b, challenge: $0.challenge, response: $0.response + .one) })
            }
        }
        // Shifting challenge between branches keeps the sum but breaks the equations.
        let shifted = RangeProof(min: 0, branches: [
            .init(a: proof.branches[0].a, b: proof.branches[0].b, challenge: proof.branches[0].challenge + .one, response: proof.branches[0].response),
            .init(a: proof.branches[1].a, b: proof.branches[1].b, challenge: proof.branches[1].challenge - .one, response: proof.branches[1].response),
        ])
        expectRejected(.proofInvalid) { try verify(shifted) }
        expectRejected(.challengeMismatch) { try verify(proof, ciphertext: ElGamalCiphertext(a: tampered(ciphertext.a), b: ciphertext.b)) }
        expectRejected(.challengeMismatch) { try verify(proof, ciphertext: ElGamalCiphertext(a: ciphertext.a, b: tampered(ciphertext.b))) }
        expectRejected(.challengeMismatch) { try verify(proof, key: Point.base(Scalar.random())) }
        // Another voter's credential in the context: the replayed proof fails.
        expectRejected(.challengeMismatch) {
            try verify(proof, context: ProofContext(strings: ["election-hash", "district-1", "contest-1", "selection-1", "other-credential"]))
        }
        expectRejected(.outOfRange) { try verify(RangeProof(min: 0, branches: Array(proof.branches.prefix(1)))) }
        expectRejected(.invalidPoint) { try verify(proof, ciphertext: ElGamalCiphertext(a: Point.infinity(), b: ciphertext.b)) }
    }
}
