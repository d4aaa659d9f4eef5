import UrnaLedger
import Foundation
import UrnaRecord

/// The outcome of verifying a record (`Specs/verification.md` §4): every named check with its
/// pass and fail counts, every failure (check, entry, reason), the figures per district, and
/// the recomputed and published results. `isValid` is true only if no check failed.
public struct VerificationReport: Sendable, Codable {
    /// One named check's counts: how many things it checked and how many failed.
    public struct CheckResult: Sendable, Codable, Hashable {
        public let check: Check
        public let summary: String
        public let rule: String
        public var passed: Int
        public var failed: Int
    }

    /// One failure: the check, the entry (nil when the failure concerns no single entry, e.g. a
    /// checkpoint note that does not parse), and what was wrong.
    public struct Failure: Sendable, Codable, Hashable, CustomStringConvertible {
        public let check: Check
        public let seq: UInt64?
        public let reason: String

        public init(check: Check, seq: UInt64?, reason: String) {
            self.check = check
            self.seq = seq
            self.reason = reason
        }

        public var description: String { "\(check.rawValue) at \(seq.map { "seq \($0)" } ?? "record"): \(reason)" }
    }

    /// What the record says about one district.
    public struct District: Sendable, Codable, Hashable {
        public let id: String
        public let name: String
        /// Pseudonyms on the registrar's roll.
        public var rollSize: Int
        /// Pseudonyms validly issued a token in `issuance` entries.
        public var tokensIssued: Int
        /// `ballot` entries cast in the district (valid or not).
        public var ballotsCast: Int
        /// Ballots that count: valid, in phase, one per credential (the last when re-voting).
        public var ballotsCounted: Int
        /// Ballots that failed a check or came outside the open phase.
        public var ballotsRejected: Int
        /// Earlier ballots of a credential that voted again (re-voting).
        public var ballotsSuperseded: Int
        /// `spoiled` entries.
        public var spoiled: Int
        /// `ballotsCounted / rollSize` (nil with an empty roll).
        public var turnout: Double? { rollSize > 0 ? Double(ballotsCounted) / Double(rollSize) : nil }
        /// The counts decrypted from the published aggregates and shares (contest → candidate → count).
        public var results: [String: [String: Int]]?

        enum CodingKeys: String, CodingKey {
            case id, name, spoiled, results, turnout
            case rollSize = "roll_size"
            case tokensIssued = "tokens_issued"
            case ballotsCast = "ballots_cast"
            case ballotsCounted = "ballots_counted"
            case ballotsRejected = "ballots_rejected"
            case ballotsSuperseded = "ballots_superseded"
        }

        public init(id: String, name: String) {
            self.id = id
            self.name = name
            rollSize = 0
            tokensIssued = 0
            ballotsCast = 0
            ballotsCounted = 0
            ballotsRejected = 0
            ballotsSuperseded = 0
            spoiled = 0
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            rollSize = try container.decode(Int.self, forKey: .rollSize)
            tokensIssued = try container.decode(Int.self, forKey: .tokensIssued)
            ballotsCast = try container.decode(Int.self, forKey: .ballotsCast)
            ballotsCounted = try container.decode(Int.self, forKey: .ballotsCounted)
            ballotsRejected = try container.decode(Int.self, forKey: .ballotsRejected)
            ballotsSuperseded = try container.decode(Int.self, forKey: .ballotsSuperseded)
            spoiled = try container.decode(Int.self, forKey: .spoiled)
            results = try container.decodeIfPresent([String: [String: Int]].self, forKey: .results)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(rollSize, forKey: .rollSize)
            try container.encode(tokensIssued, forKey: .tokensIssued)
            try container.encode(ballotsCast, forKey: .ballotsCast)
            try container.encode(ballotsCounted, forKey: .ballotsCounted)
            try container.encode(ballotsRejected, forKey: .ballotsRejected)
            try container.encode(ballotsSuperseded, forKey: .ballotsSuperseded)
            try container.encode(spoiled, forKey: .spoiled)
            try container.encodeIfPresent(turnout, forKey: .turnout)
            try container.encodeIfPresent(results, forKey: .results)
        }
    }

    /// The checkpoint the verdict is about.
    public struct CheckpointInfo: Sendable, Codable, Hashable {
        public let size: UInt64
        /// Merkle root, lowercase hex.
        public let root: String
        public let note: String
    }

    /// A contest's title and candidates' names (from the manifest), to name the results.
    public struct ContestNames: Sendable, Codable, Hashable {
        public struct Candidate: Sendable, Codable, Hashable {
            public let id: String
            public let name: String
        }

        public let id: String
        public let title: String
        public let candidates: [Candidate]
    }

    /// Incremental runs: where this run started and what it remembered.
    public struct Resumption: Sendable, Codable, Hashable {
        /// Entries verified by earlier runs (re-hashed only, not re-verified, in this one).
        public let resumedAt: UInt64
        /// The remembered checkpoint size.
        public let rememberedCheckpoint: UInt64?
    }

    public let record: String
    public var electionID: String?
    public var title: String?
    /// The last phase the record entered.
    public var phase: String?
    /// The ledger verifier key the checkpoints were checked with.
    public var ledgerKey: String?
    /// ``LedgerKeyFingerprint`` of ``ledgerKey``: what an observer compares with the fingerprint
    /// the commission published out of band.
    public var ledgerKeyFingerprint: String?
    /// Where ``ledgerKey`` came from.
    public var ledgerKeySource: LedgerKeySource?
    /// The file `--ledger-key` named (``LedgerKeySource/optionFile``).
    public var ledgerKeyFile: String?
    /// Set when the key came from the record itself, with no matching published copy beside it
    /// and none given with `--ledger-key`: whoever can rewrite the record can replace the key.
    public var ledgerKeyWarning: String?
    /// The identity keys the election entry names, with their fingerprints (people compare them
    /// with the ones their holders announced).
    public var identityKeys: [IdentityKey]?
    /// The manifest's contests in ballot order, with titles and candidate names.
    public var contests: [ContestNames]?
    public var entries: UInt64
    public var checkpoint: CheckpointInfo?
    public var checks: [CheckResult]
    public var failures: [Failure]
    /// All failures, including those left out of ``failures`` beyond the report's limit.
    public var failureCount: Int
    public var districts: [District]
    /// The result recomputed from the record (decrypted aggregates), shaped as a `result` entry body.
    public var recomputedResult: ResultBody?
    /// The `result` entry as published.
    public var publishedResult: ResultBody?
    public var resumption: Resumption?
    public var elapsedSeconds: Double
    /// Ballot and spoiled entries verified in this run.
    public var ballotsVerified: Int

    public var isValid: Bool { failureCount == 0 }

    /// The recomputed counts, district → contest → candidate → count (the shape of the demo's
    /// `expected.json`); nil until a result is published and decrypts.
    public var results: [String: [String: [String: Int]]]? { recomputedResult?.districts.mapValues(\.contests) }

    enum CodingKeys: String, CodingKey {
        case record, phase, entries, checkpoint, checks, failures, districts, resumption
        case electionID = "election_id"
        case title
        case ledgerKey = "ledger_key"
        case ledgerKeyFingerprint = "ledger_key_fingerprint"
        case ledgerKeySource = "ledger_key_source"
        case ledgerKeyFile = "ledger_key_file"
        case ledgerKeyWarning = "ledger_key_warning"
        case contests
        case identityKeys = "identity_keys"
        case failureCount = "failure_count"
        case recomputedResult = "recomputed_result"
        case publishedResult = "published_result"
        case elapsedSeconds = "elapsed_seconds"
        case ballotsVerified = "ballots_verified"
        case isValid = "valid"
        case results
    }

    init(record: String) {
        self.record = record
        entries = 0
        checks = Check.allCases.map { CheckResult(check: $0, summary: $0.summary, rule: $0.rule, passed: 0, failed: 0) }
        failures = []
        failureCount = 0
        districts = []
        elapsedSeconds = 0
        ballotsVerified = 0
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        record = try container.decode(String.self, forKey: .record)
        electionID = try container.decodeIfPresent(String.self, forKey: .electionID)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        phase = try container.decodeIfPresent(String.self, forKey: .phase)
        ledgerKey = try container.decodeIfPresent(String.self, forKey: .ledgerKey)
        ledgerKeyFingerprint = try container.decodeIfPresent(String.self, forKey: .ledgerKeyFingerprint)
        ledgerKeySource = try container.decodeIfPresent(LedgerKeySource.self, forKey: .ledgerKeySource)
        ledgerKeyFile = try container.decodeIfPresent(String.self, forKey: .ledgerKeyFile)
        ledgerKeyWarning = try container.decodeIfPresent(String.self, forKey: .ledgerKeyWarning)
        contests = try container.decodeIfPresent([ContestNames].self, forKey: .contests)
        identityKeys = try container.decodeIfPresent([IdentityKey].self, forKey: .identityKeys)
        entries = try container.decode(UInt64.self, forKey: .entries)
        checkpoint = try container.decodeIfPresent(CheckpointInfo.self, forKey: .checkpoint)
        checks = try container.decode([CheckResult].self, forKey: .checks)
        failures = try container.decode([Failure].self, forKey: .failures)
        failureCount = try container.decode(Int.self, forKey: .failureCount)
        districts = try container.decode([District].self, forKey: .districts)
        recomputedResult = try container.decodeIfPresent(ResultBody.self, forKey: .recomputedResult)
        publishedResult = try container.decodeIfPresent(ResultBody.self, forKey: .publishedResult)
        resumption = try container.decodeIfPresent(Resumption.self, forKey: .resumption)
        elapsedSeconds = try container.decode(Double.self, forKey: .elapsedSeconds)
        ballotsVerified = try container.decode(Int.self, forKey: .ballotsVerified)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(isValid, forKey: .isValid)
        try container.encode(record, forKey: .record)
        try container.encodeIfPresent(electionID, forKey: .electionID)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(phase, forKey: .phase)
        try container.encodeIfPresent(ledgerKey, forKey: .ledgerKey)
        try container.encodeIfPresent(ledgerKeyFingerprint, forKey: .ledgerKeyFingerprint)
        try container.encodeIfPresent(ledgerKeySource, forKey: .ledgerKeySource)
        try container.encodeIfPresent(ledgerKeyFile, forKey: .ledgerKeyFile)
        try container.encodeIfPresent(ledgerKeyWarning, forKey: .ledgerKeyWarning)
        try container.encodeIfPresent(contests, forKey: .contests)
        try container.encodeIfPresent(identityKeys, forKey: .identityKeys)
        try container.encode(entries, forKey: .entries)
        try container.encodeIfPresent(checkpoint, forKey: .checkpoint)
        try container.encode(checks, forKey: .checks)
        try container.encode(failures, forKey: .failures)
        try container.encode(failureCount, forKey: .failureCount)
        try container.encode(districts, forKey: .districts)
        try container.encodeIfPresent(results, forKey: .results)
        try container.encodeIfPresent(recomputedResult, forKey: .recomputedResult)
        try container.encodeIfPresent(publishedResult, forKey: .publishedResult)
        try container.encodeIfPresent(resumption, forKey: .resumption)
        try container.encode(elapsedSeconds, forKey: .elapsedSeconds)
        try container.encode(ballotsVerified, forKey: .ballotsVerified)
    }

    /// Records where the ledger key came from, its fingerprint and, when the record vouched for
    /// its own key, the warning (`Specs/verification.md` §4).
    mutating func describeLedgerKey(_ source: LedgerKeySource, file: String? = nil) {
        ledgerKeySource = source
        ledgerKeyFile = file
        ledgerKeyFingerprint = ledgerKey.map(LedgerKeyFingerprint.of)
        if source == .electionEntry {
            ledgerKeyWarning = "the ledger key was taken from the record itself (its election entry): no published copy beside "
                + "the record (ledger.vkey) matches it and no --ledger-key was given, so whoever can rewrite the record can replace "
                + "the key. Compare the fingerprint "
                + "\(ledgerKeyFingerprint ?? "(none)") with the one the commission published out of band, or pass --ledger-key ledger.vkey"
        } else {
            ledgerKeyWarning = nil
        }
    }

    /// The key was given with `--ledger-key` (``TrustedLedgerKey/resolve(_:)``): records whether
    /// as a string or a file.
    public mutating func trusted(_ key: TrustedLedgerKey) {
        describeLedgerKey(key.source, file: key.path)
    }

    /// The counts of one check.
    public func result(of check: Check) -> CheckResult? { checks.first { $0.check == check } }

    /// The failures of one check.
    public func failures(of check: Check) -> [Failure] { failures.filter { $0.check == check } }

    /// The report as pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
