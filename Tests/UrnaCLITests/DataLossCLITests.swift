import Foundation
import Testing
import UrnaRecord

/// Issue 9's reproductions of lost data and dead ends, through the real executables.
@Suite("no data lost: the seven reproductions")
struct DataLossCLITests {
    @Test("1. a wrong --district is refused before anything is recorded, and the voter can still vote")
    func wrongDistrictBurnsNoToken() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let v1 = try election.voter(1)  // v1 is on the north roll
        let wrong = try election.urna(["vote", "--dir", "el"] + v1 + ["--district", "south", "--choice", "mayor=alice", "--wallet", "v1.wallet"])
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("[voter-other-district]"), "\(wrong.err)")
        #expect(wrong.err.contains("north"))
        #expect(try election.status().contains("south: roll 3, tokens issued 0"))
        #expect(try election.status().contains("north: roll 3, tokens issued 0"))
        // Without --district the client asks the roll; the vote goes through.
        let right = try election.urna(["vote", "--dir", "el"] + v1 + ["--choice", "mayor=alice", "--wallet", "v1.wallet"])
        #expect(right.status == 0, "\(right.err)")
        #expect(right.out.contains("ballot cast at entry"))
        #expect(try election.status().contains("north: roll 3, tokens issued 1"))
    }

    @Test("2. a receipt that cannot be written never costs the cast: refused before casting, kept in the wallet, fetched again")
    func receiptsAreNeverLost() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let vote = ["vote", "--dir", "el"] + (try election.voter(3)) + ["--choice", "mayor=bob", "--wallet", "v3.wallet"]
        // A missing folder is found before anything is sent.
        let missing = try election.urna(vote + ["--receipt-out", "no-such-folder/v3.receipt"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("does not exist"))
        #expect(try election.status().contains("ballots cast: 0"))
        // Cast without --receipt-out: the wallet keeps the receipt.
        let cast = try election.urna(vote)
        #expect(cast.status == 0, "\(cast.err)")
        let fromWallet = try election.urna("voter", "receipt", "--wallet", "v3.wallet", "--out", "again.receipt")
        #expect(fromWallet.status == 0, "\(fromWallet.err)")
        #expect(try election.scrutineer("receipt", "again.receipt", "--record", "el/election.db").status == 0)
        // By tracking code, fresh from the election.
        let tracking = try #require(cast.out.split(separator: "\n").first { $0.hasPrefix("tracking code: ") })
            .dropFirst("tracking code: ".count).prefix(19)
        let fetched = try election.urna("voter", "receipt", "--dir", "el", "--tracking-code", String(tracking), "--out", "fetched.receipt")
        #expect(fetched.status == 0, "\(fetched.err)")
        #expect(try election.scrutineer("receipt", "fetched.receipt", "--record", "el").status == 0)
        // A retry (re-voting is off) is refused, but hands the receipt over again.
        let retry = try election.urna(vote + ["--receipt-out", "retry.receipt"])
        #expect(retry.status == 1)
        #expect(retry.err.contains("[credential-used]") && retry.err.contains("already cast"))
        #expect(try election.scrutineer("receipt", "retry.receipt", "--record", "el").status == 0)
        // An unknown tracking code is a clear refusal.
        let unknown = try election.urna("voter", "receipt", "--dir", "el", "--tracking-code", "0000-0000-0000-0000", "--out", "x.receipt")
        #expect(unknown.status == 1 && unknown.err.contains("[not-found]"))
    }

    @Test("2. Ctrl-C or a crash at any moment of a vote: running it again finishes it, with one ballot and its receipt")
    func votesSurviveInterrupts() throws {
        var random = SeededRandom()
        let voters = 8
        let election = try CLIElection.make(voters: voters)
        defer { election.remove() }
        var shots: [String] = []
        for voter in 1...voters {
            let vote = ["vote", "--dir", "el"] + (try election.voter(voter))
                + ["--choice", "mayor=\(voter % 3 == 0 ? "bob" : "alice")", "--wallet", "v\(voter).wallet", "--receipt-out", "v\(voter).receipt"]
            let shot = try Interrupts.shoot(vote, in: election.root, round: voter, window: 50...900, random: &random)
            shots.append("v\(voter): \(shot)")
            let again = try election.urna(vote)
            // Either the rerun casts, or it finds the ballot already cast (the interrupt came late).
            #expect(again.status == 0 || again.err.contains("already cast"), "\(shots.last ?? ""): \(again.err)")
            #expect(election.exists("v\(voter).receipt"), "\(shots.last ?? "")")
            let receipt = try election.scrutineer("receipt", "v\(voter).receipt", "--record", "el")
            #expect(receipt.status == 0, "\(shots.last ?? ""): \(receipt.out)")
        }
        #expect(try election.status().contains("ballots cast: \(voters)"), "\(shots)")
        try election.succeed("election", "close", "--dir", "el")
        #expect(try election.scrutineer("verify", "el").status == 0)
    }

    @Test("3. election create is atomic: an interrupt leaves no election or a whole one, and create runs again")
    func createIsAtomic() throws {
        var random = SeededRandom()
        let base = try CLIElection.make(stage: .created)
        defer { base.remove() }
        try FileManager.default.removeItem(atPath: base.dir)
        let create = ["election", "create", "--dir", "el", "--manifest", "manifest.json", "--registrar", "registrar.json",
                      "--trustee", "t1.pub.json", "--trustee", "t2.pub.json", "--trustee", "t3.pub.json", "--threshold", "2"]
        for round in 0..<6 {
            let shot = try Interrupts.shoot(create, in: base.root, round: round, window: 20...1500, random: &random)
            let status = try base.urna("election", "status", "--dir", "el")
            if base.exists("el") {
                #expect(status.status == 0, "round \(round) \(shot): a partial election: \(status.err)")
            } else {
                #expect(status.status == 1 && status.err.contains("[no-election]"), "round \(round) \(shot)")
                let again = try base.urna(create + ["--token-bits", "2048"])
                #expect(again.status == 0, "round \(round) \(shot): \(again.err)")
            }
            #expect(try base.status().contains("phase: setup"))
            try FileManager.default.removeItem(atPath: base.dir)
        }
        // Nothing of the interrupted builds is left once a create has run.
        _ = try base.succeed(create + ["--token-bits", "2048"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base.root.path).filter { $0.contains(".creating-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("3. create refuses a folder that is not empty, and writes nothing into it")
    func createRefusesAFullFolder() throws {
        let base = try CLIElection.make(stage: .created)
        defer { base.remove() }
        try FileManager.default.createDirectory(atPath: base.path("full"), withIntermediateDirectories: false)
        try "keep me".write(toFile: base.path("full/notes.txt"), atomically: true, encoding: .utf8)
        let refused = try base.urna("election", "create", "--dir", "full", "--manifest", "manifest.json", "--registrar", "registrar.json", "--trustee", "t1.pub.json",
                                    "--threshold", "1", "--token-bits", "2048")
        #expect(refused.status == 1 && refused.err.contains("not empty"), "\(refused.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path("full")) == ["notes.txt"])
        let here = try base.urna("election", "create", "--dir", ".", "--manifest", "manifest.json", "--registrar", "registrar.json", "--trustee", "t1.pub.json",
                                 "--threshold", "1", "--token-bits", "2048")
        #expect(here.status == 1 && here.err.contains("current folder"), "\(here.err)")
        #expect(!base.exists("election.db") && !base.exists("election.private.db"))
        let again = try base.urna("election", "create", "--dir", "el", "--manifest", "manifest.json", "--registrar", "registrar.json", "--trustee", "t1.pub.json",
                                  "--threshold", "1", "--token-bits", "2048")
        #expect(again.status == 1 && again.err.contains("[election-exists]"))
    }

    @Test("4. registrar init, registrar roll and roll import, each interrupted at random and run again, end in a complete roll and no leftover files")
    func rollUnderInterrupts() throws {
        var random = SeededRandom()
        let voters = 4000
        let roll = CLIElection.roll(voters: voters)
        for round in 0..<4 {
            let root = try CLI.temporaryDirectory("roll-interrupts")
            defer { try? FileManager.default.removeItem(at: root) }
            let urna = { (arguments: [String]) in try CLI.run("urna", arguments, in: root) }
            let files = { try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() }
            try CLIElection.manifest.replacingOccurrences(of: "REVOTING", with: "false")
                .write(to: root.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
            try CLIRegistrar.expectSuccess(["trustee", "init", "--name", "t1", "--key", "t1.key", "--public-out", "t1.pub.json"], in: root)

            // The registrar's key file: an interrupted init, run again, ends with the key file and its registration.
            let initialize = try CLIRegistrar.initialize(roll: roll, in: root)
            var shot = try Interrupts.shoot(initialize, in: root, round: round, window: 5...500, random: &random)
            var again = try urna(initialize)
            #expect(again.status == 0, "round \(round) init \(shot): \(again.err)")
            let key = try Data(contentsOf: root.appendingPathComponent("registrar.key"))
            let registration = try Data(contentsOf: root.appendingPathComponent("registrar.json"))
            #expect(try urna(initialize).status == 0)
            #expect(try Data(contentsOf: root.appendingPathComponent("registrar.key")) == key, "round \(round): init run again replaced the key file")
            #expect(try Data(contentsOf: root.appendingPathComponent("registrar.json")) == registration)
            try CLIRegistrar.expectSuccess(["election", "create", "--dir", "el", "--manifest", "manifest.json", "--registrar", "registrar.json",
                                            "--trustee", "t1.pub.json", "--threshold", "1", "--token-bits", "2048"], in: root)

            // The signed roll: an interrupted roll, run again, writes the same roll (Ed25519 is deterministic).
            let sign = ["registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "roll.json"]
            shot = try Interrupts.shoot(sign, in: root, round: round + 1, window: 10...2500, random: &random)
            again = try urna(sign)
            #expect(again.status == 0, "round \(round) roll \(shot): \(again.err)")
            let signed = try Data(contentsOf: root.appendingPathComponent("roll.json"))
            #expect(try urna(sign).status == 0)
            #expect(try Data(contentsOf: root.appendingPathComponent("roll.json")) == signed, "round \(round): the roll signed again differs")

            // The import: an interrupted import, run again, records every entry once.
            let importRoll = ["roll", "import", "--dir", "el", "roll.json"]
            shot = try Interrupts.shoot(importRoll, in: root, round: round, window: 10...2500, random: &random)
            again = try urna(importRoll)
            #expect(again.status == 0, "round \(round) import \(shot): \(again.err)")
            let status = try urna(["election", "status", "--dir", "el"]).out
            #expect(status.contains("north: roll \(voters / 2),") && status.contains("south: roll \(voters / 2),"), "round \(round) \(shot): \(status)")
            let third = try urna(importRoll)
            #expect(third.status == 0 && third.out.contains("recorded 0 roll entries (all were already in the record)"), "\(third.out)\(third.err)")
            // Every entry recorded is covered by a signed checkpoint: the record verifies, and a trustee acts on it.
            let verify = try CLI.run("scrutineer", ["verify", "el"], in: root)
            #expect(verify.status == 0, "round \(round) import \(shot): the record does not verify after the rerun:\n\(verify.out.suffix(600))")

            // The roll is complete: the election opens once the ceremony is done.
            try CLIRegistrar.expectSuccess(["trustee", "pledge", "--key", "t1.key", "--record", "el", "--out", "t1.pledge.json"], in: root)
            try CLIRegistrar.expectSuccess(["trustee", "import", "--dir", "el", "t1.pledge.json"], in: root)
            let commit = try urna(["trustee", "commit", "--key", "t1.key", "--record", "el", "--out", "t1.commit.json"])
            #expect(commit.status == 0, "round \(round) import \(shot): a trustee refuses the record after the rerun: \(commit.err)")
            guard commit.status == 0 else { continue }
            try CLIRegistrar.expectSuccess(["trustee", "import", "--dir", "el", "t1.commit.json"], in: root)
            try CLIRegistrar.expectSuccess(["trustee", "check", "--key", "t1.key", "--record", "el", "--out", "t1.check.json"], in: root)
            try CLIRegistrar.expectSuccess(["trustee", "import", "--dir", "el", "t1.check.json"], in: root)
            let open = try urna(["election", "open", "--dir", "el"])
            #expect(open.status == 0, "round \(round): \(open.err)")

            // Nothing else is left, hidden or not, beside the files and in the election folder.
            let left = try files()
            #expect(left == ["el", "manifest.json", "registrar.json", "registrar.key", "roll.json", "t1.check.json",
                             "t1.commit.json", "t1.key", "t1.pledge.json", "t1.pub.json", "voters.csv"], "round \(round): \(left)")
            let inElection = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("el").path)
            #expect(inElection.allSatisfy { !$0.hasPrefix(".") && !$0.contains("tmp") }, "round \(round) \(shot): \(inElection)")
        }
    }

    @Test("5. an interrupted export never damages the previous one")
    func exportIsAtomic() throws {
        var random = SeededRandom()
        let election = try CLIElection.make()
        defer { election.remove() }
        for voter in 1...4 {
            try election.succeed(["vote", "--dir", "el"] + election.voter(voter) + ["--choice", "mayor=alice", "--wallet", "v\(voter).wallet"])
        }
        try election.succeed("export", "--dir", "el", "--out", "public")
        #expect(try election.scrutineer("verify", "public").status == 0)
        for round in 0..<8 {
            let shot = try Interrupts.shoot(["export", "--dir", "el", "--out", "public"], in: election.root, round: round, window: 5...250, random: &random)
            let verify = try election.scrutineer("verify", "public")
            #expect(verify.status == 0, "round \(round) \(shot): \(verify.out.suffix(400))")
            if round < 2 {  // the next export has more entries than the last
                try election.succeed(["vote", "--dir", "el"] + election.voter(5 + round) + ["--choice", "mayor=bob", "--wallet", "x\(round).wallet"])
            }
        }
        // A folder holding something else is refused.
        try "notes".write(toFile: election.path("public/notes.txt"), atomically: true, encoding: .utf8)
        let refused = try election.urna("export", "--dir", "el", "--out", "public")
        #expect(refused.status == 1 && refused.err.contains("notes.txt"))
    }

    @Test("5. an interrupted trustee init never leaves a key without its public file once run again")
    func trusteeInitCompletes() throws {
        var random = SeededRandom()
        let root = try CLI.temporaryDirectory("trustee-init")
        defer { try? FileManager.default.removeItem(at: root) }
        for round in 0..<6 {
            let command = ["trustee", "init", "--name", "t\(round)", "--key", "t\(round).key", "--public-out", "t\(round).pub.json"]
            let shot = try Interrupts.shoot(command, in: root, round: round, window: 5...200, random: &random)
            let again = try CLI.run("urna", command, in: root)
            #expect(again.status == 0, "round \(round) \(shot): \(again.err)")
            let key = root.appendingPathComponent("t\(round).key").path, pub = root.appendingPathComponent("t\(round).pub.json").path
            #expect(FileManager.default.fileExists(atPath: key) && FileManager.default.fileExists(atPath: pub))
            // Running it a third time keeps the key (never overwritten) and rewrites the same public info.
            let before = try Data(contentsOf: URL(fileURLWithPath: key)), publicBefore = try Data(contentsOf: URL(fileURLWithPath: pub))
            #expect(try CLI.run("urna", command, in: root).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: key)) == before)
            #expect(try Data(contentsOf: URL(fileURLWithPath: pub)) == publicBefore)
        }
        let other = try CLI.run("urna", ["trustee", "init", "--name", "someone-else", "--key", "t0.key", "--public-out", "x.json"], in: root)
        #expect(other.status == 1 && other.err.contains("refusing to overwrite"))
    }

    @Test("7. a zero-length or foreign election.db is refused by every command and never written")
    func foreignDatabasesAreNeverWritten() throws {
        let election = try CLIElection.make(stage: .rolled)
        defer { election.remove() }
        for content in [Data(), Data("not a database at all\n".utf8)] {
            try content.write(to: URL(fileURLWithPath: election.path("el/election.db")))
            for command in [["election", "status", "--dir", "el"], ["election", "open", "--dir", "el"],
                            ["election", "close", "--dir", "el"], ["election", "tally", "--dir", "el"],
                            ["election", "publish", "--dir", "el"], ["election", "results", "--dir", "el"],
                            ["roll", "import", "--dir", "el", "roll.json"],
                            ["trustee", "import", "--dir", "el", "t1.pub.json"], ["export", "--dir", "el", "--out", "pub2"],
                            ["vote", "--dir", "el"] + (try election.voter(1)) + ["--blank", "--wallet", "w"]] {
                let outcome = try election.urna(command)
                #expect(outcome.status == 1, "\(command): \(outcome.status) \(outcome.err)")
                #expect(outcome.err.contains("not an Urna ledger") || outcome.err.contains("empty"), "\(command): \(outcome.err)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: election.path("el/election.db"))) == content, "\(command) wrote into the file")
            }
            #expect(!election.exists("el/election.db-wal") && !election.exists("pub2") && !election.exists("w"))
        }
    }
}

/// Trustee messages and the ceremony: every step interrupted is finished by running it again.
@Suite("the key ceremony under interrupts")
struct TrusteeImportCLITests {
    @Test("6. every ceremony step, interrupted at random and run again, ends in an open election with every check")
    func ceremonyUnderInterrupts() throws {
        var random = SeededRandom()
        let election = try CLIElection.make(stage: .rolled)
        defer { election.remove() }
        var steps: [[String]] = (1...3).map { ["trustee", "pledge", "--key", "t\($0).key", "--record", "el", "--out", "t\($0).pledge.json"] }
        steps.append(["trustee", "import", "--dir", "el", "t1.pledge.json", "t2.pledge.json", "t3.pledge.json"])
        steps += (1...3).map { ["trustee", "commit", "--key", "t\($0).key", "--record", "el", "--out", "t\($0).commit.json"] }
        steps.append(["trustee", "import", "--dir", "el", "t1.commit.json", "t2.commit.json", "t3.commit.json"])
        steps += (1...3).map { ["trustee", "check", "--key", "t\($0).key", "--record", "el", "--out", "t\($0).check.json"] }
        steps.append(["trustee", "import", "--dir", "el", "t1.check.json", "t2.check.json", "t3.check.json"])
        steps.append(["election", "open", "--dir", "el"])
        for (round, step) in steps.enumerated() {
            let shot = try Interrupts.shoot(step, in: election.root, round: round, window: 10...500, random: &random)
            let again = try election.urna(step)
            #expect(again.status == 0, "\(step.prefix(2)) \(shot): \(again.err)")
        }
        let status = try election.status()
        #expect(status.contains("phase: open") && status.contains("checks received: 3/3"), "\(status)")
        #expect(try election.scrutineer("verify", "el").status == 0)
    }

    @Test("closing, tallying, decrypting and publishing, each interrupted at random and run again, end in a verified result")
    func countingUnderInterrupts() throws {
        var random = SeededRandom()
        let election = try CLIElection.make()
        defer { election.remove() }
        for voter in 1...4 {
            try election.succeed(["vote", "--dir", "el"] + election.voter(voter)
                                 + ["--choice", voter == 4 ? "mayor=bob" : "mayor=alice", "--wallet", "v\(voter).wallet"])
        }
        let steps: [[String]] = [
            ["election", "close", "--dir", "el"], ["election", "tally", "--dir", "el"],
            ["trustee", "decrypt", "--key", "t1.key", "--record", "el", "--out", "t1.share.json"],
            ["trustee", "decrypt", "--key", "t3.key", "--record", "el", "--out", "t3.share.json"],
            ["trustee", "import", "--dir", "el", "t1.share.json", "t3.share.json"], ["election", "publish", "--dir", "el"],
        ]
        for (round, step) in steps.enumerated() {
            let shot = try Interrupts.shoot(step, in: election.root, round: round, window: 10...600, random: &random)
            let again = try election.urna(step)
            #expect(again.status == 0, "\(step.prefix(2)) \(shot): \(again.err)")
        }
        let results = try election.urna("election", "results", "--dir", "el", "--csv")
        #expect(results.status == 0, "\(results.err)")
        #expect(results.out.contains("alice,Alice Adams,votes,3") && results.out.contains("bob,Bob Brown,votes,1"), "\(results.out)")
        #expect(try election.scrutineer("verify", "el").status == 0)
    }

    @Test("1. a vote with a wrong --district, interrupted or not, never costs the voter's token")
    func wrongDistrictUnderInterrupts() throws {
        var random = SeededRandom()
        let election = try CLIElection.make()
        defer { election.remove() }
        for voter in [1, 3] {  // both on the north roll
            let base = ["vote", "--dir", "el"] + (try election.voter(voter)) + ["--choice", "mayor=alice", "--wallet", "v\(voter).wallet"]
            let shot = try Interrupts.shoot(base + ["--district", "south"], in: election.root, round: voter, window: 5...400, random: &random)
            let again = try election.urna(base)
            #expect(again.status == 0, "\(shot): \(again.err)")
        }
        #expect(try election.status().contains("north: roll 3, tokens issued 2"))
        #expect(try election.status().contains("south: roll 3, tokens issued 0"))
    }

    @Test("importing the same messages again after an interrupt records each once and goes on")
    func importIsRepeatable() throws {
        var random = SeededRandom()
        let election = try CLIElection.make(stage: .rolled)
        defer { election.remove() }
        for t in 1...3 { try election.succeed("trustee", "pledge", "--key", "t\(t).key", "--record", "el", "--out", "t\(t).pledge.json") }
        let command = ["trustee", "import", "--dir", "el", "t1.pledge.json", "t2.pledge.json", "t3.pledge.json"]
        let shot = try Interrupts.shoot(command, in: election.root, round: 0, window: 20...400, random: &random)
        let again = try election.urna(command)
        #expect(again.status == 0, "\(shot): \(again.err)")
        let third = try election.urna(command)
        #expect(third.status == 0 && third.out.components(separatedBy: "already recorded").count == 4, "\(third.out)")
        let wrong = try election.urna("trustee", "import", "--dir", "el", "manifest.json")
        #expect(wrong.status == 1 && wrong.err.contains("is not a trustee message"), "\(wrong.err)")
        #expect(!wrong.err.contains("DecodingError"))
    }
}
