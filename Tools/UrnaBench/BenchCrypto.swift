import UrnaCrypto

/// `Tools/bench crypto`: group operations, ballot encryption and proof verification.
func benchCrypto() throws {
    let key = try Point.base(Scalar.random())
    let context = ProofContext(strings: ["election-hash", "district-1", "contest-1", "selection-1", "credential"])
    let a = try Scalar.random(), p = try Point.base(Scalar.random())

    measureMicroseconds("p256_fixed_base_mult", iterations: 2_000) { _ = try? Point.base(a) }
    measureMicroseconds("p256_variable_base_mult", iterations: 1_000) { _ = try? p.multiplied(by: a) }
    measureMicroseconds("p256_two_term_mult", iterations: 1_000) { _ = try? Point.linearCombination(generatorScalar: a, [(a, p)]) }
    measureMicroseconds("scalar_mul", iterations: 200_000) { _ = a * a }

    try measureMicroseconds("encrypt_selection_with_proof", iterations: 500) {
        let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(1, publicKey: key)
        _ = try RangeProof.prove(ciphertext: ciphertext, value: 1, nonce: nonce, range: 0...1, publicKey: key, context: context)
    }

    let count = 2_000
    let proofs = try (0..<count).map { index in
        let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(index % 2, publicKey: key)
        return (ciphertext, try RangeProof.prove(ciphertext: ciphertext, value: index % 2, nonce: nonce, range: 0...1,
                                                 publicKey: key, context: context))
    }
    var next = 0
    let single = try measureMicroseconds("verify_selection_proof_single", iterations: 1_000) {
        let (ciphertext, proof) = proofs[next % count]
        next += 1
        try proof.verify(ciphertext: ciphertext, range: 0...1, publicKey: key, context: context)
    }
    var failures = 0
    let total = try seconds {
        var batch = BatchVerifier<Int>()
        for (index, (ciphertext, proof)) in proofs.enumerated() {
            batch.add(label: index, proof: "selection") {
                try proof.equations(ciphertext: ciphertext, range: 0...1, publicKey: key, context: context)
            }
        }
        failures = try batch.verify().count
    }
    guard failures == 0 else { throw CryptoError(.proofInvalid, "benchmark batch reported \(failures) failures") }
    let batched = total * 1e6 / Double(count)
    report("verify_selection_proof_batched_2000", batched, "us/proof")
    report("batch_speedup_vs_single", single / batched, "x")

    let table = try DiscreteLogTable(bound: 100_000)
    let target = try Point.base(Scalar(77_777))
    measureMicroseconds("dlog_bsgs_bound_100k", iterations: 20) { _ = try? table.solve(target) }
}
