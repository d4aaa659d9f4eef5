import Foundation
import Testing
@testable import UrnaVerifier

/// Writes the hostile records of the tamper and soundness suites (JSON Lines exports only), plus
/// the valid record, as a corpus for `Tools/independent-verifier/agree.py`, which runs the Python
/// verifier written from `Specs/` on each and requires the same verdict and the same named check.
/// `.ci/run` sets `URNA_CORPUS_OUT`; without it the corpus goes to a temporary directory. Either
/// way this test checks scrutineer's own verdict on every record it writes.
@Suite("Corpus of hostile records for the independent verifier")
struct IndependentVerifierCorpusTests {
    struct Expectation: Codable {
        let name: String
        let valid: Bool
        let check: String?
        let seq: UInt64?
    }

    @Test func writeTheCorpus() throws {
        let fixture = try ElectionFixture.shared.get()
        let out = URL(fileURLWithPath: ProcessInfo.processInfo.environment["URNA_CORPUS_OUT"] ?? fixture.scratch("corpus"))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var written = 0
        func add(_ name: String, path: String, check: Check?, seq: UInt64?) throws {
            let source = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: source.appendingPathComponent("ledger.jsonl").path) else { return }
            let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
            if let check {
                #expect(!report.isValid && report.failures.contains { $0.check == check && $0.seq == seq }, "\(name): \(report.failures)")
            } else {
                #expect(report.isValid, "\(name): \(report.failures)")
            }
            let target = out.appendingPathComponent(String(format: "%03d", written))
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source, to: target)
            let expectation = Expectation(name: name, valid: check == nil, check: check?.rawValue, seq: seq)
            try JSONEncoder().encode(expectation).write(to: target.appendingPathComponent("expect.json"))
            written += 1
        }
        try add("the valid record", path: fixture.exportPath, check: nil, seq: nil)
        for tampering in Tampering.all + Tampering.soundness + Tampering.trusteeChecks + Tampering.shareEphemeral + Tampering.identity {
            let (path, seq) = try tampering.apply(fixture)
            try add(tampering.name, path: path, check: tampering.check, seq: seq)
        }
        // The ephemeral-copy attack (CheckAttackTests): trustee 3's shares re-use honest ephemerals.
        var mini = try MiniCeremony()
        let forged = try CheckAttackTests.copiedEphemeralCommitments(&mini)
        let attack = try AttackRecords.write("corpus-ephemeral-copy", try CheckAttackTests.unguardedRecord(mini, forged),
                                             signer: mini.signer, origin: MiniCeremony.origin)
        try add("shares re-using honest ephemeral keys (ephemeral-copy attack)", path: attack, check: .ceremonyCommitment, seq: 7)
        // The eligibility attacks (EligibilityAttackTests, issue 10): a ballot service without the
        // registrar's key, and a registrar padding its roll.
        for attack in try EligibilityAttack.all() {
            try add(attack.name, path: try attack.writeExport(), check: attack.check, seq: attack.seq)
        }
        #expect(written > 20)
    }
}
