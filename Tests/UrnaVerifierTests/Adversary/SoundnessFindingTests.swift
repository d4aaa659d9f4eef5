import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaVerifier

/// The violations the soundness harness found on the code before issue 8's fixes, minimised to
/// one small record each; each record must now be judged invalid (and never trap or hang).
@Suite("Soundness: minimised findings")
struct SoundnessFindingTests {
    /// Two districts with the same ballot (one contest, alice/bob, vote for 1), re-voting on,
    /// one trustee (threshold 1), the election opened.
    static func twoDistricts() throws -> DishonestCommission {
        let manifest = try Manifest(
            electionID: "finding-2026", title: "Finding",
            contests: [.init(id: "mayor", title: "Mayor", min: 0, max: 1,
                             candidates: [.init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob")])],
            districts: [.init(id: "north", name: "North", contests: ["mayor"]), .init(id: "south", name: "South", contests: ["mayor"])],
            revoting: true, spoilLimit: 1)
        let commission = try DishonestCommission(manifest: manifest, trustees: 1, threshold: 1)
        try commission.runCeremony()
        return commission
    }

    /// Finding 1. Voter W (south) casts "alice". The commission mints one credential V tokens
    /// in north and south, casts "alice" in north under V, then "bob" in south under V (a
    /// re-vote). The verifier subtracts V's north ballot from *south*: south keeps 1 counted
    /// ballot with aggregate W + V_south − V_north = (alice 0, bob 1), north keeps V's alice.
    /// Scrutineer (before the fix): VALID with north alice 1; south alice 0, bob 1 — W's vote for
    /// alice became a vote for bob. Reference: the south ballot breaks "one district per credential" (record
    /// invalid; north alice 1; south alice 1, bob 0). Under "the last ballot counts" it would be
    /// north 0; south alice 1, bob 1. Either way the published south result is wrong.
    @Test("finding 1: a credential re-voting in another district no longer turns another voter's vote")
    func crossDistrictRevote() throws {
        let commission = try Self.twoDistricts()
        let mover = try Ed25519PrivateKey()
        try commission.issue(["north": 1, "south": 2])
        let (other, _) = try commission.makeBallot(credential: try Ed25519PrivateKey(), district: "south", choices: ["mayor": ["alice"]])
        let (north, _) = try commission.makeBallot(credential: mover, district: "north", choices: ["mayor": ["alice"]])
        let (south, _) = try commission.makeBallot(credential: mover, district: "south", choices: ["mayor": ["bob"]])
        for ballot in [other, north, south] { try commission.cast(ballot) }
        try commission.addPhase("close", .closed)
        // The tally the verifier recomputes: north + V_north; south + W + V_south − V_north.
        var accumulator = try TallyBody.Accumulator(manifest: commission.manifest)
        for ballot in [other, north, south] { try accumulator.add(ballot) }
        try accumulator.remove(north.replacing(district: "south"))
        // Neither the old exploit's tally nor the one the verifier itself now recomputes (the
        // verifier-guided adversary) makes the record valid: V's south ballot breaks the rule.
        let guided = try need(commission.verifierExpectedTally(commission.drafts), "verifier-guided tally")
        #expect(guided != accumulator.body, "the verifier no longer subtracts V's north ballot from south")
        for (seed, tally) in [(UInt64(1), accumulator.body), (UInt64(11), guided)] {
            var rng = SeededGenerator(seed: seed)
            let drafts = try need(commission.retallied(commission.drafts, tally: tally, using: &rng), "tally")
            let (verdict, report) = SoundnessJudge.judge(drafts, commission: commission)
            let shown = report?.publishedResult.map(SoundnessJudge.describe) ?? "none"
            #expect(verdict == .invalid, "scrutineer \(verdict) with result \(shown)")
            #expect(report?.failures.contains { $0.check == .ballotCredentialDistrict } == true, "\(report?.failures ?? [])")
        }
    }

    /// Finding 2. Trustee 1 of the joint key renamed 2^32 + 1 in `qualified`, `public_shares`, its
    /// tally-share and the result: `UInt32(trustee)` in the share proof context traps. Run in a
    /// child `scrutineer` (a trap would kill this test run).
    @Test("finding 2: a qualified index of 2^32 + 1 no longer traps the verifier")
    func indexTrap() throws {
        let commission = try Self.twoDistricts()
        let voter = try Ed25519PrivateKey()
        try commission.issue(["north": 1])
        try commission.cast(commission.makeBallot(credential: voter, district: "north", choices: ["mayor": ["bob"]]).0)
        try commission.addPhase("close", .closed)
        var rng = SeededGenerator(seed: 2)
        var drafts = try need(commission.retallied(commission.drafts, using: &rng), "tally")
        for (i, draft) in drafts.enumerated() where ["joint-key", "tally-share", "result"].contains(draft.kind) {
            var text = String(decoding: draft.body, as: UTF8.self)
            switch draft.kind {
            case "joint-key": text = text.replacingOccurrences(of: "\"qualified\":[1]", with: "\"qualified\":[4294967297]")
                .replacingOccurrences(of: "\"public_shares\":{\"1\":", with: "\"public_shares\":{\"4294967297\":")
            case "tally-share": text = text.replacingOccurrences(of: "\"trustee\":1}", with: "\"trustee\":4294967297}")
            default: text = text.replacingOccurrences(of: "\"trustees\":[1]", with: "\"trustees\":[4294967297]")
            }
            drafts[i].body = Array(text.utf8)
        }
        let verdict = try SoundnessMutationTests.judgeIsolated(drafts, commission: commission, timeout: 30)
        #expect(verdict == .invalid, "scrutineer: \(verdict)")
    }

    /// Finding 4. The tally claims 2^40 ballots in north (shares and result unchanged): the
    /// discrete-log table is sized from the claim (2^20 baby steps and up to 2^20 giant steps
    /// per aggregate) and the verifier does not finish in 5 s. Run in a child process.
    @Test("finding 4: a tally claiming 2^40 ballots no longer makes the verifier hang")
    func hugeBallots() throws {
        let commission = try Self.twoDistricts()
        try commission.issue(["north": 1])
        try commission.cast(commission.makeBallot(credential: try Ed25519PrivateKey(), district: "north", choices: ["mayor": ["bob"]]).0)
        try commission.addPhase("close", .closed)
        var rng = SeededGenerator(seed: 4)
        var drafts = try need(commission.retallied(commission.drafts, using: &rng), "tally")
        let t = try need(drafts.firstIndex { $0.kind == "tally" }, "tally")
        let tally = try CanonicalJSON.decode(TallyBody.self, from: drafts[t].body)
        var districts = tally.districts
        districts["north"] = districts["north"]?.mapValues { .init(ballots: 1 << 40, selections: $0.selections) }
        drafts[t].body = try CanonicalJSON.encode(TallyBody(districts: districts))
        let verdict = try SoundnessMutationTests.judgeIsolated(drafts, commission: commission, timeout: 5)
        #expect(verdict == .invalid, "scrutineer: \(verdict)")
    }
}
