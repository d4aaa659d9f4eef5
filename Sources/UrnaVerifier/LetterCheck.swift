import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// A voter's own check (`Specs/election-record.md` §8.3): is my letter's pseudonym on the
/// registrar's roll, and was a token issued in its name — when, in which `issuance` entry? Read
/// from the public record alone; roll entries count only with the registrar's valid signature.
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
    /// The record holds the `close` entry: every issuance is published (the last batch is
    /// flushed before close), so "no token" is final.
    public let closed: Bool

    /// Scans the record at `path` (an election folder, `election.db` or a JSON Lines export).
    public static func run(recordPath path: String, letter: VoterLetter) throws -> LetterCheck {
        let reader = try Scrutineer.openSource(path: path).entries(from: 0)
        var eligibility: Eligibility?
        var rollDistrict: String?
        var issuances: [Issuance] = []
        var count: UInt64 = 0
        var closed = false
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
                case EntryKind.close.rawValue:
                    closed = true
                default:
                    break
                }
            }
        }
        guard eligibility != nil else { throw VerifierError(.invalidArgument, "\(path) holds no election entry") }
        return LetterCheck(letter: letter, rollDistrict: rollDistrict, issuances: issuances, entries: count, closed: closed)
    }

    /// What the voter reads, in plain words.
    public var summary: [String] {
        let name = "pseudonym \(letter.pseudonym.hex)"
        guard let rollDistrict else {
            return ["\(name) is NOT on the registrar's signed roll of election '\(letter.electionID)'.",
                    "Your letter cannot be used to vote: report this to the registrar, keeping the letter."]
        }
        var lines = ["\(name) is on the registrar's signed roll of district '\(TerminalText.escaped(rollDistrict))'."]
        if rollDistrict != letter.district {
            lines.append("Your letter says district '\(letter.district)': report the difference to the registrar.")
        }
        guard let first = issuances.first else {
            if closed {
                lines.append("No token was issued in its name (record of \(entries) entries, voting closed).")
            } else {
                lines.append("No token issued in its name is published yet (record of \(entries) entries). Voting is not closed:"
                             + " tokens are published in batches (at least every 64, and all at close), so check again after the close.")
            }
            return lines
        }
        lines.append("A token was issued in its name: issuance entry seq \(first.seq) (time \(first.time) ms since 1970)"
                     + (first.revealedCodeMatches ? ", with your letter's activation code." : ", with ANOTHER code than your letter's."))
        lines.append("If you did not ask for a token yourself, this is evidence that someone used your letter: keep the letter and report it.")
        if issuances.count > 1 { lines.append("It was issued \(issuances.count) times: the record is invalid (scrutineer fails issuance.pseudonym-unique).") }
        return lines
    }
}
