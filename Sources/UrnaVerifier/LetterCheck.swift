import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// A voter's own check (`Specs/election-record.md` §8.3): is my letter's pseudonym on the
/// registrar's roll, and was a token issued in its name — when, in which `issuance` entry? The
/// record is verified first (as `scrutineer verify`): an answer read from a record observers
/// reject proves nothing and is never given as final. The answer names the verified checkpoint
/// and the ledger and registrar key fingerprints, so a voter can tell whether it is the record
/// observers verify (a commission can sign a fork without the voter's issuance).
public struct LetterCheck: Sendable {
    /// The `issuance` entry that names the pseudonym.
    public struct Issuance: Sendable, Hashable {
        public let seq: UInt64
        /// The entry's time (ms since the epoch).
        public let time: Int64
        /// The revealed code is the letter's own.
        public let revealedCodeMatches: Bool
    }

    public let letter: VoterLetter
    /// The district whose signed roll holds the pseudonym; nil when no roll does.
    public let rollDistrict: String?
    /// Every issuance entry naming the pseudonym (more than one makes the record invalid).
    public let issuances: [Issuance]
    /// Entries read.
    public let entries: UInt64
    /// The verification of the record the answer was read from.
    public let report: VerificationReport
    /// The record verifies.
    public var verified: Bool { report.isValid }
    /// The verified record has entered the closed phase: every issuance is published (the last
    /// batch is flushed before close), so "no token" is final.
    public var closed: Bool {
        verified && [Phase.closed, .tallied, .published].map(\.rawValue).contains(report.phase ?? "")
    }

    /// Verifies the record at `path` (an election folder, `election.db` or a JSON Lines export)
    /// and scans it for the letter's pseudonym. A caller that has just verified the same file
    /// passes its `report` instead of verifying it again.
    public static func run(recordPath path: String, letter: VoterLetter, report verified: VerificationReport? = nil) throws -> LetterCheck {
        let report = try verified ?? Scrutineer.verify(path: path)
        let reader = try Scrutineer.openSource(path: path).entries(from: 0)
        var eligibility: Eligibility?
        var rollDistrict: String?
        var issuances: [Issuance] = []
        var count: UInt64 = 0
        while true {
            let items = try reader.next(maxCount: 256)
            guard !items.isEmpty else { break }
            for case .entry(let entry) in items {
                count += 1
                switch entry.kind {
                case EntryKind.election.rawValue:
                    let body = try CanonicalJSON.decode(ElectionBody.self, from: entry.body)
                    guard body.manifest.electionID == letter.electionID else {
                        throw VerifierError(.invalidArgument, "this letter is for election '\(TerminalText.escaped(letter.electionID))', but the record is election '\(TerminalText.escaped(body.manifest.electionID))'")
                    }
                    eligibility = Eligibility(election: body, setupDigest: ElectionBody.setupDigest(bodyBytes: entry.body))
                case EntryKind.roll.rawValue:
                    guard let model = eligibility, let body = try? model.checkRoll(entry.body) else { continue }
                    if body.pseudonyms[letter.pseudonym.hex] != nil { rollDistrict = body.district }
                case EntryKind.issuance.rawValue:
                    guard let body = try? CanonicalJSON.decode(IssuanceBody.self, from: entry.body) else { continue }
                    for batch in body.districts.values {
                        guard let code = batch[letter.pseudonym.hex] else { continue }
                        issuances.append(Issuance(seq: entry.seq, time: entry.time, revealedCodeMatches: code == letter.code.canonical))
                    }
                default:
                    break
                }
            }
        }
        guard eligibility != nil else { throw VerifierError(.invalidArgument, "\(path) holds no election entry") }
        return LetterCheck(letter: letter, rollDistrict: rollDistrict, issuances: issuances, entries: count, report: report)
    }

    /// What the voter reads, in plain words.
    public var summary: [String] {
        let name = "pseudonym \(letter.pseudonym.hex)"
        var lines: [String] = []
        if verified, let checkpoint = report.checkpoint {
            lines.append("The record verifies: checkpoint of \(checkpoint.size) entries, root \(checkpoint.root), ledger key fingerprint \(report.ledgerKeyFingerprint ?? "?")"
                         + (registrarFingerprint.map { ", registrar key fingerprint \($0)" } ?? "") + ".")
            lines.append("Compare them with the ones the commission, the registrar and the observers publish: a different checkpoint at the same size, or other keys, is not the election observers verify.")
        } else {
            lines.append("WARNING: this record does NOT verify (\(report.failureCount) failure(s); run scrutineer verify). It proves nothing about your letter; get the published record and check again.")
        }
        let qualifier = verified ? "" : "(unverified record) "
        guard let rollDistrict else {
            lines.append("\(qualifier)\(name) is NOT on the registrar's signed roll of election '\(letter.electionID)'.")
            if verified { lines.append("Your letter cannot be used to vote: report this to the registrar, keeping the letter.") }
            return lines
        }
        lines.append("\(qualifier)\(name) is on the registrar's signed roll of district '\(TerminalText.escaped(rollDistrict))'.")
        if rollDistrict != letter.district {
            lines.append("Your letter says district '\(letter.district)': report the difference to the registrar.")
        }
        guard let first = issuances.first else {
            if !verified {
                lines.append("(unverified record) it shows no token issued in its name.")
            } else if closed {
                lines.append("No token was issued in its name (record of \(entries) entries, voting closed).")
            } else {
                lines.append("No token issued in its name is published yet (record of \(entries) entries). Voting is not closed:"
                             + " tokens are published in batches (at least every 64, and all at close), so check again after the close.")
            }
            return lines
        }
        lines.append("\(qualifier)A token was issued in its name: issuance entry seq \(first.seq) (time \(first.time) ms since 1970)"
                     + (first.revealedCodeMatches ? ", with your letter's activation code." : ", with ANOTHER code than your letter's."))
        lines.append("If you did not ask for a token yourself, this is evidence that someone used your letter: keep the letter and report it.")
        if issuances.count > 1 { lines.append("It was issued \(issuances.count) times: the record is invalid (scrutineer fails issuance.pseudonym-unique).") }
        return lines
    }

    /// The registrar's identity key fingerprint, from the verified election entry.
    var registrarFingerprint: String? {
        report.identityKeys?.first { $0.role == "registrar" }?.fingerprint
    }
}
