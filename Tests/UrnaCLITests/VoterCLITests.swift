import Foundation
import Testing

/// The voter's side of the command line: input rules, cast-or-audit, the wallet.
@Suite("voter input and cast-or-audit")
struct VoterCLITests {
    @Test("no --choice is refused unless --blank; a repeated candidate is refused; the choices are echoed by name")
    func inputRules() throws {
        let election = try CLIElection.make(revoting: true)
        defer { election.remove() }
        let base = ["vote", "--dir", "el"] + (try election.voter(1)) + ["--wallet", "v1.wallet"]
        let none = try election.urna(base)
        #expect(none.status == 2 && none.err.contains("--blank"), "\(none.err)")
        let twice = try election.urna(base + ["--choice", "council=dan,dan"])
        #expect(twice.status == 2 && twice.err.contains("'dan' twice"), "\(twice.err)")
        let both = try election.urna(base + ["--blank", "--choice", "mayor=alice"])
        #expect(both.status == 2)
        let unknown = try election.urna(base + ["--choice", "mayor=zed"])
        #expect(unknown.status == 1 && unknown.err.contains("zed"), "\(unknown.err)")
        #expect(try election.status().contains("ballots cast: 0"))
        let cast = try election.urna(base + ["--choice", "mayor=alice", "--choice", "council=dan,fay"])
        #expect(cast.status == 0, "\(cast.err)")
        #expect(cast.out.contains("Mayor: Alice Adams (alice)"))
        #expect(cast.out.contains("Council: Dan (dan), Fay (fay)"))
        let blank = try election.urna(base + ["--blank"])
        #expect(blank.status == 0 && blank.out.contains("Mayor: (blank)"), "\(blank.err)")
    }

    @Test("a wallet that others can read is refused")
    func openWalletRefused() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let base = ["vote", "--dir", "el"] + (try election.voter(2)) + ["--wallet", "v2.wallet", "--choice", "mayor=bob"]
        try election.succeed(base + ["--spoil"])
        chmod(election.path("v2.wallet"), 0o644)
        let refused = try election.urna(base)
        #expect(refused.status == 1 && refused.err.contains("chmod 600"), "\(refused.err)")
        #expect(try election.status().contains("ballots cast: 0"))
    }

    @Test("--spoil prints the tracking code, and voter audit shows what the spoiled ballot encrypted, by name")
    func spoilThenAudit() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let base = ["vote", "--dir", "el"] + (try election.voter(1)) + ["--wallet", "v1.wallet"]
        let spoil = try election.urna(base + ["--choice", "mayor=bob", "--choice", "council=erin", "--spoil"])
        #expect(spoil.status == 0, "\(spoil.err)")
        let line = try #require(spoil.out.split(separator: "\n").first { $0.hasPrefix("tracking code: ") })
        let code = String(line.dropFirst("tracking code: ".count).prefix(19))
        let audit = try election.urna("voter", "audit", "--record", "el", "--tracking-code", code, "--wallet", "v1.wallet")
        #expect(audit.status == 0, "\(audit.err)")
        #expect(audit.out.contains("Mayor: Bob Brown (bob)") && audit.out.contains("Council: Erin (erin)"))
        #expect(audit.out.contains("exactly what you chose"))
        // From the public export too, without the wallet.
        try election.succeed("export", "--dir", "el", "--out", "public")
        let fromExport = try election.urna("voter", "audit", "--record", "public", "--tracking-code", code)
        #expect(fromExport.status == 0 && fromExport.out.contains("Bob Brown"), "\(fromExport.err)")
        // A cast ballot is never opened.
        let cast = try election.urna(base + ["--choice", "mayor=alice"])
        let castCode = try #require(cast.out.split(separator: "\n").first { $0.hasPrefix("tracking code: ") })
            .dropFirst("tracking code: ".count).prefix(19)
        let notSpoiled = try election.urna("voter", "audit", "--record", "el", "--tracking-code", String(castCode))
        #expect(notSpoiled.status == 1 && notSpoiled.err.contains("[not-found]"), "\(notSpoiled.err)")
    }

    @Test("exit codes: 2 only for usage mistakes, 1 for every refusal; no-election is the same whatever the mistake")
    func exitCodes() throws {
        let election = try CLIElection.make(stage: .created)
        defer { election.remove() }
        try "x".write(toFile: election.path("a-file"), atomically: true, encoding: .utf8)
        for dir in ["missing", "a-file", "."] {
            let outcome = try election.urna("election", "status", "--dir", dir)
            #expect(outcome.status == 1 && outcome.err.contains("[no-election]"), "\(dir): \(outcome.err)")
        }
        let wrongPhase = try election.urna("election", "close", "--dir", "el")
        #expect(wrongPhase.status == 1 && wrongPhase.err.contains("[wrong-phase]"))
        let vote = try election.urna("vote", "--dir", "el", "--pseudonym", String(repeating: "ab", count: 16), "--code", "AAAA",
                                     "--blank", "--wallet", "w")
        #expect(vote.status == 1 && vote.err.contains("[wrong-phase]"), "\(vote.err)")
        #expect(try election.urna("election", "status").status == 2)
        #expect(try election.urna("election", "status", "--dir", "el", "--bogus").status == 2)
        #expect(try election.urna("frobnicate").status == 2)
        for outcome in [wrongPhase, vote] {
            #expect(!outcome.err.contains("NSCocoaErrorDomain") && !outcome.err.contains("DecodingError"))
        }
    }
}
