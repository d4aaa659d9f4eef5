/// Something that turns a checkpoint body into a signed note (`Specs/ledger.md` §4.2).
/// The ledger's own signer is ``CheckpointSigner``; a store takes any conforming value so
/// that the key can live elsewhere (another process, a device).
public protocol CheckpointSigning: Sendable {
    /// The verifier key (`name+keyid+base64`) of the signatures this signer makes.
    var verifierKey: String { get }
    /// The signed note: the checkpoint text, a blank line, then the signature line(s).
    func signedNote(for checkpoint: Checkpoint) throws -> String
}

/// Something that checks a signed checkpoint note and returns its body
/// (`Specs/ledger.md` §4.2). The ledger's own verifier is ``CheckpointVerifier``.
public protocol CheckpointVerifying: Sendable {
    /// The verifier key (`name+keyid+base64`) this verifier trusts.
    var verifierKey: String { get }
    /// Parses `signedNote`, verifies the ledger's signature on it, and returns the checkpoint.
    func verifiedCheckpoint(_ signedNote: String) throws -> Checkpoint
}
