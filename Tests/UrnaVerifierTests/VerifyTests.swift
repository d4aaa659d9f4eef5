import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

@Suite("Verifying a valid record")
struct VerifyTests {
    @Test("the election.db and its JSONL export verify, with the expected result and figures")
    func validRecord() throws {
        let fixture = try ElectionFixture.shared.get()
        for path in [fixture.databasePath, fixture.exportPath, fixture.exportPath + "/" + LedgerExport.entriesFileName] {
            let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
            #expect(report.isValid, "\(path): \(report.failures)")
            #expect(report.failureCount == 0)
            #expect(report.recomputedResult == fixture.expected)
            #expect(report.publishedResult == fixture.expected)
            #expect(report.results == fixture.expected.districts.mapValues(\.contests))
            #expect(report.entries == UInt64(fixture.drafts.count))
            #expect(report.checkpoint?.size == UInt64(fixture.drafts.count))
            #expect(report.phase == "published")
            #expect(report.ballotsVerified == fixture.ballotSeqs.count + fixture.spoiledSeqs.count)
            let north = try #require(report.districts.first { $0.id == "north" })
            #expect(north.rollSize == 5 && north.tokensIssued == 4 && north.ballotsCounted == 4 && north.ballotsCast == 4 && north.spoiled == 1)
            let east = try #require(report.districts.first { $0.id == "east" })
            #expect(east.results?["mayor"] == ["alice": 0, "bob": 1, "carol": 0])
            let west = try #require(report.districts.first { $0.id == "west" })
            #expect(west.rollSize == 1 && west.tokensIssued == 0 && west.ballotsCounted == 0 && west.turnout == 0)
            #expect(west.results?["mayor"] == ["alice": 0, "bob": 0, "carol": 0])
            // Every named check that the record exercises passed at least once.
            // A JSONL export stores no Merkle nodes: ledger.stored-nodes passes 0 times there.
            for check in Check.allCases where ![.consistency].contains(check) && (check != .storedNodes || path == fixture.databasePath) {
                #expect((report.result(of: check)?.passed ?? 0) > 0, "\(check.rawValue) never ran")
            }
            #expect(report.renderText().contains("VERDICT: VALID"))
        }
    }

    @Test("the SQLite and JSONL reports agree; JSON output round-trips")
    func sourcesAgree() throws {
        let fixture = try ElectionFixture.shared.get()
        let database = try Scrutineer.verify(path: fixture.databasePath, options: ElectionFixture.options())
        let export = try Scrutineer.verify(path: fixture.exportPath, options: ElectionFixture.options())
        // The database holds every checkpoint, the export only its latest.
        #expect(database.result(of: .merkleRoot)?.passed == fixture.checkpointSizes.count)
        #expect(export.result(of: .merkleRoot)?.passed == 1)
        #expect(database.districts == export.districts)
        let decoded = try JSONDecoder().decode(VerificationReport.self, from: export.jsonData())
        #expect(decoded.districts == export.districts && decoded.isValid && decoded.recomputedResult == fixture.expected)
    }

    @Test("unbatched, one worker: the same verdict")
    func singleThreadedUnbatched() throws {
        let fixture = try ElectionFixture.shared.get()
        var options = ElectionFixture.options()
        options.batchProofs = false
        options.workers = 1
        options.chunkSize = 1000
        let report = try Scrutineer.verify(path: fixture.exportPath, options: options)
        #expect(report.isValid, "\(report.failures)")
        #expect(report.recomputedResult == fixture.expected)
    }

    @Test("re-voting: the last ballot of a credential counts")
    func revoting() throws {
        let fixture = try ElectionFixture.revoting.get()
        var drafts = fixture.drafts
        // Voter 2 (north) votes again under the same credential, for someone else, before close.
        let index = fixture.ballotSeqs[2]
        let first = try fixture.ballot(at: index)
        let key = try need(fixture.credentials[index], "credential")
        let again = try BallotBuilder.encrypt(election: fixture.context, district: "north",
                                              choices: ["mayor": ["carol"], "council": ["frank"]],
                                              credential: key, token: first.token).ballot
        let close = Int(fixture.seq("close"))
        drafts.insert(Draft(kind: "ballot", body: try CanonicalJSON.encode(again)), at: close)
        // Without a new tally the published aggregates no longer match; with one recomputed they do.
        let report = try Scrutineer.verify(path: fixture.writeExport(drafts), options: ElectionFixture.options())
        #expect(report.failures(of: .ballotCredentialUnique).isEmpty)
        let north = try #require(report.districts.first { $0.id == "north" })
        #expect(north.ballotsCounted == 4 && north.ballotsSuperseded == 1 && north.ballotsCast == 5)
        #expect(!report.failures(of: .tallyAggregates).isEmpty)
    }

    @Test("unreadable records throw; a missing file is not an invalid record")
    func unreadable() throws {
        #expect(throws: VerifierError.self) { try Scrutineer.verify(path: "/nonexistent/election.db") }
        let fixture = try ElectionFixture.shared.get()
        let junk = fixture.directory.appendingPathComponent("junk.bin")
        try Data([0x00, 0x01, 0x02]).write(to: junk)
        #expect(throws: VerifierError.self) { try Scrutineer.verify(path: junk.path) }
    }
}
