import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaRegistrar
import UrnaTrustee
@testable import UrnaVerifier

// Outside review of issue 10 (roll, issuance, identity keys, pledge, `urna voter check`).
// Each test builds a hostile record as the dishonest commission of the threat model would
// (it holds the ledger key and every district's token key, not the registrar's key) and
// FAILS while the hole is open.

@Suite("Review findings (issue 10)")
struct ReviewFindingsTests {
    /// The opened eligibility election (north 3, south 2; one honest north voter issued and
    /// voted), finished (close, tally, result) and exported; the honest voter's letter.
    static func honestRecord() throws -> (DishonestCommission, [Draft], VoterLetter) {
        let (commission, prefix) = try EligibilityAttack.opened()
        let letter = try need(commission.issuedLetters.first, "the honest voter's letter")
        return (commission, try EligibilityAttack.finished(commission, prefix), letter)
    }

    /// R1. `urna voter check` reads the record it is given without verifying it: no hash chain,
    /// no checkpoint signature, no phase order. A commission hands the voter an export with the
    /// `issuance` entry naming their pseudonym cut out (nothing re-signed): scrutineer calls that
    /// file INVALID, but the voter check tells the voter, as final, that no token was issued in
    /// their name ("voting closed"). A voter whose letter was used by someone else is told
    /// nothing happened.
    @Test("R1 voter check trusts a record whose chain is broken (issuance line cut out)")
    func voterCheckReadsUnverifiedRecord() throws {
        let (commission, drafts, letter) = try Self.honestRecord()
        let path = try AttackRecords.write("review-r1-genuine", drafts, signer: commission.signer,
                                           origin: DishonestCommission.origin)
        // Sanity: on the genuine record the voter check sees the issuance.
        let genuine = try LetterCheck.run(recordPath: path, letter: letter)
        #expect(genuine.issuances.count == 1)
        #expect(try AttackRecords.verify(path).isValid)

        // Cut the issuance line out of the export's ledger.jsonl (a copy of the export folder).
        let tampered = path + "-tampered"
        try? FileManager.default.removeItem(atPath: tampered)
        try FileManager.default.copyItem(atPath: path, toPath: tampered)
        let ledger = tampered + "/ledger.jsonl"
        let text = try String(contentsOfFile: ledger, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.contains("\"kind\":\"issuance\"") }
        #expect(kept.count == lines.count - 1, "exactly one issuance line cut")
        try kept.joined(separator: "\n").write(toFile: ledger, atomically: true, encoding: .utf8)

        let report = try AttackRecords.verify(tampered)
        #expect(!report.isValid, "scrutineer must call the cut record INVALID")

        let check = try? LetterCheck.run(recordPath: tampered, letter: letter)
        let summary = check?.summary.joined(separator: "\n") ?? ""
        // Once fixed: the voter check refuses (throws) or says the record does not verify;
        // it must never say "No token was issued in its name ... voting closed".
        #expect(check == nil || !summary.contains("No token was issued"),
                "the voter check told the voter, on a record scrutineer rejects: \(summary)")
    }

    /// R1b. Same hole, fork variant: the commission re-chains and re-signs a fork without the
    /// voter's issuance and ballot (a VALID record on its own) and shows it to the voter while
    /// observers verify the real one. The voter check names no checkpoint (size, root) the
    /// voter could compare with the one observers publish, so the fork cannot be told apart.
    @Test("R1b voter check names no checkpoint to compare with observers'")
    func voterCheckNamesNoCheckpoint() throws {
        let (commission, prefix) = try EligibilityAttack.opened()
        let letter = try need(commission.issuedLetters.first, "the honest voter's letter")
        // The fork: the election up to open only (the honest issuance and ballot dropped).
        let open = try need(prefix.firstIndex { $0.kind == "open" }, "open")
        let fork = try EligibilityAttack.finished(commission, Array(prefix[...open]))
        let path = try AttackRecords.write("review-r1b-fork", fork, signer: commission.signer,
                                           origin: DishonestCommission.origin)
        #expect(try AttackRecords.verify(path).isValid)
        let check = try LetterCheck.run(recordPath: path, letter: letter)
        let summary = check.summary.joined(separator: "\n")
        #expect(summary.lowercased().contains("checkpoint"),
                "the voter is told '\(summary)' with nothing to compare against the observers' checkpoint")
    }

    /// R1c. The voter check treats ANY `close` entry as the close, even one out of phase that
    /// the verifier rejects (here a `close` inserted during the key ceremony, before `open`):
    /// with the later issuances cut, "No token was issued (voting closed)" is claimed as final.
    @Test("R1c voter check takes an out-of-phase close as final")
    func voterCheckOutOfPhaseClose() throws {
        let (commission, prefix) = try EligibilityAttack.opened()
        let letter = try need(commission.issuedLetters.first, "the honest voter's letter")
        let open = try need(prefix.firstIndex { $0.kind == "open" }, "open")
        var drafts = Array(prefix[..<open])
        drafts.append(Draft(kind: "close", body: try CanonicalJSON.encode(PhaseBody(phase: .closed))))
        let path = try AttackRecords.write("review-r1c-early-close", drafts, signer: commission.signer,
                                           origin: DishonestCommission.origin)
        #expect(!(try AttackRecords.verify(path).isValid))
        let check = try? LetterCheck.run(recordPath: path, letter: letter)
        #expect(check == nil || check?.closed == false,
                "a close that phase.order rejects is taken as the close: \(check?.summary ?? [])")
    }

    /// R2. The commission ALONE (no registrar collusion) stuffs every issued-but-unused slot:
    /// a voter asks for a token and never casts; the commission mints a token with the
    /// district's key for a credential of its own and casts. counted ≤ issued holds, every
    /// check passes: VALID, counting a ballot no letter-holder cast. SECURITY.md ("Known
    /// limits", eligibility row) attributes this to a colluding registrar and commission.
    @Test("R2 the commission alone fills an issued, unused slot: VALID")
    func commissionFillsUnusedSlot() throws {
        let (commission, prefix) = try EligibilityAttack.opened()
        // A second north voter asks for a token (the issuance is genuine) and never casts.
        let asked = try commission.issuance(for: [try commission.nextLetter("north")])
        let stuffed = try EligibilityAttack.ballot(commission, district: "north", choice: "bob")
        let record = try EligibilityAttack.finished(commission, prefix + [asked, stuffed])
        let report = try Scrutineer.verify(source: commission.signed(record).source, options: ElectionFixture.options())
        // A known limit (SECURITY.md, Known limits): closing it needs a second party in token issuance.
        withKnownIssue("the commission alone can fill an issued, unused slot (tokens are blind; SECURITY.md)") {
            #expect(!report.isValid, "VALID with a ballot cast by the commission in a voter's unused slot")
        }
        // What observers do have: the slot is visible as issued − counted in the report.
        let north = try #require(report.districts.first { $0.id == "north" })
        #expect(north.tokensIssued == 2 && north.ballotsCounted == 2 && north.rollSize == 3)
    }
    /// R3. The pledge round is defeated by a fork: the commission (holding the ledger key)
    /// colluding with ONE dishonest trustee T2. T2 makes a throwaway pledge; the commission shows
    /// honest T1 a fork (re-signed) holding {pledge T1, throwaway pledge T2}; T1's tool sees every
    /// pledge and reveals its commitment. Only now T2 pledges for real (a copy of its key file,
    /// any polynomial it likes, chosen after seeing T1's commitments), and the public record is
    /// pledge T1, pledge T2', commitment T1, commitment T2'. Every identity signature is right and
    /// every commitment hashes to its pledge: scrutineer says VALID, and T1's tool checks the
    /// record's commitments without noticing that T2's pledge is not the one it revealed against.
    /// Nothing in T1's commitment binds the pledges it was revealed against.
    @Test("R3 a rushing trustee with the commission re-pledges after the honest reveal: VALID")
    func pledgeRoundForked() throws {
        let manifest = try Manifest(
            electionID: "pledge-fork-2026", title: "Pledge fork",
            contests: [.init(id: "mayor", title: "Mayor", min: 0, max: 1,
                             candidates: [.init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob")])],
            districts: [.init(id: "north", name: "North", contests: ["mayor"])],
            revoting: false, spoilLimit: 1)
        let registrar = try RegistrarKeyFile.simulated(voters: [("north", 2)])
        let commission = try DishonestCommission(manifest: manifest, trustees: 2, threshold: 2, registrar: registrar)
        let bytes = commission.electionBytes
        var t1 = commission.keyFiles[0]
        var t2Throwaway = commission.keyFiles[1], t2Real = commission.keyFiles[1]  // copies of T2's key file

        let p1 = try t1.pledge(electionBodyBytes: bytes)
        let p2Throwaway = try t2Throwaway.pledge(electionBodyBytes: bytes)
        // The fork shown to T1: both pledges in; T1 reveals.
        let c1 = try t1.commit(electionBodyBytes: bytes, pledges: [p1, p2Throwaway])
        // T2 pledges for real only now, after c1 is known.
        let p2 = try t2Real.pledge(electionBodyBytes: bytes)
        #expect(p2 != p2Throwaway)
        let c2 = try t2Real.commit(electionBodyBytes: bytes, pledges: [p1, p2])

        let t1Check = try? t1.check(electionBodyBytes: bytes, commitments: [c1, c2])
        let t2Check = try t2Real.check(electionBodyBytes: bytes, commitments: [c1, c2])
        let key = try CeremonyCheck.jointKey(election: commission.election, commitments: [1: c1, 2: c2], disqualified: [])
        var drafts = commission.drafts
        for (kind, body) in [("trustee-pledge", try CanonicalJSON.encode(p1)), ("trustee-pledge", try CanonicalJSON.encode(p2)),
                             ("trustee-commitment", try CanonicalJSON.encode(c1)), ("trustee-commitment", try CanonicalJSON.encode(c2))] {
            drafts.append(Draft(kind: kind, body: body))
        }
        if let t1Check { drafts.append(Draft(kind: "trustee-check", body: try CanonicalJSON.encode(t1Check.check))) }
        drafts.append(Draft(kind: "trustee-check", body: try CanonicalJSON.encode(t2Check.check)))
        drafts.append(Draft(kind: "joint-key", body: try CanonicalJSON.encode(key)))
        drafts.append(Draft(kind: "open", body: try CanonicalJSON.encode(PhaseBody(phase: .open))))
        let report = try Scrutineer.verify(source: commission.signed(drafts).source, options: ElectionFixture.options())
        // Once fixed, either the record fails (the reveal binds the pledges it was made against)
        // or T1's tool refuses to go on with a record whose pledges are not the ones it revealed to.
        #expect(!report.isValid || t1Check == nil,
                "VALID, and T1's tool accepted a ceremony whose T2 pledge was made after T1 revealed: \(report.failures)")
    }
}

/// R4 (low). While the record is open, `district.counted-le-issued` waits for the close (issuance
/// is final only then), so a record ending in `open` is VALID even when a district counts more
/// ballots than its roll holds, which no later issuance can ever cure: here a ballot (a token
/// the commission minted) counted in a district whose registrar announced 0 voters. Observers
/// following the live record (`--state`) see VALID and a turnout above the electorate.
@Suite("Review findings: open records")
struct ReviewOpenRecordTests {
    @Test("R4 an open record counting a ballot in a district of 0 voters is VALID")
    func openRecordCountedAboveRoll() throws {
        let manifest = try Manifest(
            electionID: "open-2026", title: "Open",
            contests: [.init(id: "mayor", title: "Mayor", min: 0, max: 1,
                             candidates: [.init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob")])],
            districts: [.init(id: "north", name: "North", contests: ["mayor"]), .init(id: "east", name: "East", contests: ["mayor"])],
            revoting: false, spoilLimit: 1)
        let registrar = try RegistrarKeyFile.simulated(voters: [("north", 2), ("east", 0)])
        let commission = try DishonestCommission(manifest: manifest, trustees: 1, threshold: 1, registrar: registrar)
        try commission.runCeremony()
        let drafts = commission.drafts + [try EligibilityAttack.ballot(commission, district: "east", choice: "bob")]
        let report = try Scrutineer.verify(source: commission.signed(drafts).source, options: ElectionFixture.options())
        #expect(!report.isValid, "VALID with 1 ballot counted in a district whose roll holds 0 voters: \(report.districts)")
    }
}

/// Attacks the review tried that are caught (these pass): kept as regressions.
@Suite("Review: caught")
struct ReviewCaughtTests {
    /// Incremental verification (`--state`) cut at every entry of every eligibility attack (and
    /// its control), across the roll, the issuance and the close: the same verdict and result as
    /// one pass.
    @Test("incremental verification agrees with one pass at every cut of the eligibility attacks")
    func incrementalEveryCut() throws {
        for attack in try EligibilityAttack.all() {
            for drafts in [attack.attacked, attack.control] {
                let (_, single) = SoundnessJudge.judge(drafts, commission: attack.commission)
                for cut in 1..<drafts.count {
                    if let d = IncrementalCheck.disagreement(drafts, commission: attack.commission, cut: cut, single: single) {
                        Issue.record("\(attack.name) cut \(cut): \(d)")
                    }
                }
            }
        }
    }
}
