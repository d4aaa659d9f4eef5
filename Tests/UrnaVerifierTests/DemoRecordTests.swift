import Foundation
import Testing
import UrnaDemo
import UrnaRecord
@testable import UrnaVerifier

/// The acceptance check on a record made by the real service: `scrutineer verify DIR/election.db`
/// and `DIR/ledger.jsonl` exit 0 and give the results of `DIR/expected.json`.
@Suite("A record written by the election service (urna demo)")
struct DemoRecordTests {
    @Test("election.db and ledger.jsonl verify; the results equal expected.json")
    func demoRecord() throws {
        var options = DemoOptions()
        options.voters = 24
        options.districts = 2
        options.revoting = true
        options.tokenKeyBits = 2048
        options.directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-verifier-demo-\(UUID().uuidString)")
        let outcome = try DemoElection.run(options)
        defer { try? FileManager.default.removeItem(at: outcome.directory) }
        let expected = try CanonicalJSON.decode(
            [String: [String: [String: Int]]].self,
            from: Array(Data(contentsOf: outcome.directory.appendingPathComponent(DemoElection.expectedFileName))))
        for file in ["election.db", "ledger.jsonl"] {
            let path = outcome.directory.appendingPathComponent(file).path
            let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
            #expect(report.isValid, "\(file): \(report.failures)")
            #expect(report.results == expected, "\(file)")
            let run = try CommandTests.run(["verify", path, "--json", "--quiet"])
            #expect(run.status == 0)
            let printed = try JSONDecoder().decode(VerificationReport.self, from: Data(run.out.utf8))
            #expect(printed.results == expected)
        }
    }
}
