/// What the commission knows about a ballot it built: who (credential) cast it where, what it
/// chose, and whether it was built as a valid ballot. Keyed by tracking code.
struct BallotFact: Sendable {
    let credential: [UInt8]
    let district: String
    let choices: [String: Set<String>]
    /// Built validly (no chosen defect) for this election.
    let valid: Bool
}

/// A defect the commission builds into a ballot on purpose.
enum BallotDefect: String, CaseIterable, Sendable {
    /// A flipped byte of the credential's signature.
    case badSignature
    /// A token minted in another district (and the ballot cast in this one).
    case wrongDistrictToken
    /// A contest with a selection count outside `[min, max]`, proven for the widened range.
    case sumOutOfRange
    /// Another election's hash.
    case wrongElection
}
