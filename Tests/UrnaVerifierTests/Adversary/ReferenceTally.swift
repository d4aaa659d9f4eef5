import UrnaCrypto
import UrnaRecord

/// The count a correct verifier must arrive at, computed from the commission's own knowledge
/// of every ballot's plaintext (``BallotFact``, by tracking code) and the counting rules of
/// `Specs/election-record.md` §3 and §5.6 as written — never from verifier code:
///
/// - phases `setup → key-ceremony → open → closed → tallied → published`, each entered once by
///   its entry, every kind only in its phase (§3); anything else makes the record invalid;
/// - a ballot counts if it is a ballot the commission built validly for this election (its
///   tracking code is known and unaltered), in the `open` phase, not a replay of an earlier
///   ballot or spoiled entry, and by credential: one ballot (without re-voting the first counts
///   and a second makes the record invalid; with re-voting the last counts);
/// - a credential belongs to one district for the whole election: a ballot or spoil under a
///   credential already seen in another district is never counted and makes the record invalid;
/// - spoils per credential at most `spoil_limit`; per district, once closed, counted ballots at
///   most the tokens validly issued there, which are at most the district's roll (§5.6);
/// - the roll (§4.1a): `roll` entries before `open`, each signed by the registrar's identity key
///   of the election entry for this election's setup digest, naming a district of the manifest;
///   a pseudonym on the roll once in the whole record; no district's roll ever larger than the
///   registrar announced, and exactly that large when `open` comes;
/// - an issuance (§4.6) counts a token only for a pseudonym on *its district's* roll, with a
///   revealed code whose commitment is the roll's, and not issued before; anything else makes
///   the record invalid.
struct ReferenceTally: Equatable, CustomStringConvertible {
    /// District → (ballots, contest → candidate → count); every district and contest of the manifest.
    var districts: [String: ResultBody.DistrictResult]
    /// Why the record must be invalid (empty: the record is valid as far as counting goes).
    var invalid: [String]
    /// The last phase the record entered.
    var phase: String?
    /// Tracking codes of the counted ballots, in entry order (for an adversary that re-tallies).
    var countedCodes: [[UInt8]] = []

    var description: String {
        districts.sorted { $0.key < $1.key }.map { district, result in
            let contests = result.contests.sorted { $0.key < $1.key }.map { contest, counts in
                "\(contest){" + counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
            }
            return "\(district)[\(result.ballots)]:" + contests.joined(separator: " ")
        }.joined(separator: "; ")
    }

    /// The reference over `drafts`, knowing `facts` (built for `electionBytes` under `jointKey`).
    init(drafts: [Draft], facts: [[UInt8]: BallotFact], electionBytes: [UInt8], jointKey: Point?) {
        var walker = Walker(facts: facts, electionBytes: electionBytes, jointKey: jointKey)
        for (seq, draft) in drafts.enumerated() { walker.visit(seq: seq, draft) }
        self = walker.finish()
    }

    init(districts: [String: ResultBody.DistrictResult], invalid: [String], phase: String?) {
        self.districts = districts
        self.invalid = invalid
        self.phase = phase
    }

    /// True if `result` publishes exactly this tally (every district's ballots and counts, and totals).
    static func == (a: Self, b: Self) -> Bool { a.districts == b.districts && a.invalid == b.invalid }

    func matches(_ result: ResultBody?) -> Bool {
        guard let result else { return false }
        return result.districts == districts && result.totals == ResultBody(trustees: [], districts: districts).totals
    }
}

/// One pass over the entries, applying the rules in order.
private struct Walker {
    enum Stage: Int, Comparable {
        case setup, keyCeremony, open, closed, tallied, published
        static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
    }

    let facts: [[UInt8]: BallotFact]
    let originalElection: [UInt8]
    let originalJointKey: Point?
    var stage: Stage?
    var jointKeySeen = false
    var invalid: [String] = []
    var election: ElectionBody?
    /// The stored bytes of the record's election entry.
    var electionEntry: [UInt8]?
    /// The ballots are for this record's election (election entry and joint key unchanged).
    var sameElection = true
    /// The roll: pseudonym → (district, code commitment), from validly signed roll entries.
    var roll: [Pseudonym: (district: String, commitment: [UInt8])] = [:]
    var rollSizes: [String: Int] = [:]
    /// Pseudonyms validly issued a token.
    var issuedPseudonyms = Set<Pseudonym>()
    var issued: [String: Int] = [:]
    var seenBallots = Set<[UInt8]>()
    var credentialDistrict: [[UInt8]: String] = [:]
    var spoils: [[UInt8]: Int] = [:]
    /// Credential → the counted ballot (district, choices) and its order.
    var counted: [[UInt8]: (order: Int, fact: BallotFact, code: [UInt8])] = [:]

    init(facts: [[UInt8]: BallotFact], electionBytes: [UInt8], jointKey: Point?) {
        self.facts = facts
        originalElection = electionBytes
        originalJointKey = jointKey
    }

    mutating func bad(_ seq: Int, _ reason: String) { invalid.append("seq \(seq): \(reason)") }

    /// The phase table of §3; returns whether the entry is in place (and enters its phase).
    mutating func admit(seq: Int, _ draft: Draft) -> Bool {
        let kind = draft.kind
        if kind == "election" {
            guard seq == 0, stage == nil else { bad(seq, "election entry not first"); return false }
            stage = .setup
            return true
        }
        guard let current = stage else { bad(seq, "\(kind) before the election entry"); return false }
        guard current != .published else { bad(seq, "\(kind) after the result"); return false }
        let allowed: Stage?
        switch kind {
        case "ceremony": allowed = .setup
        case "roll": allowed = current <= .keyCeremony ? current : nil
        case "trustee-pledge", "trustee-commitment", "complaint", "trustee-check": allowed = jointKeySeen ? nil : .keyCeremony
        case "joint-key": allowed = jointKeySeen ? nil : .keyCeremony
        case "open": allowed = jointKeySeen ? .keyCeremony : nil
        case "issuance", "ballot", "spoiled", "close": allowed = .open
        case "tally": allowed = .closed
        case "tally-share", "result": allowed = .tallied
        default: allowed = nil
        }
        guard allowed == current else { bad(seq, "\(kind) not allowed in phase \(current)"); return false }
        let entered: (Stage, String)? = switch kind {
        case "ceremony": (.keyCeremony, "key-ceremony")
        case "open": (.open, "open")
        case "close": (.closed, "closed")
        case "tally": (.tallied, "")
        case "result": (.published, "")
        default: nil
        }
        if let (next, phaseName) = entered {
            if !phaseName.isEmpty {
                guard let body = try? CanonicalJSON.decode(PhaseBody.self, from: draft.body), body.phase.rawValue == phaseName else {
                    bad(seq, "\(kind) body is not {\"phase\":\"\(phaseName)\"}")
                    return false
                }
            }
            stage = next
        }
        if kind == "joint-key" { jointKeySeen = true }
        return true
    }

    mutating func visit(seq: Int, _ draft: Draft) {
        let admitted = admit(seq: seq, draft)
        switch draft.kind {
        case "election" where admitted:
            election = try? CanonicalJSON.decode(ElectionBody.self, from: draft.body)
            if election == nil { bad(seq, "election body does not decode") }
            if draft.body != originalElection { sameElection = false }
            electionEntry = draft.body
        case "joint-key" where admitted:
            let key = try? CanonicalJSON.decode(JointKeyBody.self, from: draft.body)
            if key?.jointKey != originalJointKey { sameElection = false }
        case "roll" where admitted:
            rollEntry(seq: seq, draft)
        case "open" where admitted:
            for (district, announced) in election?.registrar.voters ?? [:] where rollSizes[district, default: 0] != announced {
                bad(seq, "district \(district): \(rollSizes[district, default: 0]) on the roll at open, \(announced) announced")
            }
        case "issuance":
            issuance(seq: seq, draft, admitted: admitted)
        case "ballot", "spoiled":
            ballot(seq: seq, draft, admitted: admitted)
        default:
            break
        }
    }

    mutating func rollEntry(seq: Int, _ draft: Draft) {
        guard let election, let electionEntry, let body = try? CanonicalJSON.decode(RollBody.self, from: draft.body) else {
            bad(seq, "roll does not decode (or no election)")
            return
        }
        guard let announced = election.registrar.voters[body.district] else {
            bad(seq, "roll for unknown district \(body.district)")
            return
        }
        // The setup digest of the record's own election entry: a roll signed for another election fails.
        let digest = ElectionBody.setupDigest(bodyBytes: electionEntry)
        guard body.hasValidSignature(registrarKey: election.registrar.identityKey.bytes, setupDigest: digest) else {
            bad(seq, "roll not signed by the registrar for this election")
            return
        }
        for (hex, commitment) in body.pseudonyms.sorted(by: { $0.key < $1.key }) {
            guard let pseudonym = Pseudonym(hex: hex), commitment.bytes.count == 32 else {
                bad(seq, "roll entry with a malformed pseudonym or commitment")
                return
            }
            if roll[pseudonym] != nil {
                bad(seq, "pseudonym on the roll twice")
                continue
            }
            roll[pseudonym] = (body.district, commitment.bytes)
            rollSizes[body.district, default: 0] += 1
        }
        if rollSizes[body.district, default: 0] > announced {
            bad(seq, "district \(body.district): roll larger than the \(announced) voters announced")
        }
    }

    mutating func issuance(seq: Int, _ draft: Draft, admitted: Bool) {
        guard let body = try? CanonicalJSON.decode(IssuanceBody.self, from: draft.body) else {
            bad(seq, "issuance does not decode")
            return
        }
        guard admitted else { return }
        let electionID = election?.manifest.electionID ?? ""
        for (district, batch) in body.districts.sorted(by: { $0.key < $1.key }) {
            if election?.manifest.district(district) == nil { bad(seq, "issuance for unknown district \(district)") }
            for (hex, code) in batch.sorted(by: { $0.key < $1.key }) {
                guard let pseudonym = Pseudonym(hex: hex) else { bad(seq, "issued pseudonym not 32 lowercase hex digits"); continue }
                guard let parsed = try? ActivationCode.parse(code), parsed.canonical == code else {
                    bad(seq, "revealed code not in canonical form")
                    continue
                }
                guard let entry = roll[pseudonym] else { bad(seq, "issued pseudonym on no roll"); continue }
                guard entry.district == district else {
                    bad(seq, "pseudonym of \(entry.district)'s roll issued in \(district)")
                    continue
                }
                guard parsed.commitment(electionID: electionID, pseudonym: pseudonym.bytes) == entry.commitment else {
                    bad(seq, "revealed code does not match the roll's commitment")
                    continue
                }
                guard issuedPseudonyms.insert(pseudonym).inserted else { bad(seq, "pseudonym issued twice"); continue }
                issued[district, default: 0] += 1
            }
        }
    }

    mutating func ballot(seq: Int, _ draft: Draft, admitted: Bool) {
        let spoiled = draft.kind == "spoiled"
        let ballot: Ballot?
        if spoiled {
            ballot = (try? CanonicalJSON.decode(SpoiledBody.self, from: draft.body))?.ballot
        } else {
            ballot = try? CanonicalJSON.decode(Ballot.self, from: draft.body)
        }
        guard let ballot else { bad(seq, "\(draft.kind) does not decode"); return }
        let code = ballot.trackingCode
        guard sameElection, let fact = facts[code], fact.valid else {
            bad(seq, "\(draft.kind) is not a validly built ballot of this election")
            return
        }
        guard seenBallots.insert(code).inserted else { bad(seq, "replayed ballot"); return }
        guard admitted else { return }
        if let home = credentialDistrict[fact.credential], home != fact.district {
            bad(seq, "credential of district \(home) used in district \(fact.district)")
            return
        }
        credentialDistrict[fact.credential] = fact.district
        if spoiled {
            spoils[fact.credential, default: 0] += 1
            if spoils[fact.credential, default: 0] > (election?.manifest.spoilLimit ?? 0) { bad(seq, "spoil limit exceeded") }
            return
        }
        if counted[fact.credential] != nil, !(election?.manifest.revoting ?? false) {
            bad(seq, "second ballot under a credential without re-voting")
            return
        }
        counted[fact.credential] = (seq, fact, code)
    }

    func finish() -> ReferenceTally {
        var invalid = self.invalid
        var districts: [String: ResultBody.DistrictResult] = [:]
        for district in election?.manifest.districts ?? [] {
            let ballots = counted.values.filter { $0.fact.district == district.id }.map(\.fact)
            var contests: [String: [String: Int]] = [:]
            for contest in election?.manifest.contests(inDistrict: district.id) ?? [] {
                var counts: [String: Int] = [:]
                for candidate in contest.candidates {
                    counts[candidate.id] = ballots.filter { $0.choices[contest.id]?.contains(candidate.id) ?? false }.count
                }
                contests[contest.id] = counts
            }
            districts[district.id] = ResultBody.DistrictResult(ballots: ballots.count, contests: contests)
            if let stage, stage >= .closed, ballots.count > issued[district.id, default: 0] {
                invalid.append("district \(district.id): \(ballots.count) counted > \(issued[district.id, default: 0]) issued")
            }
            if let stage, stage >= .closed, issued[district.id, default: 0] > rollSizes[district.id, default: 0] {
                invalid.append("district \(district.id): \(issued[district.id, default: 0]) issued > roll of \(rollSizes[district.id, default: 0])")
            }
        }
        var tally = ReferenceTally(districts: districts, invalid: invalid, phase: stage.map { "\($0)" })
        tally.countedCodes = counted.values.sorted { $0.order < $1.order }.map(\.code)
        return tally
    }
}
