import Foundation
import Testing

/// Every refusal names the file or field at fault and, where one exists, the command that fixes it.
@Suite("messages name the fault and the fix")
struct MessagesCLITests {
    @Test("usage errors point to the subcommand's own help, which explains its options")
    func subcommandHelp() throws {
        let threshold = try CLI.run("urna", ["election", "create", "--dir", "x", "--manifest", "m", "--registrar", "r", "--trustee", "t", "--bogus"])
        #expect(threshold.status == 2 && threshold.err.contains("see 'urna election create --help'"), "\(threshold.err)")
        let unknown = try CLI.run("urna", ["election", "bogus"])
        #expect(unknown.status == 2 && unknown.err.contains("one of: create,") && !unknown.err.contains("usage:"), "\(unknown.err)")
        let help = try CLI.run("urna", ["election", "create", "--help"])
        #expect(help.status == 0 && help.out.contains("--threshold K") && help.out.contains("default 3072"))
        let importHelp = try CLI.run("urna", ["trustee", "import", "--help"])
        #expect(importHelp.out.contains("urna trustee check") && importHelp.out.contains("urna trustee decrypt"))
        let rollHelp = try CLI.run("urna", ["roll", "import", "--help"])
        #expect(rollHelp.status == 0 && rollHelp.out.contains("urna registrar roll") && rollHelp.out.contains("urna election open"), "\(rollHelp.out)")
        let oldRoll = try CLI.run("urna", ["roll", "import", "--dir", "x", "--csv", "roll.csv", "--codes-out", "codes.csv"])
        #expect(oldRoll.status == 2, "\(oldRoll.err)")
    }

    @Test("create refuses a repeated trustee before generating any key; roll errors name the file")
    func createAndRollMessages() throws {
        let election = try CLIElection.make(stage: .created)
        defer { election.remove() }
        let started = Date()
        let twice = try election.urna("election", "create", "--dir", "el2", "--manifest", "manifest.json", "--registrar", "registrar.json",
                                      "--trustee", "t1.pub.json", "--trustee", "t1.pub.json", "--threshold", "1")
        #expect(twice.status == 1 && twice.err.contains("trustee 't1' again"), "\(twice.err)")
        #expect(Date().timeIntervalSince(started) < 5, "keys were generated before the check")
        #expect(!election.exists("el2"))
        let notInfo = try election.urna("election", "create", "--dir", "el2", "--manifest", "manifest.json", "--registrar", "registrar.json",
                                        "--trustee", "manifest.json", "--threshold", "1")
        #expect(notInfo.status == 1 && notInfo.err.contains("--trustee manifest.json") && notInfo.err.contains("urna trustee init"))
        let notRegistrar = try election.urna("election", "create", "--dir", "el2", "--manifest", "manifest.json", "--registrar", "t1.pub.json",
                                             "--trustee", "t1.pub.json", "--threshold", "1")
        #expect(notRegistrar.status == 1 && notRegistrar.err.contains("--registrar t1.pub.json") && notRegistrar.err.contains("urna registrar init"),
                "\(notRegistrar.err)")
        let noRegistrar = try election.urna("election", "create", "--dir", "el2", "--manifest", "manifest.json", "--trustee", "t1.pub.json",
                                            "--threshold", "1")
        #expect(noRegistrar.status == 2 && noRegistrar.err.contains("--registrar"), "\(noRegistrar.err)")
        // A registrar whose roll names a district the manifest does not have.
        try "voter_id,district\nx1,east\n".write(toFile: election.path("east.csv"), atomically: true, encoding: .utf8)
        try election.succeed("registrar", "init", "--name", "east", "--roll", "east.csv", "--key", "east.key", "--public-out", "east.json")
        let east = try election.urna("election", "create", "--dir", "el2", "--manifest", "manifest.json", "--registrar", "east.json",
                                     "--trustee", "t1.pub.json", "--threshold", "1", "--token-bits", "2048")
        #expect(east.status == 1 && east.err.contains("east"), "\(east.err)")
        #expect(!election.exists("el2"))
        // Roll errors name the file and the line.
        try "voter_id,district\nx1,north\nx1,south\n".write(toFile: election.path("twice.csv"), atomically: true, encoding: .utf8)
        let twiceRoll = try election.urna("registrar", "init", "--name", "r2", "--roll", "twice.csv", "--key", "r2.key", "--public-out", "r2.json")
        #expect(twiceRoll.status == 1 && twiceRoll.err.contains("twice.csv") && twiceRoll.err.contains("line 3"), "\(twiceRoll.err)")
        #expect(!election.exists("r2.key") && !election.exists("r2.json"))
        // A roll file that is not one.
        let notRoll = try election.urna("roll", "import", "--dir", "el", "manifest.json")
        #expect(notRoll.status == 1 && notRoll.err.contains("manifest.json is not a roll from 'urna registrar roll'"), "\(notRoll.err)")
        // Open in setup names the roll import and the pledges; with the roll, still the pledges.
        let noRoll = try election.urna("election", "open", "--dir", "el")
        #expect(noRoll.status == 1 && noRoll.err.contains("[wrong-phase]") && noRoll.err.contains("urna roll import"), "\(noRoll.err)")
        try CLIRegistrar.signAndImport(record: "el", in: election.root)
        let open = try election.urna("election", "open", "--dir", "el")
        #expect(open.status == 1 && open.err.contains("[wrong-phase]") && open.err.contains("urna trustee pledge"), "\(open.err)")
    }

    @Test("voter mistakes: voting before open, a receipt for a spoil, a second wallet, audit by wallet")
    func voterMessages() throws {
        let created = try CLIElection.make(stage: .rolled)
        defer { created.remove() }
        let early = try created.urna(["vote", "--dir", "el"] + created.voter(1) + ["--blank", "--wallet", "w"])
        #expect(early.status == 1 && early.err.contains("voting is not open"), "\(early.err)")

        let election = try CLIElection.make()
        defer { election.remove() }
        let base = ["vote", "--dir", "el"] + (try election.voter(1)) + ["--choice", "mayor=bob"]
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
