import UrnaCrypto

/// RFC 9474 RSABSSA-SHA384-PSS-Randomized with a 3072-bit key: client blind, server blind-sign,
/// client finalize (which includes one verification), and a token verification.
func benchBlindRSA() throws {
    let variant = BlindRSA.Variant.sha384PSSRandomized
    var key: BlindRSAPrivateKey?
    report("rsa3072_keygen", try seconds { key = try BlindRSAPrivateKey.generate(bits: 3072) } * 1e6, "us")
    guard let key else { throw CryptoError(.invalidParameter, "key generation produced no key") }
    let pk = key.publicKey
    let message = try BlindRSA.tokenMessage(
        electionID: "bench-election", districtID: "district-1", credentialPublicKey: [UInt8](repeating: 7, count: 32))
    let prepared = try pk.prepare(message, variant: variant)
    let (blinded, inverse) = try pk.blind(prepared, variant: variant)
    let blindSignature = try key.blindSign(blinded)
    let signature = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)

    try measureMicroseconds("rsa3072_blind", iterations: 300) { _ = try pk.blind(prepared, variant: variant) }
    try measureMicroseconds("rsa3072_blind_sign", iterations: 300) { _ = try key.blindSign(blinded) }
    try measureMicroseconds("rsa3072_finalize", iterations: 1000) {
        _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
    }
    try measureMicroseconds("token_verify", iterations: 3000) { try pk.verify(signature, preparedMessage: prepared, variant: variant) }
    try measureMicroseconds("rsa3072_public_key_import", iterations: 100) { _ = try BlindRSAPublicKey(spkiDER: pk.spkiDER) }
    let der = try key.pkcs8DER  // encoded once: the import alone is measured
    try measureMicroseconds("rsa3072_private_key_import", iterations: 10) { _ = try BlindRSAPrivateKey(pkcs8DER: der) }
}
