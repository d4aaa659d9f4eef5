import UrnaCryptoBackend

extension CryptoError.Code {
    /// An authenticated ciphertext failed its tag check: wrong key, nonce or associated
    /// data, or tampered bytes. No plaintext is released.
    public static let authenticationFailed = Self(rawValue: "authentication-failed")
}

/// AES-256-GCM (NIST SP 800-38D): 32-byte key, 12-byte nonce, 16-byte tag. `Specs/secrets.md` §3.
///
/// A nonce must never repeat under one key; ``seal(_:key:nonce:authenticating:)`` draws a
/// random one from `RAND_bytes` unless the caller supplies it.
public enum AES256GCM {
    public static let keyByteCount = 32
    public static let nonceByteCount = 12
    public static let tagByteCount = 16

    /// A sealed message: nonce, ciphertext (same length as the plaintext) and tag.
    public struct SealedBox: Sendable, Hashable {
        public let nonce: [UInt8]
        public let ciphertext: [UInt8]
        public let tag: [UInt8]

        /// A box from its parts; throws `invalid-encoding` for a wrong nonce or tag length.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws {
            guard nonce.count == AES256GCM.nonceByteCount else {
                throw CryptoError(.invalidEncoding, "AES-GCM nonce must be 12 bytes, got \(nonce.count)")
            }
            guard tag.count == AES256GCM.tagByteCount else {
                throw CryptoError(.invalidEncoding, "AES-GCM tag must be 16 bytes, got \(tag.count)")
            }
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }

        /// Parses `nonce (12) ‖ ciphertext ‖ tag (16)`; throws `invalid-encoding` if shorter than 28 bytes.
        public init(combined: [UInt8]) throws {
            let overhead = AES256GCM.nonceByteCount + AES256GCM.tagByteCount
            guard combined.count >= overhead else {
                throw CryptoError(.invalidEncoding, "AES-GCM box of \(combined.count) bytes is shorter than \(overhead)")
            }
            try self.init(
                nonce: Array(combined.prefix(AES256GCM.nonceByteCount)),
                ciphertext: Array(combined.dropFirst(AES256GCM.nonceByteCount).dropLast(AES256GCM.tagByteCount)),
                tag: Array(combined.suffix(AES256GCM.tagByteCount)))
        }

        /// `nonce (12) ‖ ciphertext ‖ tag (16)`.
        public var combined: [UInt8] { nonce + ciphertext + tag }
    }

    /// Encrypts `plaintext` and authenticates it together with `aad` (which is not encrypted).
    /// `nonce` defaults to 12 random bytes. Throws `invalid-parameter` for a key that is not
    /// 32 bytes or a nonce that is not 12.
    public static func seal(
        _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8]? = nil, authenticating aad: [UInt8] = []
    ) throws -> SealedBox {
        let nonce = try nonce ?? SecureRandom.bytes(nonceByteCount)
        let (ciphertext, tag) = try AES256GCMBackend.seal(key: key, nonce: nonce, plaintext: plaintext, aad: aad)
        return try SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
    }

    /// Checks the tag over `aad` and the ciphertext, then returns the plaintext. Throws
    /// `authentication-failed` if the check fails, `invalid-parameter` for a bad key length.
    public static func open(_ box: SealedBox, key: [UInt8], authenticating aad: [UInt8] = []) throws -> [UInt8] {
        guard let plaintext = try AES256GCMBackend.open(
            key: key, nonce: box.nonce, ciphertext: box.ciphertext, tag: box.tag, aad: aad)
        else {
            throw CryptoError(.authenticationFailed,
                "AES-256-GCM tag check failed (wrong key, nonce or associated data, or modified ciphertext)")
        }
        return plaintext
    }
}
