import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaRegistrar
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
        #expect(!report.isValid, "VALID with a ballot cast by the commission in a voter's unused slot")
    }
}
