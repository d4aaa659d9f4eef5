/// Something that turns a checkpoint body into a signed note (`Specs/ledger.md` §4.2).
/// The ledger's own signer is ``CheckpointSigner``; a store takes any conforming value so
/// that the key can live in a separate private store or device.
public protocol CheckpointSigning: Sendable {
    /// The signed note: the checkpoint text, a blank line, then the signature line(s).
    func signedNote(for checkpoint: Checkpoint) throws -> String
}

/// Something that checks a signed checkpoint note and returns its body
/// (`Specs/ledger.md` §4.2). The ledger's own verifier is ``CheckpointVerifier``.
public protocol CheckpointVerifying: Sendable {
    /// Parses `signedNote`, verifies the ledger's signature on it, and returns the checkpoint.
    func verifiedCheckpoint(_ signedNote: String) throws -> Checkpoint
}
