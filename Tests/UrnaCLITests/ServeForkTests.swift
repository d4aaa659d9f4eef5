import Foundation
import Testing
import UrnaRecord

/// A dishonest commission shows two histories: it copies the election before anyone votes and
/// serves each copy in turn, both signed with the same ledger key. The witness that cosigned
/// the first refuses the second (two roots at one size), and `scrutineer follow` raises the alarm.
@Suite(.serialized) struct ServeForkTests {
    @Test func aWitnessRefusesAForkedCheckpointAndFollowAlarms() throws {
        let election = try CLIElection.make(voters: 6)
        defer { election.remove() }
        let (vkey, fingerprint) = try ServeElectionTests.ledgerKey(election)
        try FileManager.default.copyItem(atPath: election.path("el"), toPath: election.path("el-fork"))
        let port = try ServedWitness.freePort()
        let witness = try ServedWitness(election, name: "w1", serviceURL: "http://127.0.0.1:\(port)/v1/elections/cli-2026", ledgerKey: vkey)
        func vote(_ served: ServedElection, _ voter: Int, _ mayor: String) throws -> Receipt {
            let outcome = try election.urna(["vote", "--server", served.url, "--ledger-fingerprint", fingerprint, "--wallet", "v\(voter).wallet",
                                             "--receipt-out", "r\(voter).json", "--choice", "mayor=\(mayor)"] + (try election.voter(voter)))
            guard outcome.status == 0 else { throw CLI.Failure(description: "vote v\(voter): \(outcome.err)") }
            return try CanonicalJSON.decodeInput(Receipt.self, from: Array(try Data(contentsOf: URL(fileURLWithPath: election.path("r\(voter).json")))))
        }
        // History A: voter 1 votes; the witness cosigns; the follower sees it.
        let honest = try ServedElection(election, port: port, arguments: ["--witness", witness.spec])
        let first = try vote(honest, 1, "alice")
        #expect(ServeElectionTests.signers(first.checkpoint).contains("w1"))
        let seen = try CLI.run("scrutineer", ["follow", honest.electionURL, "--state", "follower", "--once", "--ledger-key", vkey, "--quiet"], in: election.root)
        #expect(seen.status == 0, "\(seen.err)")
        #expect(try honest.stop().status == 0)
        // History B on the same address: the same prefix, another ballot at the same position.
        let forked = try ServedElection(election, directory: "el-fork", port: port, arguments: ["--witness", witness.spec])
        let second = try vote(forked, 2, "bob")
        #expect(second.seq == first.seq)
        #expect(!ServeElectionTests.signers(second.checkpoint).contains("w1"), "the witness cosigned a fork: \(second.checkpoint)")
        // The follower that saw history A raises the alarm on B.
        let alarm = try CLI.run("scrutineer", ["follow", forked.electionURL, "--state", "follower", "--once", "--ledger-key", vkey], in: election.root)
        #expect(alarm.status == 1, "\(alarm.out)\(alarm.err)")
        #expect(alarm.err.contains("ALARM"), "\(alarm.err)")
        // B's final checkpoint, pushed as it stops, has the size of A's last one with another
        // root: the witness refuses it as a fork.
        #expect(try forked.stop().status == 0)
        let log = witness.process.output().err
        #expect(log.contains("FORK at size"), "\(log.suffix(2000))")
        #expect(try witness.stop().status == 0)
    }
}
