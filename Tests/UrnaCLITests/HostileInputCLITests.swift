import Foundation
import Testing

/// Findings of the hostile CLI review, each kept as a regression test.
@Suite("hostile CLI input")
struct HostileInputCLITests {
    @Test("an output path never overwrites the election, a wallet, a trustee key or any file of another kind")
    func outputsNeverOverwritePreciousFiles() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let ledger = try Data(contentsOf: URL(fileURLWithPath: election.path("el/election.db")))
        let base = ["vote", "--dir", "el"] + (try election.voter(2)) + ["--choice", "mayor=bob", "--wallet", "v2.wallet"]
        let intoLedger = try election.urna(base + ["--receipt-out", "el/election.db"])
        #expect(intoLedger.status == 1 && intoLedger.err.contains("is not a receipt"), "\(intoLedger.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: election.path("el/election.db"))) == ledger)
        #expect(try election.status().contains("ballots cast: 0"))
        try election.succeed(base + ["--spoil"])
        let wallet = try Data(contentsOf: URL(fileURLWithPath: election.path("v2.wallet")))
        let intoWallet = try election.urna(base + ["--receipt-out", "v2.wallet"])
        #expect(intoWallet.status == 1 && intoWallet.err.contains("an input of this command"), "\(intoWallet.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: election.path("v2.wallet"))) == wallet)
        let keyAsPublic = try election.urna("trustee", "init", "--name", "t9", "--key", "t9.key", "--public-out", "./t9.key")
        #expect(keyAsPublic.status == 2 && !election.exists("t9.key"), "\(keyAsPublic.err)")
        let key = try Data(contentsOf: URL(fileURLWithPath: election.path("t1.key")))
        let commitOverKey = try election.urna("trustee", "pledge", "--key", "t1.key", "--record", "el", "--out", "t1.key")
        #expect(commitOverKey.status == 1 && commitOverKey.err.contains("an input of this command"), "\(commitOverKey.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: election.path("t1.key"))) == key)
        let overManifest = try election.urna("trustee", "check", "--key", "t1.key", "--record", "el", "--out", "manifest.json")
        #expect(overManifest.status == 1 && overManifest.err.contains("is not a trustee message"), "\(overManifest.err)")
        // The registrar's outputs: never over its key file, a manifest or an existing letter.
        let registrarKey = try Data(contentsOf: URL(fileURLWithPath: election.path("registrar.key")))
        let rollOverKey = try election.urna("registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "registrar.key")
        #expect(rollOverKey.status == 1 && rollOverKey.err.contains("an input of this command"), "\(rollOverKey.err)")
        let rollOverManifest = try election.urna("registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "manifest.json")
        #expect(rollOverManifest.status == 1 && rollOverManifest.err.contains("is not a signed roll"), "\(rollOverManifest.err)")
        let registrationOverKey = try election.urna("registrar", "init", "--name", "registrar", "--roll", "voters.csv", "--key", "registrar.key",
                                                    "--public-out", "registrar.key")
        #expect(registrationOverKey.status != 0, "\(registrationOverKey.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: election.path("registrar.key"))) == registrarKey)
        let letterOverManifest = try election.urna("registrar", "letter", "--key", "registrar.key", "--voter-id", "v1", "--out", "manifest.json")
        #expect(letterOverManifest.status == 1 && letterOverManifest.err.contains("refusing to overwrite"), "\(letterOverManifest.err)")
        #expect(try String(contentsOfFile: election.path("manifest.json"), encoding: .utf8).contains("cli-2026"))
    }

    @Test("a wallet used against another election is refused before anything in it is touched")
    func walletOfAnotherElection() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        // A second election, "other-2026", beside the first, with its own trustees and the same roll.
        let manifest = try String(contentsOfFile: election.path("manifest.json"), encoding: .utf8)
        try manifest.replacingOccurrences(of: "cli-2026", with: "other-2026").write(toFile: election.path("m2.json"), atomically: true, encoding: .utf8)
        for t in 1...3 { try election.succeed("trustee", "init", "--name", "u\(t)", "--key", "u\(t).key", "--public-out", "u\(t).pub.json") }
        try election.succeed(CLIRegistrar.initialize(roll: CLIElection.roll(voters: 6), in: election.root, name: "registrar2",
                                                     key: "registrar2.key", publicOut: "registrar2.json"))
        try election.succeed("election", "create", "--dir", "el2", "--manifest", "m2.json", "--registrar", "registrar2.json",
                             "--trustee", "u1.pub.json", "--trustee", "u2.pub.json", "--trustee", "u3.pub.json", "--threshold", "2",
                             "--token-bits", "2048")
        try CLIRegistrar.signAndImport(record: "el2", in: election.root, key: "registrar2.key", out: "roll2.json")
        for t in 1...3 { try election.succeed("trustee", "pledge", "--key", "u\(t).key", "--record", "el2", "--out", "p\(t).json") }
        try election.succeed("trustee", "import", "--dir", "el2", "p1.json", "p2.json", "p3.json")
        for t in 1...3 { try election.succeed("trustee", "commit", "--key", "u\(t).key", "--record", "el2", "--out", "c\(t).json") }
        try election.succeed("trustee", "import", "--dir", "el2", "c1.json", "c2.json", "c3.json")
        for t in 1...3 { try election.succeed("trustee", "check", "--key", "u\(t).key", "--record", "el2", "--out", "k\(t).json") }
        try election.succeed("trustee", "import", "--dir", "el2", "k1.json", "k2.json", "k3.json")
        try election.succeed("election", "open", "--dir", "el2")

        try election.succeed(["vote", "--dir", "el"] + election.voter(1) + ["--choice", "mayor=alice", "--wallet", "v1.wallet", "--spoil"])
        let before = try Data(contentsOf: URL(fileURLWithPath: election.path("v1.wallet")))
        let wrong = try election.urna(["vote", "--dir", "el2"] + election.voter(1) + ["--choice", "mayor=alice", "--wallet", "v1.wallet"])
        #expect(wrong.status == 1 && wrong.err.contains("belongs to election 'cli-2026', not 'other-2026'"), "\(wrong.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: election.path("v1.wallet"))) == before)
        let right = try election.urna(["vote", "--dir", "el"] + election.voter(1)
                                      + ["--choice", "mayor=alice", "--wallet", "v1.wallet", "--receipt-out", "v1.receipt"])
        #expect(right.status == 0, "\(right.err)")
    }

    @Test("one-letter file names work (no trap in path handling)")
    func oneLetterNames() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let trustee = try election.urna("trustee", "init", "--name", "zz", "--key", "k", "--public-out", "p")
        #expect(trustee.status == 0 && !trustee.signalled, "\(trustee.err)")
        let vote = try election.urna(["vote", "--dir", "el"] + election.voter(1) + ["--choice", "mayor=alice", "--wallet", "w", "--receipt-out", "r"])
        #expect(vote.status == 0 && !vote.signalled, "\(vote.err)")
        #expect(try election.scrutineer("receipt", "r", "--record", "el").status == 0)
        let again = try election.urna("voter", "receipt", "--wallet", "w", "--out", "s")
        #expect(again.status == 0 && !again.signalled, "\(again.err)")
    }
}
