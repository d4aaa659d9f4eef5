import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaRegistrar
@testable import UrnaVerifier

// Issue 10, "Must show": a dishonest ballot service (the commission) holds the ledger key, every
// district's token key and the trustees' key files, and re-chains and re-signs every record it
// publishes, but it does NOT hold the registrar's key. It cannot make a token count that no voter
// on the roll asked for. Each test builds the hostile record as such a service would, and the
// same record without the attack, and asserts:
//
// - without the attack the record is VALID (so the test can fail: the attack is the only fault);
// - with it, scrutineer fails the named check at the entry of the attack;
// - the reference (``ReferenceTally``, the rules as written, not verifier code) also says invalid.
//
// The hostile records are also written to the corpus the independent (Python) verifier is run on
// (``IndependentVerifierCorpusTests``).

/// One eligibility attack: the record with it, the same record without it, and where it must fail.
struct EligibilityAttack {
    let name: String
    let check: Check
    let attacked: [Draft]
    let control: [Draft]
    /// The seq the failure of ``check`` must name.
    let seq: UInt64
    let commission: DishonestCommission

    /// The attacked record as a JSON Lines export (in `$URNA_ATTACK_OUT`, or a temporary folder).
    func writeExport() throws -> String {
        try AttackRecords.write("eligibility-" + name.filter { $0.isLetter || $0.isNumber || $0 == " " }
                                    .replacingOccurrences(of: " ", with: "-"),
                                attacked, signer: commission.signer, origin: DishonestCommission.origin)
    }

    /// Every attack of this file, built fresh (for the corpus).
    static func all() throws -> [EligibilityAttack] {
        [try inventedPseudonym(), try pseudonymTwice(), try wrongDistrict(), try wrongCode(),
         try forgedRollEntry(), try withheldRollEntry(), try paddedRoll()]
    }

    // MARK: - The election

    /// Two districts (north: 3 voters on the roll, south: 2), one contest, one trustee; the roll
    /// published after the election entry, the ceremony run, `open`. Then one honest north voter:
    /// their letter's issuance and their ballot. Returns the commission and that prefix.
    static func opened(registrar: RegistrarKeyFile? = nil) throws -> (DishonestCommission, [Draft]) {
        let manifest = try Manifest(
            electionID: "eligibility-2026", title: "Eligibility",
            contests: [.init(id: "mayor", title: "Mayor", min: 0, max: 1,
                             candidates: [.init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob")])],
            districts: [.init(id: "north", name: "North", contests: ["mayor"]), .init(id: "south", name: "South", contests: ["mayor"])],
            revoting: false, spoilLimit: 1)
        let registrar = try registrar ?? Self.registrar()
        let commission = try DishonestCommission(manifest: manifest, trustees: 1, threshold: 1, registrar: registrar)
        try commission.runCeremony()
        var drafts = commission.drafts
        drafts.append(try commission.issuance(for: [try commission.nextLetter("north")]))
        drafts.append(try ballot(commission, district: "north", choice: "alice"))
        return (commission, drafts)
    }

    static func registrar() throws -> RegistrarKeyFile {
        try RegistrarKeyFile.simulated(voters: [("north", 3), ("south", 2)])
    }

    /// A valid ballot of a fresh credential, its token minted with `district`'s key.
    static func ballot(_ commission: DishonestCommission, district: String, choice: String) throws -> Draft {
        let (ballot, _) = try commission.makeBallot(credential: try Ed25519PrivateKey(), district: district,
                                                    choices: ["mayor": [choice]])
        return Draft(kind: "ballot", body: try CanonicalJSON.encode(ballot))
    }

    /// `drafts`, `close`, and a tally of every ballot cast (all carry valid tokens), decrypted by
    /// the commission's trustee, and the result.
    static func finished(_ commission: DishonestCommission, _ drafts: [Draft]) throws -> [Draft] {
        let closed = drafts + [Draft(kind: "close", body: try CanonicalJSON.encode(PhaseBody(phase: .closed)))]
        let tally = try TallyBody.compute(manifest: commission.manifest, counted: commission.castBallots(in: closed).map(\.ballot))
        var rng = SeededGenerator(seed: 10)
        return try need(commission.retallied(closed, tally: tally, using: &rng), "tally")
    }

    /// The issuance entry of `districts` (district → pseudonym hex → revealed code).
    static func issuance(_ districts: [String: [String: String]]) throws -> Draft {
        Draft(kind: "issuance", body: try CanonicalJSON.encode(IssuanceBody(districts: districts)))
    }

    // MARK: - The attacks

    /// (a) A token minted for a credential of the commission's, accounted for by an issuance of
    /// an invented pseudonym (with a code of its own), and a ballot cast with it. Without the
    /// attack: a voter on the roll presented their letter.
    static func inventedPseudonym() throws -> EligibilityAttack {
        let (commission, prefix) = try opened()
        let invented = try Pseudonym.generate().hex
        let attack = try issuance(["north": [invented: try ActivationCode.generate().canonical]])
        let honest = try commission.issuance(for: [try commission.nextLetter("north")])
        let stuffed = try ballot(commission, district: "north", choice: "bob")
        return EligibilityAttack(
            name: "a token issued for an invented pseudonym", check: .issuanceRoll,
            attacked: try finished(commission, prefix + [attack, stuffed]),
            control: try finished(commission, prefix + [honest, stuffed]),
            seq: UInt64(prefix.count), commission: commission)
    }

    /// (b) The honest voter's pseudonym (its code public since its issuance) issued a second
    /// token in a later batch, and a second ballot cast with it.
    static func pseudonymTwice() throws -> EligibilityAttack {
        let (commission, prefix) = try opened()
        let first = try need(commission.issuedLetters.first, "the honest voter's letter")
        let again = try issuance(IssuanceBody(letters: [first]).districts)
        let honest = try commission.issuance(for: [try commission.nextLetter("north")])
        let second = try ballot(commission, district: "north", choice: "bob")
        return EligibilityAttack(
            name: "two tokens for one pseudonym", check: .issuancePseudonymUnique,
            attacked: try finished(commission, prefix + [again, second]),
            control: try finished(commission, prefix + [honest, second]),
            seq: UInt64(prefix.count), commission: commission)
    }

    /// (c) A north voter's real letter, presented honestly, served in the wrong district: listed
    /// under south, the token minted with south's key, the ballot cast in south.
    static func wrongDistrict() throws -> EligibilityAttack {
        let (commission, prefix) = try opened()
        let letter = try commission.nextLetter("north")
        let moved = try issuance(["south": [letter.pseudonym.hex: letter.code.canonical]])
        let honest = try commission.issuance(for: [letter])
        return EligibilityAttack(
            name: "a north pseudonym issued a south token", check: .issuanceRoll,
            attacked: try finished(commission, prefix + [moved, try ballot(commission, district: "south", choice: "bob")]),
            control: try finished(commission, prefix + [honest, try ballot(commission, district: "north", choice: "bob")]),
            seq: UInt64(prefix.count), commission: commission)
    }

    /// (d) A pseudonym of the roll whose voter never came, with a code the commission made up
    /// (it never saw the letter). Without the attack: that voter came and revealed the true code.
    static func wrongCode() throws -> EligibilityAttack {
        let (commission, prefix) = try opened()
        let letter = try commission.nextLetter("north")
        var made = try ActivationCode.generate()
        while made.canonical == letter.code.canonical { made = try ActivationCode.generate() }
        let wrong = try issuance(["north": [letter.pseudonym.hex: made.canonical]])
        let honest = try commission.issuance(for: [letter])
        let stuffed = try ballot(commission, district: "north", choice: "bob")
        return EligibilityAttack(
            name: "a wrong revealed code", check: .issuanceCode,
            attacked: try finished(commission, prefix + [wrong, stuffed]),
            control: try finished(commission, prefix + [honest, stuffed]),
            seq: UInt64(prefix.count), commission: commission)
    }

    /// (e) The commission adds a roll entry of its own, signed with a key of its own in place of
    /// the registrar's, naming a pseudonym whose code it knows; then issues it and casts a ballot.
    static func forgedRollEntry() throws -> EligibilityAttack {
        let (commission, prefix) = try opened()
        let open = try need(prefix.firstIndex { $0.kind == "open" }, "open")
        let pseudonym = try Pseudonym.generate(), code = try ActivationCode.generate()
        let electionID = commission.manifest.electionID
        let forged = try RollBody(district: "north",
                                  pseudonyms: [pseudonym.hex: HexBytes(code.commitment(electionID: electionID, pseudonym: pseudonym.bytes))],
                                  identitySignature: nil)
            .signed(with: try Ed25519PrivateKey(), setupDigest: ElectionBody.setupDigest(bodyBytes: commission.electionBytes))
        var attacked = prefix
        attacked.insert(Draft(kind: "roll", body: try CanonicalJSON.encode(forged)), at: open)
        attacked.append(try issuance(["north": [pseudonym.hex: code.canonical]]))
        let honest = try commission.issuance(for: [try commission.nextLetter("north")])
        let stuffed = try ballot(commission, district: "north", choice: "bob")
        return EligibilityAttack(
            name: "a roll entry signed by the commission", check: .rollSignature,
            attacked: try finished(commission, attacked + [stuffed]),
            control: try finished(commission, prefix + [honest, stuffed]),
            seq: UInt64(open), commission: commission)
    }

    /// (f) The commission withholds south's roll entry (say, to keep south's voters from
    /// voting): south's roll is empty when voting opens.
    static func withheldRollEntry() throws -> EligibilityAttack {
        let (commission, prefix) = try opened()
        let south = try need(prefix.firstIndex {
            $0.kind == "roll" && (try? CanonicalJSON.decode(RollBody.self, from: $0.body))?.district == "south"
        }, "south's roll entry")
        var attacked = prefix
        attacked.remove(at: south)
        let open = try need(attacked.firstIndex { $0.kind == "open" }, "open")
        return EligibilityAttack(
            name: "a roll entry withheld", check: .rollSize,
            attacked: try finished(commission, attacked), control: try finished(commission, prefix),
            seq: UInt64(open), commission: commission)
    }

    /// (g) A DISHONEST REGISTRAR announces 3 voters in north but signs (with its own, real key) a
    /// second north roll entry with one more pseudonym, whose letter it hands the commission;
    /// the commission issues it and casts a ballot. Every signature and code is right: only the
    /// size of the roll against the announcement shows the padding.
    static func paddedRoll() throws -> EligibilityAttack {
        let registrar = try Self.registrar()
        let (commission, prefix) = try opened(registrar: registrar)
        let afterRoll = try need(prefix.lastIndex { $0.kind == "roll" }, "roll entries") + 1
        let pseudonym = try Pseudonym.generate(), code = try ActivationCode.generate()
        let electionID = commission.manifest.electionID
        let padding = try RollBody(district: "north",
                                   pseudonyms: [pseudonym.hex: HexBytes(code.commitment(electionID: electionID, pseudonym: pseudonym.bytes))],
                                   identitySignature: nil)
            .signed(with: try registrar.identityKey, setupDigest: ElectionBody.setupDigest(bodyBytes: commission.electionBytes))
        var attacked = prefix
        attacked.insert(Draft(kind: "roll", body: try CanonicalJSON.encode(padding)), at: afterRoll)
        attacked.append(try issuance(["north": [pseudonym.hex: code.canonical]]))
        let honest = try commission.issuance(for: [try commission.nextLetter("north")])
        let stuffed = try ballot(commission, district: "north", choice: "bob")
        return EligibilityAttack(
            name: "a registrar padding the roll beyond its announcement", check: .rollSize,
            attacked: try finished(commission, attacked + [stuffed]),
            control: try finished(commission, prefix + [honest, stuffed]),
            seq: UInt64(afterRoll), commission: commission)
    }

    // MARK: - Checking

    /// The control VALID (and the reference agrees), the attack INVALID under ``check`` at ``seq``
    /// (and the reference says invalid too). Returns the attacked record's report.
    @discardableResult
    func expectCaught(sourceLocation: SourceLocation = #_sourceLocation) throws -> VerificationReport {
        let (controlVerdict, controlReport) = SoundnessJudge.judge(control, commission: commission)
        #expect(controlVerdict == .valid, "without the attack: \(controlVerdict), \(controlReport?.failures ?? [])",
                sourceLocation: sourceLocation)
        let (verdict, report) = SoundnessJudge.judge(attacked, commission: commission)
        let failures = report?.failures ?? []
        #expect(verdict == .invalid, "with the attack: \(verdict)", sourceLocation: sourceLocation)
        #expect(failures.contains { $0.check == check && $0.seq == seq },
                "expected \(check.rawValue) at seq \(seq); got \(failures)", sourceLocation: sourceLocation)
        let reference = ReferenceTally(drafts: attacked, facts: commission.facts, electionBytes: commission.electionBytes,
                                       jointKey: commission.jointKey?.jointKey)
        #expect(!reference.invalid.isEmpty, "the reference finds nothing wrong with the attack", sourceLocation: sourceLocation)
        // The same verdict from the JSON Lines export (what the corpus hands the Python verifier).
        let exported = try Scrutineer.verify(path: try writeExport(), options: ElectionFixture.options())
        #expect(!exported.isValid && exported.failures.contains { $0.check == check && $0.seq == seq },
                "from the export: \(exported.failures)", sourceLocation: sourceLocation)
        return try need(report, "report")
    }
}

@Suite("Eligibility attacks: a ballot service without the registrar's key (issue 10)")
struct EligibilityAttackTests {
    @Test("(a) a token issued for an invented pseudonym, and its ballot → issuance.roll")
    func inventedPseudonym() throws {
        let report = try EligibilityAttack.inventedPseudonym().expectCaught()
        #expect(report.failures.contains { $0.check == .districtCountedLEIssued }, "\(report.failures)")
    }

    @Test("(b) two tokens for one pseudonym → issuance.pseudonym-unique")
    func pseudonymTwice() throws {
        try EligibilityAttack.pseudonymTwice().expectCaught()
    }

    @Test("(c) a north pseudonym issued in south, its token minted with south's key, its ballot cast in south → issuance.roll")
    func wrongDistrict() throws {
        let report = try EligibilityAttack.wrongDistrict().expectCaught()
        #expect(report.failures.contains { $0.check == .issuanceRoll && $0.reason.contains("'north'") }, "\(report.failures)")
    }

    @Test("(d) a wrong revealed code → issuance.code")
    func wrongCode() throws {
        try EligibilityAttack.wrongCode().expectCaught()
    }

    @Test("(e) a roll entry the commission signs itself → roll.signature")
    func forgedRollEntry() throws {
        let report = try EligibilityAttack.forgedRollEntry().expectCaught()
        // The pseudonym of the forged entry is on no roll: its issuance is refused too.
        #expect(report.failures.contains { $0.check == .issuanceRoll }, "\(report.failures)")
    }

    @Test("(f) a commission withholding a roll entry → roll.size at open")
    func withheldRollEntry() throws {
        try EligibilityAttack.withheldRollEntry().expectCaught()
    }

    @Test("(g) a dishonest registrar publishing a roll larger than it announced → roll.size")
    func paddedRoll() throws {
        let attack = try EligibilityAttack.paddedRoll()
        let report = try attack.expectCaught()
        // The padded roll is also too large when voting opens.
        let open = try need(attack.attacked.firstIndex { $0.kind == "open" }, "open")
        #expect(report.failures.contains { $0.check == .rollSize && $0.seq == UInt64(open) }, "\(report.failures)")
    }
}
