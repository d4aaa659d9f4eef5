import Foundation
import Testing
import UrnaRecord

/// Eligibility through the real executables (issue 10, `Specs/election-record.md` §8.3): the
/// registrar's key file and signed roll, the commission's import, the roll that must be complete
/// before voting opens, and the voter's own check of the roll and the issuances.
@Suite("eligibility: the registrar, the roll and the voter's check")
struct EligibilityCLITests {
    /// The pseudonym a letter file names.
    static func pseudonym(inLetter text: String) throws -> String {
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("pseudonym:") })
        return line.dropFirst("pseudonym:".count).trimmingCharacters(in: .whitespaces)
    }

    /// The `issuance` entry `seq` of the exported `ledger.jsonl` in `folder`, its body decoded.
    static func issuance(seq: UInt64, export folder: String) throws -> IssuanceBody {
        let lines = try String(contentsOfFile: folder + "/ledger.jsonl", encoding: .utf8).split(separator: "\n")
        for line in lines {
            let entry = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard (entry["seq"] as? NSNumber)?.uint64Value == seq else { continue }
            #expect(entry["kind"] as? String == "issuance", "entry \(seq) is a '\(entry["kind"] ?? "?")' entry")
            let body = try #require(Data(base64Encoded: entry["body"] as? String ?? ""))
            return try CanonicalJSON.decodeInput(IssuanceBody.self, from: Array(body))
        }
        throw CLI.Failure(description: "no entry \(seq) in \(folder)/ledger.jsonl")
    }

    /// The seq a `urna voter check` reports in "issuance entry seq N".
    static func reportedSeq(_ out: String) throws -> UInt64 {
        let marker = "issuance entry seq "
        let range = try #require(out.range(of: marker), "\(out)")
        return try #require(UInt64(out[range.upperBound...].prefix { $0.isNumber }), "\(out)")
    }

    @Test("registrar init --manifest announces a district with no voter (0), and refuses a roll line of a district not in the manifest, naming it")
    func manifestDistricts() throws {
        let root = try CLI.temporaryDirectory("registrar-manifest")
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = CLIElection.manifest.replacingOccurrences(of: "REVOTING", with: "false")
            .replacingOccurrences(of: "{\"id\": \"south\", \"name\": \"South\", \"contests\": [\"mayor\"]}",
                                  with: "{\"id\": \"south\", \"name\": \"South\", \"contests\": [\"mayor\"]}, {\"id\": \"west\", \"name\": \"West\", \"contests\": [\"mayor\"]}")
        try manifest.write(to: root.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        // A roll line naming a district the manifest lacks is refused before any key is made.
        try "voter_id,district\nv1,north\nv2,east\n".write(to: root.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try CLI.run("urna", ["registrar", "init", "--name", "registrar", "--roll", "bad.csv", "--manifest", "manifest.json",
                                       "--key", "bad.key", "--public-out", "bad.json"], in: root)
        #expect(bad.status == 1 && bad.err.contains("bad.csv line 3") && bad.err.contains("'east' is not in the manifest"), "\(bad.err)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("bad.key").path))
        // West has no voter: announced with 0, its (empty) roll entry signed, and voting opens.
        try CLIRegistrar.expectSuccess(CLIRegistrar.initialize(roll: "voter_id,district\nv1,north\nv2,south\n", in: root) + ["--manifest", "manifest.json"], in: root)
        let registration = try CanonicalJSON.decodeInput(RegistrarInfo.self, from: Array(Data(contentsOf: root.appendingPathComponent("registrar.json"))))
        #expect(registration.voters == ["north": 1, "south": 1, "west": 0])
        try CLIRegistrar.expectSuccess(["trustee", "init", "--name", "t1", "--key", "t1.key", "--public-out", "t1.pub.json"], in: root)
        try CLIRegistrar.expectSuccess(["election", "create", "--dir", "el", "--manifest", "manifest.json", "--registrar", "registrar.json",
                                        "--trustee", "t1.pub.json", "--threshold", "1", "--token-bits", "2048"], in: root)
        try CLIRegistrar.signAndImport(record: "el", in: root)
        try CLIElection(root: root).runCeremony(trustees: 1)
        try CLIRegistrar.expectSuccess(["election", "open", "--dir", "el"], in: root)
        let verify = try CLI.run("scrutineer", ["verify", "el"], in: root)
        #expect(verify.status == 0 && verify.out.contains("roll 0,"), "\(verify.out.suffix(1500))")
    }

    @Test("voter check verifies the record first: on a record that does not verify it warns and exits 1, after its answer")
    func voterCheckOfABadRecord() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        try election.succeed(["vote", "--dir", "el"] + election.voter(1) + ["--choice", "mayor=alice", "--wallet", "v1.wallet"])
        try election.succeed("election", "close", "--dir", "el")
        try election.succeed("export", "--dir", "el", "--out", "public")
        let good = try election.urna("voter", "check", "--record", "public", "--letter", try election.letter(1))
        #expect(good.status == 0 && good.out.contains("The record verifies: checkpoint of"), "\(good.out)\(good.err)")
        // The export's checkpoint replaced by an older one: the tail is signed by no one.
        let lines = try String(contentsOfFile: election.path("public/ledger.jsonl"), encoding: .utf8).split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(toFile: election.path("public/ledger.jsonl"), atomically: true, encoding: .utf8)
        let bad = try election.urna("voter", "check", "--record", "public", "--letter", try election.letter(1))
        #expect(bad.status == 1 && bad.out.contains("WARNING: this record does NOT verify") && !bad.out.contains("No token was issued"), "\(bad.out)\(bad.err)")
        #expect(bad.err.contains("[invalid-record]"), "\(bad.err)")
    }

    @Test("voter check after close: a voter who voted finds the token issued in its name, with its entry; one who never voted finds none")
    func voterCheck() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        try election.succeed(["vote", "--dir", "el"] + election.voter(1) + ["--choice", "mayor=alice", "--wallet", "v1.wallet"])
        // v4 types the pseudonym and the code from the letter.
        let typed = try election.typed(4)
        try election.succeed("vote", "--dir", "el", "--pseudonym", typed.pseudonym, "--code", typed.code, "--choice", "mayor=bob",
                             "--wallet", "v4.wallet")
        // Issuances are published in batches (of 64, and every one before close): check once voting has closed.
        try election.succeed("election", "close", "--dir", "el")

        let voted = try election.urna("voter", "check", "--record", "el", "--letter", try election.letter(1))
        #expect(voted.status == 0, "\(voted.err)")
        let pseudonym = try Self.pseudonym(inLetter: String(contentsOfFile: election.path(try election.letter(1)), encoding: .utf8))
        #expect(voted.out.contains("pseudonym \(pseudonym) is on the registrar's signed roll of district 'north'"), "\(voted.out)")
        #expect(voted.out.contains("A token was issued in its name: issuance entry seq "), "\(voted.out)")
        #expect(voted.out.contains("with your letter's activation code"), "\(voted.out)")
        #expect(voted.out.contains("evidence that someone used your letter"), "\(voted.out)")
        // The seq it names is an issuance entry of the record that names this pseudonym.
        try election.succeed("export", "--dir", "el", "--out", "public")
        let seq = try Self.reportedSeq(voted.out)
        let entry = try Self.issuance(seq: seq, export: election.path("public"))
        #expect(entry.districts["north"]?[pseudonym] != nil, "entry \(seq): \(entry.districts)")
        // The same answer from the public export.
        let fromExport = try election.urna("voter", "check", "--record", "public", "--letter", try election.letter(1))
        #expect(fromExport.status == 0 && fromExport.out == voted.out, "\(fromExport.out)\(fromExport.err)")
        let typedCheck = try election.urna("voter", "check", "--record", "el", "--letter", try election.letter(4))
        #expect(typedCheck.status == 0 && typedCheck.out.contains("roll of district 'south'")
                && typedCheck.out.contains("A token was issued in its name"), "\(typedCheck.out)\(typedCheck.err)")
        let typedEntry = try Self.issuance(seq: try Self.reportedSeq(typedCheck.out), export: election.path("public"))
        #expect(typedEntry.districts["south"]?[typed.pseudonym] != nil, "\(typedEntry.districts)")

        // v2 never voted: on the roll, no token.
        let never = try election.urna("voter", "check", "--record", "el", "--letter", try election.letter(2))
        #expect(never.status == 0, "\(never.err)")
        #expect(never.out.contains("is on the registrar's signed roll of district 'south'"), "\(never.out)")
        #expect(never.out.contains("No token was issued in its name") && never.out.contains("voting closed"), "\(never.out)")
        #expect(!never.out.contains("A token was issued"), "\(never.out)")
    }

    @Test("voter check: a letter of another election is refused, naming both elections; voting with it records nothing")
    func letterOfAnotherElection() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        // A second election, "other-2026", with its own registrar and the same voter ids.
        let manifest = try String(contentsOfFile: election.path("manifest.json"), encoding: .utf8)
        try manifest.replacingOccurrences(of: "cli-2026", with: "other-2026").write(toFile: election.path("m2.json"), atomically: true, encoding: .utf8)
        try election.succeed(CLIRegistrar.initialize(roll: CLIElection.roll(voters: 6), in: election.root, name: "registrar2",
                                                     key: "registrar2.key", publicOut: "registrar2.json"))
        try election.succeed("election", "create", "--dir", "el2", "--manifest", "m2.json", "--registrar", "registrar2.json",
                             "--trustee", "t1.pub.json", "--threshold", "1", "--token-bits", "2048")
        try election.succeed("registrar", "roll", "--key", "registrar2.key", "--record", "el2", "--out", "roll2.json")
        try election.succeed("registrar", "letter", "--key", "registrar2.key", "--voter-id", "v1", "--out", "other-v1.txt")

        let check = try election.urna("voter", "check", "--record", "el", "--letter", "other-v1.txt")
        #expect(check.status == 1, "\(check.status): \(check.out)\(check.err)")
        #expect(check.err.contains("this letter is for election 'other-2026', but the record is election 'cli-2026'"), "\(check.err)")
        #expect(check.out.isEmpty, "\(check.out)")
        // Its pseudonym is not on this election's roll: a vote with it is refused and nothing is recorded.
        let before = try election.status()
        let vote = try election.urna("vote", "--dir", "el", "--letter", "other-v1.txt", "--choice", "mayor=alice", "--wallet", "other.wallet")
        #expect(vote.status == 1, "\(vote.out)\(vote.err)")
        #expect(try election.status() == before)
        // A registrar key file serves one election: signing the first election's roll with it is refused.
        let bound = try election.urna("registrar", "roll", "--key", "registrar2.key", "--record", "el", "--out", "roll3.json")
        #expect(bound.status == 1 && !election.exists("roll3.json"), "\(bound.err)")
    }

    @Test("voter check: a letter whose pseudonym is not on the roll (altered) exits 1 and says so")
    func tamperedLetter() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let text = try String(contentsOfFile: election.path(try election.letter(3)), encoding: .utf8)
        let pseudonym = try Self.pseudonym(inLetter: text)
        let altered = String(pseudonym.prefix(31)) + (pseudonym.last == "0" ? "1" : "0")
        try text.replacingOccurrences(of: pseudonym, with: altered).write(toFile: election.path("altered.txt"), atomically: true, encoding: .utf8)
        let check = try election.urna("voter", "check", "--record", "el", "--letter", "altered.txt")
        #expect(check.status == 1, "\(check.status): \(check.out)\(check.err)")
        #expect(check.out.contains("pseudonym \(altered) is NOT on the registrar's signed roll of election 'cli-2026'"), "\(check.out)")
        #expect(check.err.contains("not on the roll") && check.err.contains("[not-found]"), "\(check.err)")
        // Garbage is not a letter: a clear refusal naming the file.
        try "Dear voter,\nno pseudonym here\n".write(toFile: election.path("garbage.txt"), atomically: true, encoding: .utf8)
        let garbage = try election.urna("voter", "check", "--record", "el", "--letter", "garbage.txt")
        #expect(garbage.status == 1 && garbage.err.contains("garbage.txt"), "\(garbage.err)")
        #expect(!garbage.err.contains("DecodingError") && !garbage.err.contains("NSCocoaErrorDomain"), "\(garbage.err)")
    }

    @Test("roll import refuses a roll whose body was altered (the registrar's signature fails) and records nothing")
    func alteredRollRefused() throws {
        let election = try CLIElection.make(stage: .created)
        defer { election.remove() }
        try election.succeed("registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "roll.json")
        let text = try String(contentsOfFile: election.path("roll.json"), encoding: .utf8)
        let message = try CanonicalJSON.decodeInput(RegistrarMessage.self, from: Array(text.utf8))
        // The commitment of one south pseudonym changed by one hex digit (the commission swapping a code).
        let south = try #require(message.bodies.first { $0.district == "south" })
        let commitment = try #require(south.pseudonyms.values.first).bytes.hex
        let changed = String(commitment.dropLast()) + (commitment.last == "0" ? "1" : "0")
        #expect(text.contains(commitment))
        try text.replacingOccurrences(of: commitment, with: changed).write(toFile: election.path("altered.json"), atomically: true, encoding: .utf8)
        let entriesBefore = try election.status().split(separator: "\n").first ?? ""

        let refused = try election.urna("roll", "import", "--dir", "el", "altered.json")
        #expect(refused.status == 1, "\(refused.out)\(refused.err)")
        #expect(refused.err.contains("altered.json") && refused.err.contains("signature"), "\(refused.err)")
        #expect(refused.err.contains("nothing was recorded") && refused.err.contains("[invalid-roll]"), "\(refused.err)")
        let status = try election.status()
        #expect(status.contains("north: roll 0,") && status.contains("south: roll 0,"), "\(status)")
        #expect(status.split(separator: "\n").first ?? "" == entriesBefore, "\(status)")

        // A body moved to another district is refused as well.
        let moved = text.replacingOccurrences(of: "\"district\":\"south\"", with: "\"district\":\"north\"")
        #expect(moved != text)
        try moved.write(toFile: election.path("moved.json"), atomically: true, encoding: .utf8)
        let movedOutcome = try election.urna("roll", "import", "--dir", "el", "moved.json")
        #expect(movedOutcome.status == 1 && movedOutcome.err.contains("[invalid-roll]"), "\(movedOutcome.err)")
        #expect(try election.status().contains("north: roll 0,"))

        // The registrar's own file imports.
        let imported = try election.urna("roll", "import", "--dir", "el", "roll.json")
        #expect(imported.status == 0 && imported.out.contains("recorded 2 roll entries; voters on the roll: north 3, south 3"), "\(imported.out)\(imported.err)")
        #expect(try election.scrutineer("verify", "el").status == 0)
    }

    @Test("election open is refused while the roll is incomplete, naming the districts; it opens once the roll is whole")
    func openNeedsTheWholeRoll() throws {
        let election = try CLIElection.make(stage: .created)
        defer { election.remove() }
        try election.runCeremony()

        let none = try election.urna("election", "open", "--dir", "el")
        #expect(none.status == 1, "\(none.out)\(none.err)")
        #expect(none.err.contains("the voter roll is not complete ('north' has 0 of 3, 'south' has 0 of 3)"), "\(none.err)")
        #expect(none.err.contains("urna roll import") && none.err.contains("[incomplete]"), "\(none.err)")

        // Only the north's entry imported: still refused, naming the south.
        try election.succeed("registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "roll.json")
        let message = try CanonicalJSON.decodeInput(RegistrarMessage.self, from: Array(Data(contentsOf: URL(fileURLWithPath: election.path("roll.json")))))
        let north = message.bodies.filter { $0.district == "north" }
        #expect(north.count == 1 && message.bodies.count == 2)
        try Data(CanonicalJSON.encode(RegistrarMessage(bodies: north))).write(to: URL(fileURLWithPath: election.path("north.json")))
        let partial = try election.urna("roll", "import", "--dir", "el", "north.json")
        #expect(partial.status == 0 && partial.out.contains("recorded 1 roll entry"), "\(partial.out)\(partial.err)")
        #expect(partial.err.contains("the roll is not complete yet: south 0 of 3"), "\(partial.err)")
        let half = try election.urna("election", "open", "--dir", "el")
        #expect(half.status == 1 && half.err.contains("'south' has 0 of 3") && !half.err.contains("'north'"), "\(half.err)")
        #expect(!(try election.status().contains("phase: open")))

        // The whole file: the north's entry is skipped, the south's recorded; voting opens.
        let whole = try election.urna("roll", "import", "--dir", "el", "roll.json")
        #expect(whole.status == 0 && whole.out.contains("recorded 1 roll entry; voters on the roll: north 3, south 3"), "\(whole.out)\(whole.err)")
        #expect(whole.err.isEmpty, "\(whole.err)")
        let open = try election.urna("election", "open", "--dir", "el")
        #expect(open.status == 0 && open.out.contains("voting is open"), "\(open.err)")
        // After open, the roll is closed.
        let late = try election.urna("roll", "import", "--dir", "el", "roll.json")
        #expect(late.status == 1 && late.err.contains("[wrong-phase]"), "\(late.out)\(late.err)")
        #expect(try election.scrutineer("verify", "el").status == 0)
    }

    @Test("urna registrar refuses a key file that others can read, and writes nothing")
    func openKeyFileRefused() throws {
        let election = try CLIElection.make(stage: .created)
        defer { election.remove() }
        var info = stat()
        #expect(stat(election.path("registrar.key"), &info) == 0 && info.st_mode & 0o777 == 0o600, "registrar init wrote mode \(String(info.st_mode & 0o777, radix: 8))")
        let registration = try Data(contentsOf: URL(fileURLWithPath: election.path("registrar.json")))
        for mode: mode_t in [0o644, 0o640, 0o604] {
            chmod(election.path("registrar.key"), mode)
            let commands: [[String]] = [
                ["registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "roll.json", "--letters-out", "letters.csv"],
                ["registrar", "letter", "--key", "registrar.key", "--voter-id", "v1", "--out", "letter.txt"],
                ["registrar", "init", "--name", "registrar", "--roll", "voters.csv", "--key", "registrar.key", "--public-out", "registrar.json"],
            ]
            for command in commands {
                let refused = try election.urna(command)
                #expect(refused.status == 1, "\(command.prefix(2)) mode \(String(mode, radix: 8)): \(refused.out)\(refused.err)")
                #expect(refused.err.contains("accessible by others") && refused.err.contains("chmod 600 registrar.key"),
                        "\(command.prefix(2)): \(refused.err)")
            }
            #expect(!election.exists("roll.json") && !election.exists("letters.csv") && !election.exists("letter.txt"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: election.path("registrar.json"))) == registration)
        }
        // Made private again, it works.
        chmod(election.path("registrar.key"), 0o600)
        try election.succeed("registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "roll.json", "--letters-out", "letters.csv")
        for name in ["letters.csv"] {
            #expect(stat(election.path(name), &info) == 0 && info.st_mode & 0o777 == 0o600, "\(name): mode \(String(info.st_mode & 0o777, radix: 8))")
        }
        let letter = try election.urna("registrar", "letter", "--key", "registrar.key", "--voter-id", "v1", "--out", "letter.txt")
        #expect(letter.status == 0, "\(letter.err)")
        #expect(stat(election.path("letter.txt"), &info) == 0 && info.st_mode & 0o777 == 0o600)
        let unknown = try election.urna("registrar", "letter", "--key", "registrar.key", "--voter-id", "nobody", "--out", "nobody.txt")
        #expect(unknown.status == 1 && unknown.err.contains("'nobody' is not on this registrar's roll") && !election.exists("nobody.txt"), "\(unknown.err)")
    }
}
