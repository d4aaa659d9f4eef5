/// A checkpoint inside a C2SP signed note (`Specs/ledger.md` §4.2): the checkpoint text, an
/// empty line, then one or more signature lines, each ending in `\n`.
extension Checkpoint {
    /// Splits a signed note into its text (ending in `\n`) and its signature lines (without
    /// their `\n`). Checks the framing only, not the signatures.
    public static func splitNote(_ note: String) throws -> (text: String, signatureLines: [String]) {
        let bytes = Array(note.utf8)
        var split: Int?
        for i in 0..<max(0, bytes.count - 1) where bytes[i] == 0x0A && bytes[i + 1] == 0x0A {
            split = i
            break
        }
        guard let split else {
            throw LedgerError(.invalidCheckpoint, "signed note has no empty line between text and signatures")
        }
        let text = String(decoding: bytes[...split], as: UTF8.self)
        let rest = bytes[(split + 2)...]
        guard !rest.isEmpty, rest.last == 0x0A else {
            throw LedgerError(.invalidCheckpoint, "signed note has no signature lines, or does not end with a newline")
        }
        let lines = rest.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.allSatisfy({ !$0.isEmpty }) else {
            throw LedgerError(.invalidCheckpoint, "signed note has an empty signature line")
        }
        return (text, lines)
    }

    /// The checkpoint of a signed note, without checking any signature.
    public init(signedNote: String) throws {
        try self.init(text: try Self.splitNote(signedNote).text)
    }
}
