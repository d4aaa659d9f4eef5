import COpenSSL

/// Owns one Ed25519 `EVP_PKEY` (RFC 8032 §5.1). A private key's seed lives only inside it
/// (libcrypto keeps it in secure memory and clears it when the key is freed): no Swift copy
/// is kept, and ``seedBytes`` exports a fresh one on request. Its public key is a separate,
/// public-only `EVP_PKEY`, so verifiers made from it never keep the private key alive.
///
/// The key is never mutated after construction. OpenSSL 3 allows one `EVP_PKEY` to be used
/// for concurrent signing and verification (each operation gets its own `EVP_MD_CTX`), which
/// is why the class is `@unchecked Sendable`.
package final class Ed25519Key: @unchecked Sendable {
    package static let seedSize = 32
    package static let publicKeySize = 32
    package static let signatureSize = 64

    private let pkey: OpaquePointer
    /// For a private key: the same public key, on its own public-only `EVP_PKEY`.
    private let publicCompanion: Ed25519Key?
    package let isPrivate: Bool
    /// The encoded public key `A` (RFC 8032 §5.1.5 step 4).
    package let publicKeyBytes: [UInt8]

    /// A private key from its 32-byte seed (RFC 8032 §5.1.5).
    package init(seed: [UInt8]) throws {
        guard seed.count == Self.seedSize else {
            throw CryptoError(.invalidParameter, "Ed25519 seed must be 32 bytes, got \(seed.count)")
        }
        guard let pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            throw backendFailure("EVP_PKEY_new_raw_private_key")
        }
        var publicKey = [UInt8](repeating: 0, count: Self.publicKeySize)
        var length = publicKey.count
        guard EVP_PKEY_get_raw_public_key(pkey, &publicKey, &length) == 1, length == Self.publicKeySize else {
            EVP_PKEY_free(pkey)
            throw backendFailure("EVP_PKEY_get_raw_public_key")
        }
        let companion: Ed25519Key
        do {
            companion = try Ed25519Key(publicKey: publicKey)
        } catch {
            EVP_PKEY_free(pkey)
            throw error
        }
        self.pkey = pkey
        self.publicCompanion = companion
        self.isPrivate = true
        self.publicKeyBytes = publicKey
        // The seed is exported on request (``seedBytes``): a key that cannot give it back is
        // refused now, so that no caller ever stores an empty seed in place of a key.
        var exported = exportSeed()
        defer { Cleanse.wipe(&exported) }
        guard exported == seed else { throw backendFailure("EVP_PKEY_get_raw_private_key") }
    }

    /// A public key from its 32-byte encoding. OpenSSL 3.0 does not decode the point here;
    /// `Ed25519PublicKey` applies the strict rules (canonical, not small order, on the curve)
    /// before calling this (`Specs/signatures.md` §1.1).
    package init(publicKey: [UInt8]) throws {
        guard publicKey.count == Self.publicKeySize else {
            throw CryptoError(.invalidParameter, "Ed25519 public key must be 32 bytes, got \(publicKey.count)")
        }
        guard let pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, publicKey, publicKey.count) else {
            throw backendFailure("EVP_PKEY_new_raw_public_key")
        }
        self.pkey = pkey
        self.publicCompanion = nil
        self.isPrivate = false
        self.publicKeyBytes = publicKey
    }

    deinit {
        // EVP_PKEY_free clears the private key bytes (secure heap, OPENSSL_secure_clear_free).
        EVP_PKEY_free(pkey)
    }

    /// The public key alone: itself for a public key.
    package var publicOnly: Ed25519Key { publicCompanion ?? self }

    /// A fresh copy of the seed, the caller's to protect (empty for a public key; a private key
    /// was checked to export it when it was made).
    package var seedBytes: [UInt8] { isPrivate ? exportSeed() : [] }

    private func exportSeed() -> [UInt8] {
        var seed = [UInt8](repeating: 0, count: Self.seedSize)
        var length = seed.count
        guard EVP_PKEY_get_raw_private_key(pkey, &seed, &length) == 1, length == Self.seedSize else {
            ERR_clear_error()
            return []
        }
        return seed
    }

    /// PureEdDSA signature of `message` (RFC 8032 §5.1.6); 64 bytes.
    package func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard isPrivate else { throw CryptoError(.invalidParameter, "cannot sign with a public key") }
        let context = try MessageDigestContext()
        guard EVP_DigestSignInit(context.ctx, nil, nil, nil, pkey) == 1 else {
            throw backendFailure("EVP_DigestSignInit")
        }
        var signature = [UInt8](repeating: 0, count: Self.signatureSize)
        var length = signature.count
        let ok = message.withNonNullBytes { pointer, count in
            EVP_DigestSign(context.ctx, &signature, &length, pointer, count)
        }
        guard ok == 1, length == Self.signatureSize else { throw backendFailure("EVP_DigestSign") }
        return signature
    }

    /// PureEdDSA verification (RFC 8032 §5.1.7). False for any failure, including a
    /// signature of the wrong length, `S ≥ L`, or a key or `R` that does not decode.
    package func verify(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == Self.signatureSize, let context = try? MessageDigestContext() else { return false }
        guard EVP_DigestVerifyInit(context.ctx, nil, nil, nil, pkey) == 1 else {
            ERR_clear_error()
            return false
        }
        let result = message.withNonNullBytes { pointer, count in
            EVP_DigestVerify(context.ctx, signature, signature.count, pointer, count)
        }
        if result != 1 { ERR_clear_error() }
        return result == 1
    }

}

/// Owns one `EVP_MD_CTX` for a one-shot sign or verify.
private final class MessageDigestContext {
    let ctx: OpaquePointer

    init() throws {
        guard let ctx = EVP_MD_CTX_new() else { throw backendFailure("EVP_MD_CTX_new") }
        self.ctx = ctx
    }

    deinit { EVP_MD_CTX_free(ctx) }
}

extension Array where Element == UInt8 {
    /// Calls `body` with a non-null pointer even for an empty array (some OpenSSL entry
    /// points reject a null input pointer even when the length is zero).
    func withNonNullBytes<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress, !buffer.isEmpty { return try body(base, buffer.count) }
            var placeholder: UInt8 = 0
            return try withUnsafePointer(to: &placeholder) { try body($0, 0) }
        }
    }
}
