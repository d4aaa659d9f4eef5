/// What a proof is bound to (strong Fiat-Shamir, `Specs/crypto.md` §4.1): for a ballot
/// the election hash, district, contest and selection ids and the voter's credential key;
/// for a trustee the election and trustee ids. A proof made for one context fails in another.
public struct ProofContext: Sendable, Hashable {
    /// The caller's parts, in order; each is length-prefixed when hashed.
    public let parts: [[UInt8]]
    /// `H("urna/v1/proof-context", parts…)`, the first input of every challenge.
    public let digest: [UInt8]

    public init(_ parts: [[UInt8]]) {
        self.parts = parts
        self.digest = DomainHash.hash(tag: "urna/v1/proof-context", parts)
    }

    /// A context of UTF-8 strings (ids) and byte strings mixed by the caller.
    public init(strings: [String]) {
        self.init(strings.map { Array($0.utf8) })
    }
}

/// Fiat-Shamir challenge derivation (`Specs/crypto.md` §4.1).
public enum Challenge {
    /// `c = H(tag, context.digest, parts…)` read big-endian, reduced mod q.
    public static func derive(tag: String, context: ProofContext, _ parts: [[UInt8]]) -> Scalar {
        Scalar(reducing: DomainHash.hash(tag: tag, [context.digest] + parts))
    }
}

extension CryptoError.Code {
    /// A proof's carried challenge differs from the one recomputed from its statement and commitments.
    public static let challengeMismatch = Self(rawValue: "challenge-mismatch")
    /// A proof's group equation does not hold.
    public static let proofInvalid = Self(rawValue: "proof-invalid")
    /// A value (plaintext, selection count) lies outside its allowed range.
    public static let outOfRange = Self(rawValue: "out-of-range")
}
