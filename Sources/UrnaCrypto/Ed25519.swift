import UrnaCryptoBackend

/// An Ed25519 private key (RFC 8032 §5.1), held as its 32-byte seed.
///
/// Signatures are PureEdDSA (no context, no prehash) and deterministic: the same key and
/// message always give the same 64 bytes (RFC 8032 §5.1.6). The seed lives only inside
/// libcrypto's key, which clears it when the last copy of the key is released; copies handed
/// out by ``rawRepresentation`` are the caller's to protect. Encodings: `Specs/signatures.md` §1.
public struct Ed25519PrivateKey: Sendable {
    /// Length of the seed: 32 bytes.
    public static let byteCount = 32

    let key: Ed25519Key

    /// A fresh key: 32 bytes from `RAND_bytes` (RFC 8032 §5.1.5: "32 octets of
    /// cryptographically secure random data").
    public init() throws {
        key = try Ed25519Key(seed: SecureRandom.bytes(Ed25519Key.seedSize))
    }

    /// A key from its 32-byte seed.
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == Ed25519Key.seedSize else {
            throw CryptoError(.invalidKey, "Ed25519 private key must be 32 bytes, got \(rawRepresentation.count)")
        }
        key = try Ed25519Key(seed: rawRepresentation)
    }

    /// The 32-byte seed `k` of RFC 8032 §5.1.5.
    public var rawRepresentation: [UInt8] { key.seedBytes }

    /// The matching public key `A` (RFC 8032 §5.1.5 steps 1-4).
    public var publicKey: Ed25519PublicKey { Ed25519PublicKey(key: key.publicOnly) }

    /// The 64-byte signature `R ‖ S` of `message` (RFC 8032 §5.1.6).
    public func signature(for message: [UInt8]) throws -> [UInt8] {
        try key.sign(message)
    }
}

/// An Ed25519 public key: the 32-byte encoding of the point `A` (RFC 8032 §5.1.2).
///
/// Construction refuses a non-canonical encoding (`y ≥ p`), a point of small order and
/// bytes that are not a curve point; verification also refuses a small-order or
/// non-canonical `R` and `S ≥ L` before OpenSSL checks the group equation. These strict
/// rules are `Specs/signatures.md` §1.1.
public struct Ed25519PublicKey: Sendable, Hashable {
    /// Length of an encoded public key: 32 bytes.
    public static let byteCount = 32
    /// Length of a signature `R ‖ S`: 64 bytes.
    public static let signatureByteCount = 64

    let key: Ed25519Key

    init(key: Ed25519Key) { self.key = key }

    /// A key from its 32-byte encoding.
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == Ed25519Key.publicKeySize else {
            throw CryptoError(.invalidKey, "Ed25519 public key must be 32 bytes, got \(rawRepresentation.count)")
        }
        // RFC 8032 §5.1.3 step 1 (canonical y) and the small-order blocklist.
        if let problem = Ed25519Strict.encodingProblem(rawRepresentation) {
            throw CryptoError(.invalidKey, "Ed25519 public key \(problem)")
        }
        // RFC 8032 §5.1.3 steps 2-4: the encoding decodes to a curve point.
        guard try Ed25519Curve.isOnCurve(rawRepresentation) else {
            throw CryptoError(.invalidKey, "Ed25519 public key is not a point on the curve")
        }
        key = try Ed25519Key(publicKey: rawRepresentation)
    }

    /// The 32-byte encoding of `A`.
    public var rawRepresentation: [UInt8] { key.publicKeyBytes }

    /// RFC 8032 §5.1.7 verification with the strict rules of `Specs/signatures.md` §1.1.
    /// False for a wrong-length signature, `S ≥ L`, a small-order or non-canonical `R`, an
    /// undecodable `R`, or a signature that does not match.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        // RFC 8032 §5.1.7 step 1 (S < L, R decodes), checked here rather than left to OpenSSL.
        guard Ed25519Strict.signatureProblem(signature) == nil else { return false }
        // Steps 2-3: k = SHA-512(R ‖ A ‖ M), [S]B = R + [k]A (OpenSSL, cofactorless).
        return key.verify(signature, for: message)
    }

    /// Like ``isValidSignature(_:for:)`` but throws `signature-invalid` on failure.
    public func verify(signature: [UInt8], for message: [UInt8]) throws {
        guard signature.count == Ed25519Key.signatureSize else {
            throw CryptoError(.signatureInvalid, "Ed25519 signature must be 64 bytes, got \(signature.count)")
        }
        if let problem = Ed25519Strict.signatureProblem(signature) {
            throw CryptoError(.signatureInvalid, "Ed25519 signature refused: \(problem)")
        }
        guard key.verify(signature, for: message) else {
            throw CryptoError(.signatureInvalid, "Ed25519 signature does not verify under this public key")
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawRepresentation)
    }
}

extension Ed25519PublicKey: CustomStringConvertible {
    /// `Ed25519PublicKey(<hex>)`.
    public var description: String { "Ed25519PublicKey(\(rawRepresentation.hex))" }
}
