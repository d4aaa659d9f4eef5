import Foundation
import Testing

/// `urna-loadgen prepare --no-ballots` (the issuance benchmark): every voter's token over HTTP,
/// timed, and no ballot encrypted or written; the folder then holds nothing to cast.
@Suite(.serialized) struct LoadgenNoBallotsTests {
    @Test func tokensOnlyAndNothingToCast() throws {
        let voters = 8
        let election = try CLIElection.make(voters: voters)
        defer { election.remove() }
        let (vkey, _) = try ServeElectionTests.ledgerKey(election)
        let served = try ServedElection(election, arguments: ["--rate", "100000", "--burst", "100000"])
        defer { _ = try? served.stop() }

        let prepared = try CLI.run("urna-loadgen", ["prepare", "--server", served.electionURL, "--ledger-key", vkey,
                                                    "--letters", "letters.csv", "--work", "tokens", "--concurrency", "4", "--no-ballots"],
                                   in: election.root, timeout: 600)
        #expect(prepared.status == 0, "\(prepared.out)\(prepared.err)")
        #expect(prepared.out.contains("issuance-http: \(voters) of \(voters) succeeded"), "\(prepared.out)")
        #expect((LoadgenTests.benches(prepared.out)["issuance-http"] ?? 0) > 0, "\(prepared.out)")
        #expect(LoadgenTests.benches(prepared.out)["encrypt-client"] == nil, "\(prepared.out)")
        #expect(!election.exists("tokens/ballots.jsonl") && !election.exists("tokens/loadgen.json"))
        let cast = try CLI.run("urna-loadgen", ["cast", "--work", "tokens"], in: election.root)
        #expect(cast.status == 1 && cast.err.contains("run 'urna-loadgen prepare' first"), "\(cast.err)")
        // The service recorded every token: the same voters again are refused (each pseudonym once).
        let again = try CLI.run("urna-loadgen", ["prepare", "--server", served.electionURL, "--ledger-key", vkey,
                                                 "--letters", "letters.csv", "--work", "again", "--concurrency", "4", "--no-ballots"],
                                in: election.root, timeout: 600)
        #expect(again.status == 3 && again.out.contains("failed [already-issued] × \(voters)"), "\(again.out)\(again.err)")

        let twice = try CLI.run("urna-loadgen", ["prepare", "--server", served.url, "--ledger-key", vkey, "--letters", "letters.csv",
                                                 "--work", "w", "--no-ballots", "--no-ballots"], in: election.root)
        #expect(twice.status == 2 && twice.err.contains("--no-ballots given twice"), "\(twice.err)")
    }
}
