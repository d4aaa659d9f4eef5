/// An exponential ElGamal ciphertext `(A, B) = (r·G, m·G + r·K)` under a joint key K
/// (`Specs/crypto.md` §3). Ciphertexts add homomorphically: the sum encrypts the sum.
public struct ElGamalCiphertext: Sendable, Hashable, Codable {
    /// `A = r·G`.
    public let a: Point
    /// `B = m·G + r·K`.
    public let b: Point

    public init(a: Point, b: Point) {
        self.a = a
        self.b = b
    }

    /// Encrypts a small non-negative integer with a caller-chosen nonce `r` in `[1, q)`.
    /// The caller keeps `r` to prove validity, or to reveal it when spoiling a ballot.
    public static func encrypt(_ message: Int, nonce: Scalar, publicKey: Point) throws -> ElGamalCiphertext {
        guard message >= 0 else { throw CryptoError(.invalidParameter, "plaintext \(message) is negative") }
        guard !nonce.isZero else { throw CryptoError(.invalidScalar, "the encryption nonce must not be zero") }
        guard !publicKey.isInfinity else { throw CryptoError(.invalidPoint, "the public key is the point at infinity") }
        let a = try Point.base(nonce)
        let b = try Point.linearCombination(generatorScalar: Scalar(UInt64(message)), [(nonce, publicKey)])
        return ElGamalCiphertext(a: a, b: b)
    }

    /// The same encryption with precomputed tables for G and K (`tables.jointKey` is the public
    /// key). Variable time: for tools only, never a real voter's client (see ``FixedBaseTable``).
    public static func encrypt(_ message: Int, nonce: Scalar, tables: EncryptionTables) throws -> ElGamalCiphertext {
        guard message >= 0 else { throw CryptoError(.invalidParameter, "plaintext \(message) is negative") }
        guard !nonce.isZero else { throw CryptoError(.invalidScalar, "the encryption nonce must not be zero") }
        let points = tables.combinations([(g: nonce, k: .zero), (g: Scalar(UInt64(message)), k: nonce)])
        return ElGamalCiphertext(a: points[0], b: points[1])
    }

    /// Encrypts with tables and a fresh uniform nonce (tools only, see ``FixedBaseTable``).
    public static func encrypt(_ message: Int, tables: EncryptionTables) throws -> (ciphertext: ElGamalCiphertext, nonce: Scalar) {
        let nonce = try Scalar.random()
        return (try encrypt(message, nonce: nonce, tables: tables), nonce)
    }

    /// Encrypts with a fresh uniform nonce, returned alongside the ciphertext.
    public static func encrypt(_ message: Int, publicKey: Point) throws -> (ciphertext: ElGamalCiphertext, nonce: Scalar) {
        let nonce = try Scalar.random()
        return (try encrypt(message, nonce: nonce, publicKey: publicKey), nonce)
    }

    /// The homomorphic sum `(A₁ + A₂, B₁ + B₂)`.
    public func adding(_ other: ElGamalCiphertext) throws -> ElGamalCiphertext {
        ElGamalCiphertext(a: try a.adding(other.a), b: try b.adding(other.b))
    }

    /// The homomorphic sum of many ciphertexts; the empty sum is `(O, O)`.
    public static func sum(_ ciphertexts: [ElGamalCiphertext]) throws -> ElGamalCiphertext {
        ElGamalCiphertext(a: try Point.sum(ciphertexts.map(\.a)), b: try Point.sum(ciphertexts.map(\.b)))
    }

    /// Whether this ciphertext is exactly the encryption of `message` under `nonce`
    /// (the spoiled-ballot check of Benaloh's cast-or-audit).
    public func isEncryption(of message: Int, nonce: Scalar, publicKey: Point) throws -> Bool {
        guard message >= 0, !nonce.isZero else { return false }
        return try ElGamalCiphertext.encrypt(message, nonce: nonce, publicKey: publicKey) == self
    }

    /// `m·G = B − s·A` for the secret key `s` (tests and single-key use; trustees use shares).
    public func decryptToPoint(secretKey: Scalar) throws -> Point {
        try b.subtracting(a.multiplied(by: secretKey))
    }

    /// Decrypts with the whole secret key and solves the bounded discrete log.
    public func decrypt(secretKey: Scalar, table: DiscreteLogTable) throws -> Int {
        try table.solve(decryptToPoint(secretKey: secretKey))
    }
}
