import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// Everything a verification keeps while it streams a record, and all an incremental run needs
/// to go on from where the last one stopped (`Specs/verification.md` §5). Memory is bounded by
/// the record's voters (one credential and one pseudonym each), never by its bytes.
struct VerifierState: Codable {
    // MARK: Ledger (Specs/ledger.md §2–§4)

    /// Items read: the number of leaves in the tree.
    var position: UInt64 = 0
    /// The seq the next entry should carry (resynchronised after a break, so one gap is one failure).
    var expectedSeq: UInt64 = 0
    /// The stored hash of the last entry, which the next `prev` must equal; nil after an
    /// entry that did not decode.
    var linkHead: HexBytes? = HexBytes(Entry.genesisPrev)
    /// The time of the last entry (times never decrease, `Specs/ledger.md` §2.1).
    var lastTime: Int64?
    /// The recomputed hash of the last entry: the chain head a checkpoint must name.
    var chainHead = HexBytes(Entry.genesisPrev)
    /// The Merkle frontier (complete subtrees of the tree so far, largest first).
    var frontier: [HexBytes] = []
    /// The checkpoint this verification vouches for (the latest valid one that matched).
    var checkpoint: RememberedCheckpoint?

    // MARK: Phases (election-record.md §3)

    var phase: Phase?
    var jointKeySeen = false
    /// The last entry that entered a phase, and the `close` entry.
    var lastPhaseSeq: UInt64?
    var closeSeq: UInt64?

    // MARK: Election and ceremony (§4.1–§4.5)

    var electionBody: HexBytes?
    var jointKey: StoredPoint?
    var qualified: [Int] = []
    var publicShares: [String: StoredPoint] = [:]
    /// Trustee → the body bytes of its valid `trustee-pledge` entry (§4.2a).
    var pledges: [Int: HexBytes] = [:]
    /// Trustees that filed a `trustee-pledge` entry signed by their identity key (valid or not).
    var pledgesFiled: Set<Int> = []
    /// The first `trustee-commitment` entry signed by its trustee: no pledge may follow it.
    var firstRevealSeq: UInt64?
    /// Trustees with a valid commitment entry, and the entry's body bytes.
    var commitments: [Int: HexBytes] = [:]
    /// Trustees that filed a commitment entry (valid or not).
    var committed: Set<Int> = []
    /// (accuser, accused) pairs that filed a complaint, as `256·accuser + accused` (one per pair).
    var complaintPairs: Set<Int> = []
    /// Trustees disqualified by an upheld complaint.
    var disqualified: Set<Int> = []
    /// The valid complaint entries' bodies, in record order.
    var complaintBodies: [HexBytes] = []
    /// Trustees with a valid `trustee-check` entry, and the entry's body bytes.
    var checks: [Int: HexBytes] = [:]
    /// Trustees that filed a `trustee-check` entry (valid or not).
    var checksFiled: Set<Int> = []

    // MARK: Roll and issuance (§4.1a, §4.6)

    /// The roll, and which pseudonyms were issued a token.
    var eligibility: Eligibility?

    // MARK: Ballots (§5)

    var districts: [String: VerificationReport.District] = [:]
    /// Tracking codes of every ballot and spoiled entry so far (a repeat is a replay).
    var trackingCodes = NumberedKeys<Key32>()
    /// Per credential: its district, its counted ballot and its spoils
    /// (`Specs/election-record.md` §5.6).
    var credentials = CredentialTable()
    /// Re-voting only: credential → the counted ballot's ciphertexts (33-byte points, A then B).
    var countedCiphertexts: [Key32: HexBytes] = [:]
    /// District → running sum of every selection (ballot order) over the counted ballots.
    /// Kept as points while verifying; written here only when the state is saved.
    var aggregates: [String: [StoredCiphertext]] = [:]

    // MARK: Tally (§4.8–§4.10)

    var tallySeq: UInt64?
    var tallyBody: HexBytes?
    /// Trustee → body bytes of its valid `tally-share` entry.
    var validShares: [Int: HexBytes] = [:]
    var sharesSeen: Set<Int> = []
    var publishedResult: ResultBody?
    var recomputedResult: ResultBody?

    // MARK: Outcome

    var passed: [Check: Int] = [:]
    var failed: [Check: Int] = [:]
    var failures: [VerificationReport.Failure] = []
    var failureCount = 0
    var ballotsVerified = 0
}

/// A checkpoint a verification (or an earlier run) found valid and matching the record.
struct RememberedCheckpoint: Codable, Hashable {
    let size: UInt64
    let root: HexBytes
    let chainHead: HexBytes
    let note: String
}

/// A point that may be the point at infinity, as hex (`00` for infinity).
struct StoredPoint: Codable, Hashable {
    let point: Point

    init(_ point: Point) { self.point = point }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            point = try Point(hex: container.decode(String.self), allowInfinity: true)
        } catch let error as CryptoError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(point.hex)
    }
}

/// A ciphertext whose points may be infinity (running sums start at `(O, O)`).
struct StoredCiphertext: Codable, Hashable {
    let a: StoredPoint
    let b: StoredPoint

    init(_ ciphertext: ElGamalCiphertext) {
        a = StoredPoint(ciphertext.a)
        b = StoredPoint(ciphertext.b)
    }

    var ciphertext: ElGamalCiphertext { ElGamalCiphertext(a: a.point, b: b.point) }
}

/// Rebuilds a ``MerkleFrontier`` from its saved hashes (one per set bit of the size, largest first).
struct SavedFrontier: MerkleSubtreeReader {
    let size: UInt64
    let hashes: [[UInt8]]

    func subtreeHash(level: Int, index: UInt64) throws -> [UInt8] {
        // The k-th hash belongs to the k-th set bit of size, from the top.
        var k = 0
        for bit in stride(from: 63, to: level, by: -1) where size & (1 << UInt64(bit)) != 0 { k += 1 }
        guard size & (1 << UInt64(level)) != 0, k < hashes.count else {
            throw LedgerError(.invalidParameter, "the saved frontier has no subtree at level \(level)")
        }
        return hashes[k]
    }

    func frontier() throws -> MerkleFrontier {
        guard hashes.count == size.nonzeroBitCount else {
            throw LedgerError(.invalidParameter, "a frontier of size \(size) has \(size.nonzeroBitCount) hashes, not \(hashes.count)")
        }
        return try MerkleFrontier(size: size, reader: self)
    }
}
