extension CryptoError.Code {
    /// A signature line from a known key (name and key ID match a verifier) does not verify.
    public static let noteSignatureInvalid = Self(rawValue: "note-signature-invalid")
    /// No signature line comes from any of the given verifiers.
    public static let noteUnverified = Self(rawValue: "note-unverified")
}

extension SignedNote {
    /// Checks the note against a set of known keys (c2sp.org/signed-note, "Signatures";
    /// `Specs/signatures.md` §2.5) and returns the verifiers that signed, in note order,
    /// each once.
    ///
    /// - Signature lines whose key name and key ID do not both match a verifier are ignored.
    /// - A line that matches a verifier but does not verify throws `note-signature-invalid`
    ///   (the spec lets a client reject the whole note; Urna always does).
    /// - If no line matches a verifier, throws `note-unverified`.
    /// - Two verifiers with the same name and key ID throw `invalid-parameter`.
    public func verify(verifiers: [NoteVerifier]) throws -> [NoteVerifier] {
        try verifySignatures(verifiers: verifiers).map(\.verifier)
    }

    /// Like ``verify(verifiers:)``, but also returns each cosignature's timestamp.
    public func verifySignatures(verifiers: [NoteVerifier]) throws -> [VerifiedNoteSignature] {
        var known: [KeyHandle: NoteVerifier] = [:]
        for verifier in verifiers {
            let handle = KeyHandle(name: Array(verifier.name.utf8), keyID: verifier.keyID)
            if let other = known[handle], other != verifier {
                throw CryptoError(.invalidParameter,
                    "two verifiers share key name \(verifier.name) and key ID \(NoteKeyString.hex(verifier.keyID))")
            }
            known[handle] = verifier
        }
        var verified: [VerifiedNoteSignature] = []
        for signature in signatures {
            guard let verifier = known[KeyHandle(name: Array(signature.name.utf8), keyID: signature.keyID)] else {
                continue  // Unknown key: MUST be ignored.
            }
            guard verifier.isValidSignature(signature.signature, text: text) else {
                throw CryptoError(.noteSignatureInvalid,
                    "signature by \(signature.name) (key ID \(NoteKeyString.hex(signature.keyID)), type 0x\([verifier.type.rawValue].hex)) does not verify")
            }
            guard !verified.contains(where: { $0.verifier == verifier }) else { continue }
            let timestamp = verifier.type == .cosignatureV1 ? NoteVerifier.timestamp(signature.signature) : nil
            verified.append(VerifiedNoteSignature(verifier: verifier, timestamp: timestamp))
        }
        guard !verified.isEmpty else {
            let names = signatures.map { "\($0.name)+\(NoteKeyString.hex($0.keyID))" }.joined(separator: ", ")
            throw CryptoError(.noteUnverified, "no signature from a known key (note is signed by: \(names))")
        }
        return verified
    }
}

/// A signature line's identity: key name bytes and key ID.
private struct KeyHandle: Hashable {
    let name: [UInt8]
    let keyID: UInt32
}
