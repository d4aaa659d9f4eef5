import UrnaCrypto

/// A voter's receipt for a cast ballot (`Specs/election-record.md` §7): enough to show later,
/// offline against the ledger key and online against any newer checkpoint, that the ballot
/// with this tracking code is entry `seq` of the election's ledger.
///
/// The service makes it (``make(electionID:seq:entryHash:ballotBody:inclusionProof:checkpointNote:)``)
/// once the ballot's entry is covered by a signed checkpoint; a voter or `scrutineer receipt`
/// checks it. JSON, keys sorted:
///
/// ```json
/// {"checkpoint": "<signed note>", "election_id": "city-2026", "entry_hash": "<64 hex>",
///  "inclusion_proof": ["<64 hex>", …], "seq": 41, "tracking_code": "<64 hex>", "version": 1}
/// ```
public struct Receipt: Sendable, Hashable, Codable {
    public static let currentVersion = 1

    public let version: Int
    public let electionID: String
    /// `H("urna/v1/tracking-code", canonical bytes, signature)` of the ballot (§5.3).
    public let trackingCode: HexBytes
    /// The ballot's entry in the ledger.
    public let seq: UInt64
    /// The entry hash (`Specs/ledger.md` §2.2), the Merkle leaf input of the ballot's entry.
    public let entryHash: HexBytes
    /// A signed checkpoint (C2SP signed note) whose tree covers `seq`.
    public let checkpoint: String
    /// RFC 9162 `PATH(seq, D[n])` for the checkpoint's size `n`, from the leaf upwards.
    public let inclusionProof: [HexBytes]

    enum CodingKeys: String, CodingKey {
        case version, seq, checkpoint
        case electionID = "election_id"
        case trackingCode = "tracking_code"
        case entryHash = "entry_hash"
        case inclusionProof = "inclusion_proof"
    }

    public init(electionID: String, trackingCode: [UInt8], seq: UInt64, entryHash: [UInt8], checkpoint: String,
                inclusionProof: [[UInt8]]) throws {
        self.version = Self.currentVersion
        self.electionID = electionID
        self.trackingCode = HexBytes(trackingCode)
        self.seq = seq
        self.entryHash = HexBytes(entryHash)
        self.checkpoint = checkpoint
        self.inclusionProof = inclusionProof.map(HexBytes.init)
        try validate()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        electionID = try container.decode(String.self, forKey: .electionID)
        trackingCode = try container.decode(HexBytes.self, forKey: .trackingCode)
        seq = try container.decode(UInt64.self, forKey: .seq)
        entryHash = try container.decode(HexBytes.self, forKey: .entryHash)
        checkpoint = try container.decode(String.self, forKey: .checkpoint)
        inclusionProof = try container.decode([HexBytes].self, forKey: .inclusionProof)
        try validate()
    }

    /// The receipt of the ballot entry `seq` whose stored body is `ballotBody`, with its
    /// inclusion proof in the tree of the signed `checkpointNote`.
    public static func make(electionID: String, seq: UInt64, entryHash: [UInt8], ballotBody: [UInt8],
                            inclusionProof: [[UInt8]], checkpointNote: String) throws -> Receipt {
        let ballot = try CanonicalJSON.decode(Ballot.self, from: ballotBody)
        return try Receipt(electionID: electionID, trackingCode: ballot.trackingCode, seq: seq, entryHash: entryHash,
                           checkpoint: checkpointNote, inclusionProof: inclusionProof)
    }

    /// The short form people compare (`3f2a-91bc-0d4e-77a1`).
    public var shortTrackingCode: String { Ballot.shortTrackingCode(trackingCode.bytes) }

    /// The receipt as JSON (keys sorted, one line).
    public func encoded() throws -> [UInt8] { try CanonicalJSON.encode(self) }

    /// Parses a receipt; a failure names the field.
    public static func decode(_ bytes: [UInt8]) throws -> Receipt {
        try CanonicalJSON.decodeInput(Receipt.self, from: bytes)
    }

    func validate() throws {
        guard version == Self.currentVersion else {
            throw RecordError(.malformed, "receipt version \(version) is not supported (expected \(Self.currentVersion))")
        }
        guard Manifest.isValidIdentifier(electionID) else {
            throw RecordError(.malformed, "receipt election_id '\(electionID.prefix(80))' is not an identifier")
        }
        guard trackingCode.bytes.count == 32, entryHash.bytes.count == 32 else {
            throw RecordError(.malformed, "receipt tracking_code and entry_hash must be 32 bytes (64 hex digits)")
        }
        guard seq <= UInt64(1) << 53 - 1 else {
            throw RecordError(.malformed, "receipt seq \(seq) exceeds 2^53-1, the largest integer of canonical JSON (RFC 8785)")
        }
        guard inclusionProof.count <= 64, inclusionProof.allSatisfy({ $0.bytes.count == 32 }) else {
            throw RecordError(.malformed, "receipt inclusion_proof must hold at most 64 hashes of 32 bytes")
        }
        guard !checkpoint.isEmpty, checkpoint.utf8.count <= 1 << 20 else {
            throw RecordError(.malformed, "receipt checkpoint must be a signed note of at most 1 MiB")
        }
    }
}
