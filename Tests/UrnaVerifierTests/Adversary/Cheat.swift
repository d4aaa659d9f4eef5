/// Ways a generated commission cheats (none: an honest election).
enum Cheat: String, CaseIterable, Sendable {
    /// A credential casts in two districts with tokens minted for both (finding 1's class).
    case crossDistrict
    /// Without re-voting, a second ballot under a used credential.
    case secondBallot
    /// A credential spoils more than the limit.
    case overSpoil
    /// Ballots of commission-minted credentials (valid under today's rules: counted).
    case stuffing
    /// A ballot with a defect (bad signature, wrong-district token, sum out of range, other election).
    case defectiveBallot
    /// A ballot after `close`.
    case afterClose
    /// A spoiled ballot cast again as a ballot.
    case replaySpoiled
    /// One pseudonym fewer than tokens used.
    case underIssue
    /// Tokens of commission-minted credentials accounted for by a forged issuance: an invented
    /// pseudonym, another district's, a wrong code or a pseudonym issued before (the commission
    /// holds no registrar key and no letter of a voter who did not come).
    case forgedIssuance
    /// A published count off by one.
    case forgeResult
    /// A tally aggregate replaced by one voter's ciphertext.
    case singleBallotAggregate
    /// A valid ballot left out of the tally.
    case dropFromTally

    var knownBug: KnownBug? { self == .crossDistrict ? .crossDistrict : nil }
}

/// One record a generated commission publishes, and the known bug its attack belongs to.
struct CandidateRecord {
    let label: String
    let drafts: [Draft]
    let knownBug: KnownBug?
}
