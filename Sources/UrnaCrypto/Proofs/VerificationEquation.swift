/// One group equation of a proof, in the form `commitment = g·G + Σ sᵢ·Pᵢ`
/// (`Specs/crypto.md` §4.6). Every proof verifies by checking a few of these, one at a time
/// (``check()``), or many at once under random weights (``BatchVerifier``).
public struct VerificationEquation: Sendable {
    /// Names the equation in an error, e.g. `range branch 1: key side`.
    public let name: String
    public let commitment: Point
    public let generatorScalar: Scalar?
    public let terms: [(Scalar, Point)]

    public init(name: String, commitment: Point, generatorScalar: Scalar?, terms: [(Scalar, Point)]) {
        self.name = name
        self.commitment = commitment
        self.generatorScalar = generatorScalar
        self.terms = terms
    }

    /// The same equation under another name (e.g. prefixed with the proof it belongs to).
    public func renamed(_ name: String) -> VerificationEquation {
        VerificationEquation(name: name, commitment: commitment, generatorScalar: generatorScalar, terms: terms)
    }

    /// Evaluates the right-hand side and compares: the plain, unbatched check. libcrypto's
    /// interleaved method is the faster one for the two or three terms of one equation (a
    /// Pippenger MSM pays 256 doublings whatever the size).
    public func holds() throws -> Bool {
        try Point.linearCombination(generatorScalar: generatorScalar, terms) == commitment
    }

    /// Throws `proof-invalid` naming the proof and this equation when it does not hold.
    public func check(proof: String) throws {
        guard try holds() else {
            throw CryptoError(.proofInvalid, "\(proof): equation '\(name)' does not hold")
        }
    }
}

extension Array where Element == VerificationEquation {
    /// Checks each equation singly; throws on the first that fails.
    func checkAll(proof: String) throws {
        for equation in self { try equation.check(proof: proof) }
    }
}

/// Refuses the point at infinity in a statement (a ciphertext with `A = O` reveals its plaintext).
func requireFinite(_ points: [(String, Point)], in proof: String) throws {
    for (name, point) in points {
        guard !point.isInfinity else {
            throw CryptoError(.invalidPoint, "\(proof): \(name) is the point at infinity")
        }
    }
}
