/// A body of a new entry: its kind and canonical JSON bytes (`Specs/ledger.md` §2.1).
/// The ledger assigns seq, time and prev when it appends it.
public struct EntryDraft: Sendable, Hashable {
    public let kind: String
    public let body: [UInt8]

    public init(kind: String, body: [UInt8]) throws {
        try Entry.validateKind(kind)
        guard body.count <= Entry.maxBodySize else {
            throw LedgerError(.invalidParameter, "entry body has \(body.count) bytes, more than \(Entry.maxBodySize)")
        }
        self.kind = kind
        self.body = body
    }
}
