import UrnaCrypto

/// A checkpoint inside a C2SP signed note (`Specs/ledger.md` §4.2): the checkpoint text, an
/// empty line, then one or more signature lines.
extension Checkpoint {
    /// The checkpoint of a signed note, without checking any signature (use
    /// ``CheckpointVerifier`` for that).
    public init(signedNote: String) throws {
        try self.init(text: try CheckpointVerifier.parse(signedNote).text)
    }
}
