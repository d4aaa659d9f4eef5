import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

@Suite("Incremental verification with a state directory")
struct IncrementalTests {
    func options(state: String) -> VerificationOptions {
        var options = ElectionFixture.options()
        options.stateDirectory = URL(fileURLWithPath: state)
        return options
    }

    @Test("JSONL: a prefix, then the whole record: only the new entries are verified; the result is the same")
    func resumeJSONL() throws {
        let fixture = try ElectionFixture.shared.get()
        let state = fixture.scratch("state")
        let cut = fixture.ballotSeqs[4]
        let first = try Scrutineer.verify(path: fixture.writeExport(Array(fixture.drafts[..<cut])), options: options(state: state))
        #expect(first.isValid, "\(first.failures)")
        #expect(first.resumption == nil && first.phase == "open")
        #expect(FileManager.default.fileExists(atPath: state + "/state.json"))

        let second = try Scrutineer.verify(path: fixture.writeExport(fixture.drafts), options: options(state: state))
        #expect(second.isValid, "\(second.failures)")
        #expect(second.resumption?.resumedAt == UInt64(cut))
        #expect(second.resumption?.rememberedCheckpoint == UInt64(cut))
        #expect(second.recomputedResult == fixture.expected)
        #expect((second.result(of: .consistency)?.passed ?? 0) >= 1)
        // Counts carry over: every ballot was verified once over the two runs.
        #expect(second.ballotsVerified == fixture.ballotSeqs.count + fixture.spoiledSeqs.count)
        #expect(second.districts == (try Scrutineer.verify(path: fixture.exportPath, options: ElectionFixture.options())).districts)

        // A third run on the same record verifies nothing new and stays valid.
        let third = try Scrutineer.verify(path: fixture.writeExport(fixture.drafts), options: options(state: state))
        #expect(third.isValid && third.resumption?.resumedAt == UInt64(fixture.drafts.count))
    }

    @Test("SQLite: the store grows; the consistency proof from stored nodes is checked")
    func resumeSQLite() throws {
        let fixture = try ElectionFixture.shared.get()
        let state = fixture.scratch("state")
        let database = fixture.scratch("grow") + ".db"
        let cut = fixture.ballotSeqs[3]
        try fixture.appendStore(path: database, from: 0, to: cut)
        let first = try Scrutineer.verify(path: database, options: options(state: state))
        #expect(first.isValid, "\(first.failures)")
        try fixture.appendStore(path: database, from: cut, to: fixture.drafts.count)
        let second = try Scrutineer.verify(path: database, options: options(state: state))
        #expect(second.isValid, "\(second.failures)")
        #expect(second.resumption?.resumedAt == UInt64(cut))
        // Re-hash check plus the stored-node consistency proof.
        #expect(second.result(of: .consistency)?.passed == 2)
        #expect(second.recomputedResult == fixture.expected)
    }

    @Test("a rewritten record raises ledger.consistency, and keeps raising it")
    func rewriteAlarm() throws {
        let fixture = try ElectionFixture.shared.get()
        let state = fixture.scratch("state")
        #expect(try Scrutineer.verify(path: fixture.exportPath, options: options(state: state)).isValid)
        // The service rewrites a ballot (re-chained and re-signed: the record itself looks valid).
        var drafts = fixture.drafts
        drafts.swapAt(fixture.ballotSeqs[0], fixture.ballotSeqs[2])
        let rewritten = try fixture.writeExport(drafts)
        for _ in 0..<2 {
            let report = try Scrutineer.verify(path: rewritten, options: options(state: state))
            #expect(!report.isValid)
            #expect(report.failures(of: .consistency).count == 1, "\(report.failures)")
            #expect(report.failures(of: .consistency).first?.reason.contains("rewritten") == true)
        }
    }

    @Test("a truncated record (validly signed at a smaller size) raises ledger.consistency")
    func truncationAlarm() throws {
        let fixture = try ElectionFixture.shared.get()
        let state = fixture.scratch("state")
        #expect(try Scrutineer.verify(path: fixture.exportPath, options: options(state: state)).isValid)
        let shorter = try fixture.writeExport(Array(fixture.drafts.dropLast(4)))
        let report = try Scrutineer.verify(path: shorter, options: options(state: state))
        #expect(!report.isValid)
        let alarm = try #require(report.failures(of: .consistency).first)
        #expect(alarm.seq == UInt64(fixture.drafts.count - 4))
        #expect(alarm.reason.contains("truncated"))
    }

    @Test("a state file from elsewhere that does not parse is refused (exit 2), not ignored")
    func corruptState() throws {
        let fixture = try ElectionFixture.shared.get()
        let state = fixture.scratch("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try Data("{\"version\":1}".utf8).write(to: URL(fileURLWithPath: state + "/state.json"))
        #expect(throws: VerifierError.self) { try Scrutineer.verify(path: fixture.exportPath, options: options(state: state)) }
    }

    @Test("a state file of another version is refused with the fix named, before its body is read")
    func otherVersionState() throws {
        let fixture = try ElectionFixture.shared.get()
        let state = fixture.scratch("state-version")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try Data("{\"version\":3,\"state\":{\"credentialDistricts\":[]}}".utf8).write(to: URL(fileURLWithPath: state + "/state.json"))
        do {
            _ = try Scrutineer.verify(path: fixture.exportPath, options: options(state: state))
            Issue.record("a version-3 state was taken")
        } catch let error as VerifierError {
            #expect(error.code == .stateUnusable)
            #expect(error.reason.contains("state version 3, not 4") && error.reason.contains("from scratch"), "\(error)")
        }
    }
}
