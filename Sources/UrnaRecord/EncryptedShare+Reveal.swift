import UrnaCrypto

/// Opening an encrypted DKG share from a revealed ECDH point, so that anyone can judge a
/// complaint (`Specs/election-record.md` §4.4). The key derivation is that of `Specs/crypto.md`
/// §5.3, steps 2–5, with `Z = x(P)` for the revealed `P = e_j·Y` instead of `x(e_j·Y)`.
extension EncryptedShare {
    /// `P = e_j·Y`: the recipient's ECDH point with this share's ephemeral key, which it reveals in a complaint.
    public func sharedPoint(recipientSecret: Scalar) throws -> Point {
        try ephemeral.multiplied(by: recipientSecret)
    }

    /// Opens the box with a revealed `P = e_j·Y` (whose correctness the complaint's proof shows).
    /// Fails like ``open(recipientSecret:context:)``: `authentication-failed` for a box that does
    /// not open, `invalid-scalar` for a plaintext that is not a non-zero scalar below q.
    public func open(sharedPoint: Point, recipientKey: Point, context: ProofContext) throws -> Scalar {
        // 2. Z = x(P).
        let z = try sharedPoint.affineCoordinates().x
        // 3.–4. info = LP(tag, ctx, Y, E_j); key = HKDF-SHA256(Z, ε, info, 32).
        let info = DomainHash.encode(tag: Self.tag, [context.digest, ephemeral.bytes, recipientKey.bytes])
        let key = try HKDFSHA256.deriveKey(inputKeyMaterial: z, salt: [], info: info, outputByteCount: 32)
        // 5. Open the AES-256-GCM box with AAD = info; the plaintext is a non-zero scalar.
        let plaintext = try AES256GCM.open(AES256GCM.SealedBox(combined: box), key: key, authenticating: info)
        let share = try Scalar(bytes: plaintext)
        guard !share.isZero else { throw CryptoError(.invalidScalar, "the decrypted share is zero") }
        return share
    }
}
