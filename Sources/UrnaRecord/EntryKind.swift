/// The kinds of ledger entries in an election record and the phase each belongs to
/// (`Specs/election-record.md` §3).
public enum EntryKind: String, Sendable, CaseIterable, Codable {
    case election
    case ceremony
    case roll
    case trusteePledge = "trustee-pledge"
    case trusteeCommitment = "trustee-commitment"
    case complaint
    case trusteeCheck = "trustee-check"
    case jointKey = "joint-key"
    case open
    case issuance
    case ballot
    case spoiled
    case close
    case tally
    case tallyShare = "tally-share"
    case result
}

/// The election phases, in order (`Specs/election-record.md` §3.1).
public enum Phase: String, Sendable, CaseIterable, Codable, Comparable {
    case setup
    case keyCeremony = "key-ceremony"
    case open
    case closed
    case tallied
    case published

    private var order: Int { Phase.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Phase, b: Phase) -> Bool { a.order < b.order }

    /// The phase entered by appending an entry of `kind`, or nil if the kind does not change phase.
    public static func entered(by kind: EntryKind) -> Phase? {
        switch kind {
        case .election: .setup
        case .ceremony: .keyCeremony
        case .open: .open
        case .close: .closed
        case .tally: .tallied
        case .result: .published
        default: nil
        }
    }

    /// The phases in which an entry of `kind` may be appended.
    public static func allowed(for kind: EntryKind) -> Set<Phase> {
        switch kind {
        case .election: []                       // only as the first entry
        case .ceremony: [.setup]
        case .roll: [.setup, .keyCeremony]       // once, before open
        case .trusteePledge: [.keyCeremony]
        case .trusteeCommitment, .complaint, .trusteeCheck: [.keyCeremony]
        case .jointKey: [.keyCeremony]
        case .open: [.keyCeremony]               // and only after the joint key
        case .issuance: [.open]                  // the last batch is flushed before close
        case .ballot, .spoiled: [.open]
        case .close: [.open]
        case .tally: [.closed]
        case .tallyShare: [.tallied]
        case .result: [.tallied]
        }
    }
}
