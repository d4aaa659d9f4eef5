import Foundation
import Testing
import UrnaClient
import UrnaHTTP
import UrnaRecord

/// Many voters at once against the real `urna serve`, and races on one token.
@Suite(.serialized) struct ServeConcurrencyTests {
    static let generous = ["--rate", "100000", "--burst", "100000", "--max-connections", "1024"]

    @Test func twoHundredConcurrentVoters() throws {
        let election = try CLIElection.make(voters: 200)
        defer { election.remove() }
        let served = try ServedElection(election, arguments: Self.generous)
        let ledgerKey = try ServeElectionTests.ledgerKeyString(served)
        let voters = try NetworkVoter.all(election)
        #expect(voters.count == 200)
        let receipts = Gathered<(Int, String, Receipt)>()
        let failures = Gathered<String>()
        simultaneously(voters.count) { index in
            let voter = voters[index]
            do {
                let remote = try NetworkVoter.remote(served.url, ledgerKey: ledgerKey)
                let mayor = index % 3 == 0 ? "bob" : "alice"
                let ballot = try voter.ballot(remote, token: try voter.token(remote), mayor: mayor)
                receipts.append((voter.voter, mayor, try remote.cast(ballot)))
            } catch {
                failures.append("v\(voter.voter): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
        #expect(Set(receipts.all.map { $0.2.seq }).count == 200)
        let client = try HTTPClient(baseURL: served.url)
        let metrics = try PrometheusText(String(decoding: try client.get("/metrics").body, as: UTF8.self))
        #expect(metrics.value("urna_ballots_accepted_total", ["election": "cli-2026"]) == 200)
        #expect(metrics.value("urna_tokens_issued_total", ["election": "cli-2026"]) == 200)
        // The tally equals the reference tally of what the 200 voters chose.
        try election.succeed("election", "close", "--dir", "el")
        try election.succeed("election", "tally", "--dir", "el")
        try election.succeed("trustee", "decrypt", "--key", "t2.key", "--record", "el", "--out", "t2.share.json")
        try election.succeed("trustee", "decrypt", "--key", "t3.key", "--record", "el", "--out", "t3.share.json")
        try election.succeed("trustee", "import", "--dir", "el", "t2.share.json", "t3.share.json")
        try election.succeed("election", "publish", "--dir", "el")
        let result = try JSONSerialization.jsonObject(with: Data(try client.get("/v1/elections/cli-2026/results").body)) as? [String: Any]
        let districts = result?["districts"] as? [String: [String: Any]] ?? [:]
        for district in ["north", "south"] {
            let mine = receipts.all.filter { CLIElection.district(of: $0.0) == district }
            let expected = Dictionary(grouping: mine, by: \.1).mapValues(\.count)
            let counted = (districts[district]?["contests"] as? [String: [String: Int]])?["mayor"] ?? [:]
            #expect(counted.filter { $0.value > 0 } == expected, "\(district)")
        }
        client.close()
        let verify = try election.scrutineer("verify", served.electionURL, "--quiet")
        #expect(verify.status == 0, "\(verify.out.suffix(1500))")
        #expect(try served.stop().status == 0)
    }

    @Test func theSameTokenCastTwiceAtTheSameMomentIsAcceptedOnce() throws {
        let election = try CLIElection.make(voters: 6)
        defer { election.remove() }
        let served = try ServedElection(election, arguments: Self.generous)
        let ledgerKey = try ServeElectionTests.ledgerKeyString(served)
        let voters = try NetworkVoter.all(election)
        for voter in voters {
            let remote = try NetworkVoter.remote(served.url, ledgerKey: ledgerKey)
            let token = try voter.token(remote)
            // Odd voters: the very same ballot twice. Even voters: two ballots under one credential.
            let ballots = voter.voter % 2 == 1
                ? Array(repeating: try voter.ballot(remote, token: token, mayor: "alice"), count: 2)
                : [try voter.ballot(remote, token: token, mayor: "alice"), try voter.ballot(remote, token: token, mayor: "bob")]
            let bodies = try ballots.map { try CanonicalJSON.encode($0) }
            let answers = Gathered<(Int, String?)>()
            simultaneously(2) { index in
                do {
                    let client = try HTTPClient(baseURL: served.url)
                    let response = try client.post("/v1/elections/cli-2026/ballots", body: bodies[index])
                    answers.append((response.status, response.problem?.code))
                } catch {
                    answers.append((0, "\(error)"))
                }
            }
            let statuses = answers.all.map(\.0).sorted()
            #expect(statuses == [201, 409], "v\(voter.voter): \(answers.all)")
            let refused = answers.all.first { $0.0 == 409 }?.1
            #expect(refused == "credential-used" || refused == "ballot-replayed", "v\(voter.voter): \(answers.all)")
            #expect(try remote.recordedBallots(credential: ballots[0].credential.bytes).count == 1)
        }
        let verify = try election.scrutineer("verify", served.electionURL, "--quiet")
        #expect(verify.status == 0, "\(verify.out.suffix(1500))")
        #expect(try served.stop().status == 0)
    }
}
