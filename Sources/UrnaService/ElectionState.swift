import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// How a credential has been used: its district (fixed by its first ballot or spoil), ballots
/// cast and ballots spoiled.
struct CredentialUse: Sendable {
    let district: String
    var ballots = 0
    var spoils = 0
}

/// What the service knows about its election, rebuilt from the public ledger on open and
/// updated as entries are appended. The ledger is the source of truth.
struct ElectionState: Sendable {
    var phase: Phase = .setup
    var electionBodyBytes: [UInt8] = []
    var electionBody: ElectionBody?
    /// Trustee → its `trustee-pledge` body (§4.2a).
    var pledges: [Int: TrusteePledgeBody] = [:]
    var commitments: [Int: TrusteeCommitmentBody] = [:]
    var complaints: [ComplaintBody] = []
    /// Trustee → its `trustee-check` body (§4.4a).
    var checks: [Int: TrusteeCheckBody] = [:]
    var jointKey: JointKeyBody?
    /// The seq of the `joint-key` entry (for the signed context voters fetch).
    var jointKeySeq: UInt64?
    var context: ElectionContext?
    /// Credential (raw key bytes) → its use so far. A credential belongs to the district of its
    /// first ballot or spoil for the whole election (`Specs/election-record.md` §5.6).
    var credentials: [[UInt8]: CredentialUse] = [:]
    /// Signatures of every ballot and spoiled entry. A ballot cannot be altered without its
    /// credential's key, so a replay repeats a signature: this set refuses every replay
    /// (`Specs/election-record.md` §5.6) without decoding ballots' points on open.
    var ballotSignatures: Set<[UInt8]> = []
    var ballotsCast = 0
    var spoiled = 0
    /// Ballot and spoiled entries by the district they name (informative counts for the summary).
    var castByDistrict: [String: Int] = [:]
    var spoiledByDistrict: [String: Int] = [:]
    /// The roll and the published issuances (`Specs/election-record.md` §4.1a, §4.6).
    var eligibility: Eligibility?
    /// SHA-256 of the stored bodies of the `roll` entries, so an identical import is recognised
    /// (digests: a city's roll is hundreds of megabytes).
    var rollBodies: Set<[UInt8]> = []
    var tally: TallyBody?
    var tallyShares: [Int: TallyShareBody] = [:]
    var result: ResultBody?

    var manifest: Manifest? { electionBody?.manifest }

    /// Only the fields of a ballot the service's bookkeeping needs (decoding points is costly).
    struct BallotHeader: Decodable {
        let credential: HexBytes
        let district: String
        let signature: HexBytes
    }

    /// The header of a ballot the service has just checked (its entry need not be parsed again).
    static func header(of ballot: Ballot) -> BallotHeader {
        BallotHeader(credential: ballot.credential, district: ballot.district, signature: ballot.signature)
    }

    struct SpoiledHeader: Decodable {
        let ballot: BallotHeader
    }

    /// Applies one entry appended to (or read back from) the ledger. `ballot` is the header of
    /// a `ballot` or `spoiled` entry's ballot when the caller already has it (else it is parsed).
    mutating func apply(_ entry: Entry, ballot known: BallotHeader? = nil) throws {
        guard let kind = EntryKind(rawValue: entry.kind) else {
            throw ServiceError(.internalFailure, "entry \(entry.seq) has unknown kind '\(entry.kind)'")
        }
        switch kind {
        case .election:
            electionBodyBytes = entry.body
            let body = try CanonicalJSON.decode(ElectionBody.self, from: entry.body)
            electionBody = body
            eligibility = Eligibility(election: body, setupDigest: ElectionBody.setupDigest(bodyBytes: entry.body))
        case .roll:
            // Checked before it was appended; a record's own entries are trusted here (scrutineer judges them).
            guard eligibility != nil else { throw ServiceError(.internalFailure, "entry \(entry.seq): a roll before the election entry") }
            let body = try CanonicalJSON.decode(RollBody.self, from: entry.body)
            eligibility?.add(roll: body)   // in place: the roll is not copied per entry
            rollBodies.insert(SHA256.hash(entry.body))
        case .trusteePledge:
            let body = try CanonicalJSON.decode(TrusteePledgeBody.self, from: entry.body)
            pledges[body.trustee] = body
        case .trusteeCommitment:
            let body = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: entry.body)
            commitments[body.trustee] = body
        case .complaint:
            complaints.append(try CanonicalJSON.decode(ComplaintBody.self, from: entry.body))
        case .trusteeCheck:
            let body = try CanonicalJSON.decode(TrusteeCheckBody.self, from: entry.body)
            checks[body.trustee] = body
        case .jointKey:
            let body = try CanonicalJSON.decode(JointKeyBody.self, from: entry.body)
            jointKey = body
            jointKeySeq = entry.seq
            context = try ElectionContext(electionBodyBytes: electionBodyBytes, jointKey: body.jointKey)
        case .issuance:
            let body = try CanonicalJSON.decode(IssuanceBody.self, from: entry.body)
            _ = eligibility?.add(issuance: body)
        case .ballot:
            let header = try known ?? CanonicalJSON.decodeFields(BallotHeader.self, from: entry.body)
            credentials[header.credential.bytes, default: CredentialUse(district: header.district)].ballots += 1
            ballotSignatures.insert(header.signature.bytes)
            ballotsCast += 1
            castByDistrict[header.district, default: 0] += 1
        case .spoiled:
            let header = try known.map { SpoiledHeader(ballot: $0) } ?? CanonicalJSON.decodeFields(SpoiledHeader.self, from: entry.body)
            credentials[header.ballot.credential.bytes, default: CredentialUse(district: header.ballot.district)].spoils += 1
            ballotSignatures.insert(header.ballot.signature.bytes)
            spoiled += 1
            spoiledByDistrict[header.ballot.district, default: 0] += 1
        case .tally:
            tally = try CanonicalJSON.decode(TallyBody.self, from: entry.body)
        case .tallyShare:
            let body = try CanonicalJSON.decode(TallyShareBody.self, from: entry.body)
            tallyShares[body.trustee] = body
        case .result:
            result = try CanonicalJSON.decode(ResultBody.self, from: entry.body)
        case .ceremony, .open, .close:
            break
        }
        if let entered = Phase.entered(by: kind) { phase = entered }
    }

    /// Refuses `action` unless the election is in one of `phases`.
    func require(_ phases: Set<Phase>, for action: String) throws {
        guard phases.contains(phase) else {
            let allowed = phases.sorted().map(\.rawValue).joined(separator: " or ")
            let already = phases.allSatisfy { $0 < phase } ? " (that step is done)" : ""
            throw ServiceError(.wrongPhase, "cannot \(action): the election is in phase '\(phase.rawValue)', this needs '\(allowed)'\(already); next: \(phase.nextStep)")
        }
    }

    func requireContext() throws -> ElectionContext {
        guard let context else {
            throw ServiceError(.wrongPhase, "the election has no joint key yet (phase '\(phase.rawValue)'); next: \(phase.nextStep)")
        }
        return context
    }
}
