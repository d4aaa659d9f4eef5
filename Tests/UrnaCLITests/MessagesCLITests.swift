import Foundation
import Testing

/// Every refusal names the file or field at fault and, where one exists, the command that fixes it.
@Suite("messages name the fault and the fix")
struct MessagesCLITests {
    @Test("usage errors point to the subcommand's own help, which explains its options")
    func subcommandHelp() throws {
        let threshold = try CLI.run("urna", ["election", "create", "--dir", "x", "--manifest", "m", "--trustee", "t", "--bogus"])
        #expect(threshold.status == 2 && threshold.err.contains("see 'urna election create --help'"), "\(threshold.err)")
        let unknown = try CLI.run("urna", ["election", "bogus"])
        #expect(unknown.status == 2 && unknown.err.contains("one of: create,") && !unknown.err.contains("usage:"), "\(unknown.err)")
        let help = try CLI.run("urna", ["election", "create", "--help"])
        #expect(help.status == 0 && help.out.contains("--threshold K") && help.out.contains("default 3072"))
        let importHelp = try CLI.run("urna", ["trustee", "import", "--help"])
        #expect(importHelp.out.contains("urna trustee check") && importHelp.out.contains("urna trustee decrypt"))
    }

    @Test("create refuses a repeated trustee before generating any key; roll errors name the file")
    func createAndRollMessages() throws {
        let election = try CLIElection.make(stage: .created)
        defer { election.remove() }
        let started = Date()
        let twice = try election.urna("election", "create", "--dir", "el2", "--manifest", "manifest.json",
                                      "--trustee", "t1.pub.json", "--trustee", "t1.pub.json", "--threshold", "1")
        #expect(twice.status == 1 && twice.err.contains("trustee 't1' again"), "\(twice.err)")
        #expect(Date().timeIntervalSince(started) < 5, "keys were generated before the check")
        #expect(!election.exists("el2"))
        let notInfo = try election.urna("election", "create", "--dir", "el2", "--manifest", "manifest.json",
                                        "--trustee", "manifest.json", "--threshold", "1")
        #expect(notInfo.status == 1 && notInfo.err.contains("--trustee manifest.json") && notInfo.err.contains("urna trustee init"))
        try "voter_id,district\nx1,east\n".write(toFile: election.path("east.csv"), atomically: true, encoding: .utf8)
        let roll = try election.urna("roll", "import", "--dir", "el", "--csv", "east.csv", "--codes-out", "c.csv")
        #expect(roll.status == 1 && roll.err.contains("east.csv line 2: unknown district 'east'"), "\(roll.err)")
        let open = try election.urna("election", "open", "--dir", "el")
        #expect(open.status == 1 && open.err.contains("[wrong-phase]") && open.err.contains("urna trustee pledge"), "\(open.err)")
    }

    @Test("voter mistakes: voting before open, a receipt for a spoil, a second wallet, audit by wallet")
    func voterMessages() throws {
        let created = try CLIElection.make(stage: .rolled)
        defer { created.remove() }
        let early = try created.urna("vote", "--dir", "el", "--voter", "v1", "--code", try created.code(1), "--blank", "--wallet", "w")
        #expect(early.status == 1 && early.err.contains("voting is not open"), "\(early.err)")

        let election = try CLIElection.make()
        defer { election.remove() }
        let base = ["vote", "--dir", "el", "--voter", "v1", "--code", try election.code(1), "--choice", "mayor=bob"]
        let spoilReceipt = try election.urna(base + ["--wallet", "w1", "--spoil", "--receipt-out", "s.receipt"])
        #expect(spoilReceipt.status == 2 && spoilReceipt.err.contains("no receipt"))
        try election.succeed(base + ["--wallet", "w1", "--spoil"])
        let second = try election.urna(base + ["--wallet", "w1-new"])
        #expect(second.status == 1 && second.err.contains("use the wallet of that first request"), "\(second.err)")
        #expect(!election.exists("w1-new"))
        let audit = try election.urna("voter", "audit", "--record", "el", "--wallet", "w1")
        #expect(audit.status == 0 && audit.out.contains("Mayor: Bob Brown (bob)"), "\(audit.err)")
    }
}
