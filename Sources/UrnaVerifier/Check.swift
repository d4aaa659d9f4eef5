/// The named checks of a verification (`Specs/verification.md` §3). Every failure names one of
/// them and, where it concerns an entry, the entry's seq. The list is fixed: a report always
/// lists every check, with its pass and fail counts, even when nothing exercised it.
public enum Check: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    // Ledger (Specs/ledger.md).
    case entryFormat = "ledger.entry-format"
    case entryHash = "ledger.entry-hash"
    case chain = "ledger.chain"
    case checkpointSignature = "ledger.checkpoint-signature"
    case merkleRoot = "ledger.merkle-root"
    case truncation = "ledger.truncation"
    case consistency = "ledger.consistency"
    case coverage = "ledger.coverage"
    case storedNodes = "ledger.stored-nodes"
    // Phases and the election entry.
    case phaseOrder = "phase.order"
    case manifest = "manifest"
    // Trustees' identity signatures (crypto.md §6).
    case identitySignature = "identity.signature"
    // Key ceremony.
    case ceremonyPledge = "ceremony.pledge"
    case ceremonyReveal = "ceremony.reveal"
    case ceremonyCommitment = "ceremony.commitment"
    case ceremonyComplaint = "ceremony.complaint"
    case ceremonyCheck = "ceremony.check"
    case ceremonyJointKey = "ceremony.joint-key"
    // Token issuance.
    case issuanceBatch = "issuance.batch"
    case issuancePseudonymUnique = "issuance.pseudonym-unique"
    // Ballots (cast and spoiled).
    case ballotShape = "ballot.shape"
    case ballotElection = "ballot.election"
    case ballotDistrict = "ballot.district"
    case ballotToken = "ballot.token"
    case ballotCredentialSignature = "ballot.credential-signature"
    case ballotProof = "ballot.proof"
    case ballotUnique = "ballot.unique"
    case ballotCredentialUnique = "ballot.credential-unique"
    case ballotCredentialDistrict = "ballot.credential-district"
    case spoiledNonces = "spoiled.nonces"
    case spoiledLimit = "spoiled.limit"
    case districtCountedLEIssued = "district.counted-le-issued"
    // Tally and result.
    case tallyAggregates = "tally.aggregates"
    case tallyShareProof = "tally.share-proof"
    case tallyCombination = "tally.combination"
    case resultMatches = "result.matches"

    /// What the check establishes, one line.
    public var summary: String {
        switch self {
        case .entryFormat: "every entry decodes (row or line form, field rules)"
        case .entryHash: "every entry's stored hash is H(\"urna/v1/entry\", seq, kind, time, prev, body)"
        case .chain: "seq runs 0, 1, 2, … and every prev is the previous entry's hash"
        case .checkpointSignature: "every checkpoint is signed by the election's ledger key"
        case .merkleRoot: "at every checkpoint's size the recomputed Merkle root and chain head are the checkpoint's"
        case .truncation: "the record holds every entry its checkpoints cover; sizes never decrease"
        case .consistency: "the record extends the checkpoint and state remembered from the last run"
        case .coverage: "every entry is covered by a signed checkpoint that matches the entries"
        case .storedNodes: "every stored Merkle node is the recomputed subtree hash; none is missing or extra"
        case .phaseOrder: "entries come in their phases, phases in order, each once"
        case .manifest: "the election entry decodes, its manifest and keys are valid"
        case .identitySignature: "every trustee pledge, commitment, complaint, check and tally share is signed by its trustee's identity key in the election entry"
        case .ceremonyPledge: "each trustee pledges once, before any commitment is revealed"
        case .ceremonyReveal: "each commitment comes after every trustee's pledge and is the one its trustee pledged"
        case .ceremonyCommitment: "each trustee's commitments, Schnorr proof and encrypted shares (with their ephemeral-key proofs) are well formed and valid"
        case .ceremonyComplaint: "each complaint's proof is valid; it is judged from the revealed share"
        case .ceremonyCheck: "each trustee's signed check covers every commitment and lists exactly its complaints"
        case .ceremonyJointKey: "every trustee's check is in; the qualified set, joint key and public shares are recomputed"
        case .issuanceBatch: "issuance batches name known districts and are sorted"
        case .issuancePseudonymUnique: "no voter pseudonym is issued a token twice"
        case .ballotShape: "ballots decode (valid points and scalars) and match their district's ballot"
        case .ballotElection: "ballots carry this election's hash"
        case .ballotDistrict: "ballots name a district of the manifest (the token is then checked under that district's key only)"
        case .ballotToken: "the token verifies under the district's key over the credential"
        case .ballotCredentialSignature: "the credential's Ed25519 signature over the canonical bytes verifies"
        case .ballotProof: "every selection and contest-sum proof verifies (batched)"
        case .ballotUnique: "no ballot appears twice (a spoiled or superseded ballot cannot be replayed)"
        case .ballotCredentialUnique: "a credential counts once (its last ballot when re-voting is allowed)"
        case .ballotCredentialDistrict: "a credential votes and spoils in one district only, for the whole election"
        case .spoiledNonces: "spoiled ballots re-encrypt to their ciphertexts under the revealed nonces"
        case .spoiledLimit: "no credential spoils more ballots than the manifest's spoil_limit"
        case .districtCountedLEIssued: "per district, counted ballots do not exceed issued tokens"
        case .tallyAggregates: "the published aggregates are the sums of the counted ballots"
        case .tallyShareProof: "every decryption share's Chaum-Pedersen proof verifies against the trustee's public share"
        case .tallyCombination: "the result's trustees are a valid quorum whose shares combine to counts in range"
        case .resultMatches: "the published result equals the recomputed one"
        }
    }

    /// The rule it enforces.
    public var rule: String {
        switch self {
        case .entryFormat: "ledger.md §2.1, §6.1, §7.1"
        case .entryHash: "ledger.md §2.2"
        case .chain: "ledger.md §2.3"
        case .checkpointSignature: "ledger.md §4.2; election-record.md §4.1 ledger_key"
        case .merkleRoot: "ledger.md §3.1, §4.1, §4.2"
        case .truncation: "ledger.md §4.4, §6.4"
        case .consistency: "ledger.md §3.4, §4.3"
        case .coverage: "ledger.md §4.4"
        case .storedNodes: "ledger.md §3.2, §7.1, §7.3"
        case .phaseOrder: "election-record.md §3, §3.1"
        case .manifest: "election-record.md §2, §4.1"
        case .identitySignature: "crypto.md §6; election-record.md §4.1, §4.2a–§4.4a, §4.9"
        case .ceremonyPledge: "election-record.md §4.2a"
        case .ceremonyReveal: "election-record.md §4.2a, §4.3"
        case .ceremonyCommitment: "election-record.md §4.3; crypto.md §4.2, §5.1, §5.3"
        case .ceremonyComplaint: "election-record.md §4.4; crypto.md §4.3, §5.3"
        case .ceremonyCheck: "election-record.md §4.4a; crypto.md §4.2"
        case .ceremonyJointKey: "election-record.md §4.5; crypto.md §5.1"
        case .issuanceBatch: "election-record.md §4.6"
        case .issuancePseudonymUnique: "election-record.md §4.6"
        case .ballotShape: "election-record.md §5.1, §5.5 (2, 3 credential length, 5 decoding)"
        case .ballotElection: "election-record.md §5.5 (1)"
        case .ballotDistrict: "election-record.md §5.5 (1)"
        case .ballotToken: "election-record.md §5.5 (3); tokens.md"
        case .ballotCredentialSignature: "election-record.md §5.2, §5.5 (4)"
        case .ballotProof: "election-record.md §5.4, §5.5 (5); crypto.md §4.4, §4.6"
        case .ballotUnique: "election-record.md §5.6"
        case .ballotCredentialUnique: "election-record.md §5.6"
        case .ballotCredentialDistrict: "election-record.md §5.6"
        case .spoiledNonces: "election-record.md §4.7; crypto.md §3.4"
        case .spoiledLimit: "election-record.md §2 spoil_limit, §4.7"
        case .districtCountedLEIssued: "election-record.md §5.6"
        case .tallyAggregates: "election-record.md §4.8"
        case .tallyShareProof: "election-record.md §4.9; crypto.md §4.3, §5.2"
        case .tallyCombination: "election-record.md §4.10; crypto.md §3.3, §5.2"
        case .resultMatches: "election-record.md §4.10"
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Check, b: Check) -> Bool { a.order < b.order }
}
