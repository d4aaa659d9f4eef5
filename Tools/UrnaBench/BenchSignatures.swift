import UrnaCrypto

/// Ed25519 signing and verification through OpenSSL EVP, on a 100-byte message (a checkpoint body's size).
func benchSignatures() throws {
    let key = try Ed25519PrivateKey()
    let publicKey = key.publicKey
    let message = [UInt8](repeating: 0x61, count: 100)
    let signature = try key.signature(for: message)
    try measureMicroseconds("ed25519_sign", iterations: 5_000) { _ = try key.signature(for: message) }
    try measureMicroseconds("ed25519_verify", iterations: 5_000) { try publicKey.verify(signature: signature, for: message) }
}
