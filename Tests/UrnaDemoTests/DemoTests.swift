import Foundation
import Testing
import UrnaDemo
import UrnaRecord

@Suite struct DemoTests {
    func options(voters: Int, districts: Int, revoting: Bool) -> DemoOptions {
        var options = DemoOptions()
        options.voters = voters
        options.districts = districts
        options.trustees = 3
        options.threshold = 2
        options.revoting = revoting
        options.tokenKeyBits = 2048
        options.directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-demo-test-\(UUID().uuidString)")
        return options
    }

    @Test func wholeElectionMatchesTheVotersChoices() throws {
        let outcome = try DemoElection.run(options(voters: 30, districts: 2, revoting: false))
        defer { try? FileManager.default.removeItem(at: outcome.directory) }
        #expect(outcome.published == outcome.expected)
        #expect(outcome.ballotsCast == 30)
        #expect(outcome.absentTrustees == [3])
        #expect(outcome.refusals.count == 17)
        #expect(outcome.refusals.contains { $0.attempt.contains("pseudonym the registrar never issued") && $0.code == "not-authorized" })
        #expect(outcome.refusals.contains { $0.attempt == "opening before every trustee's check is in" && $0.code == "incomplete" })
        #expect(outcome.refusals.contains { $0.attempt == "a commitment revealed before every trustee pledged" && $0.code == "incomplete" })
        #expect(outcome.refusals.contains { $0.attempt.contains("forged in a trustee's name") && $0.code == "bad-identity-signature" })
        // The record is left as promised, and expected.json is what the voters chose.
        for file in ["election.db", "ledger.jsonl", "checkpoint", "ledger.vkey", "expected.json"] {
            #expect(FileManager.default.fileExists(atPath: outcome.directory.appendingPathComponent(file).path), "\(file)")
        }
        let expected = try CanonicalJSON.decode([String: [String: [String: Int]]].self,
                                                from: Array(Data(contentsOf: outcome.directory.appendingPathComponent("expected.json"))))
        #expect(expected == outcome.expected)
        let votes = outcome.expected.values.flatMap { $0["referendum"]?.values.map { $0 } ?? [] }.reduce(0, +)
        #expect(votes == 30, "every ballot answers the referendum (min 1)")
    }

    @Test func revotingCountsOnlyTheLastBallot() throws {
        let outcome = try DemoElection.run(options(voters: 30, districts: 1, revoting: true))
        defer { try? FileManager.default.removeItem(at: outcome.directory) }
        #expect(outcome.revotes == 3)
        #expect(outcome.published == outcome.expected)
        let referendum = outcome.published.values.flatMap { $0["referendum"]?.values.map { $0 } ?? [] }.reduce(0, +)
        #expect(referendum == 30, "superseded ballots are not counted")
    }

    @Test func badOptionsAreRefused() {
        var bad = options(voters: 0, districts: 1, revoting: false)
        #expect(throws: DemoError.self) { try DemoElection.run(bad) }
        bad.voters = 5
        bad.threshold = 4
        #expect(throws: DemoError.self) { try DemoElection.run(bad) }
    }
}
