import UrnaCryptoBackend

/// Checks many proofs at once (`Specs/crypto.md` §4.6).
///
/// Each proof contributes its group equations `Cₑ = gₑ·G + Σ sₑᵢ·Pₑᵢ`. The batch draws an
/// independent random 128-bit weight `wₑ` per equation and checks the single multi-scalar
/// multiplication `(Σ wₑgₑ)·G + Σ wₑsₑᵢ·Pₑᵢ − Σ wₑ·Cₑ = O`, merging repeated points (the
/// joint key, a ciphertext used by several equations). A false equation passes with
/// probability at most 2⁻¹²⁸. When the batch fails, halves are re-checked recursively until
/// every failing proof is found, so a failure always names the proof(s) at fault.
public struct BatchVerifier<Label: Hashable & Sendable>: Sendable {
    public struct Failure: Sendable, Error {
        public let label: Label
        public let error: CryptoError
    }

    private var items: [(label: Label, equations: [VerificationEquation], proof: String)] = []
    private var failures: [Failure] = []

    public init() {}

    public var count: Int { items.count + failures.count }

    /// Adds one proof. `makeEquations` runs the proof's non-algebraic checks (challenge,
    /// ranges, point validity); if it throws, the proof is recorded as failed at once.
    public mutating func add(label: Label, proof: String, _ makeEquations: () throws -> [VerificationEquation]) {
        do {
            items.append((label, try makeEquations(), proof))
        } catch let error as CryptoError {
            failures.append(Failure(label: label, error: error))
        } catch {
            failures.append(Failure(label: label, error: CryptoError(.proofInvalid, "\(proof): \(error)")))
        }
    }

    /// Runs the batch. Returns every failing proof with its reason; empty means all passed.
    public func verify() throws -> [Failure] {
        var found = failures
        try locateFailures(items[...], into: &found)
        return found
    }

    private func locateFailures(
        _ slice: ArraySlice<(label: Label, equations: [VerificationEquation], proof: String)>,
        into found: inout [Failure]
    ) throws {
        guard !slice.isEmpty else { return }
        if slice.count == 1, let item = slice.first {
            do {
                try item.equations.checkAll(proof: item.proof)
            } catch let error as CryptoError {
                found.append(Failure(label: item.label, error: error))
            }
            return
        }
        if try Self.combinedHolds(slice.flatMap(\.equations)) { return }
        let middle = slice.startIndex + slice.count / 2
        try locateFailures(slice[..<middle], into: &found)
        try locateFailures(slice[middle...], into: &found)
    }

    /// Whether the randomly weighted sum of `equations` is the identity:
    /// `(Σ wₑgₑ)·G + Σ (wₑsₑᵢ)·Pₑᵢ + Σ wₑ·(−Cₑ) = O`, one MSM in our own field code. Repeated
    /// points (the joint key, a ciphertext in several equations) are merged; each commitment enters
    /// negated with its 128-bit weight, so half the scalars are short. Coefficients are computed
    /// mod q on limbs (`P256OrderElement`), without allocation.
    static func combinedHolds(_ equations: [VerificationEquation]) throws -> Bool {
        var generator = P256Limbs.zero
        var index: [[UInt8]: Int] = [:]
        var points: [P256Affine] = []
        var scalars: [P256Limbs] = []
        points.reserveCapacity(equations.count * 3)
        scalars.reserveCapacity(equations.count * 3)
        let weights = try Scalar.randomWeights(count: equations.count)
        for (equation, weight) in zip(equations, weights) {
            let w = P256OrderElement(integer: weight.fastLimbs)
            if let g = equation.generatorScalar {
                generator = P256OrderElement.addMod(generator, w.timesInteger(g.fastLimbs))
            }
            for (scalar, point) in equation.terms {
                guard let affine = point.affine else { continue }
                let product = w.timesInteger(scalar.fastLimbs)
                if let position = index[point.bytes] {
                    scalars[position] = P256OrderElement.addMod(scalars[position], product)
                } else {
                    index[point.bytes] = points.count
                    points.append(affine)
                    scalars.append(product)
                }
            }
            if let commitment = equation.commitment.affine {
                points.append(commitment.negated)
                scalars.append(weight.fastLimbs)
            }
        }
        points.append(.generator)
        scalars.append(generator)
        return try P256MSM.combination(points: points, scalars: scalars).isInfinity
    }
}
