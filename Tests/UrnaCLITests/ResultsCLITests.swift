import Foundation
import Testing

/// One published election for the CLI suites, made once by `urna demo` (which keeps election.db,
/// its private store with the roll, the JSON Lines export with ledger.vkey, and expected.json:
/// the counts of the simulated voters' own choices, computed by the demo, not from the record).
enum PublishedDemo {
    static let made: Result<URL, any Error> = Result {
        let directory = try CLI.temporaryDirectory("published").appendingPathComponent("demo")
        let outcome = try CLI.urna("demo", "--voters", "12", "--districts", "2", "--out", directory.path, "--token-bits", "2048")
        guard outcome.status == 0 else { throw CLI.Failure(description: "urna demo failed: \(outcome)") }
        return directory
    }

    static func directory() throws -> URL { try made.get() }

    /// Voters on the demo's roll: its 12 voters and the abstainers the demo adds, who never vote
    /// (a tenth of the voters, at least 1).
    static let rollSize = 13

    /// district → contest → candidate → count, from the demo's own bookkeeping.
    static func expected() throws -> [String: [String: [String: Int]]] {
        let data = try Data(contentsOf: directory().appendingPathComponent("expected.json"))
        return try JSONDecoder().decode([String: [String: [String: Int]]].self, from: data)
    }
}

/// `urna election results --dir DIR [--json | --csv]` after a real published election, and before.
/// Serialized: `urna election status` and `results` open the one demo election, and an election
/// directory is held by one process at a time.
@Suite("urna election results", .serialized)
struct ResultsCLITests {
    /// The demo's manifest: ballot order per district, each contest's vote-for maximum.
    static let ballot = ["district-a": ["mayor", "council-district-a", "referendum"],
                         "district-b": ["mayor", "council-district-b", "referendum"]]
    static let maxima = ["mayor": 1, "council-district-a": 2, "council-district-b": 2, "referendum": 1]

    /// Ballots counted per district: the referendum is vote-for-exactly-1, so its votes are the ballots.
    static func ballots(_ expected: [String: [String: [String: Int]]], _ district: String) -> Int {
        expected[district]?["referendum"]?.values.reduce(0, +) ?? -1
    }

    static func roll(_ directory: URL) throws -> [String: Int] {
        let status = try CLI.urna("election", "status", "--dir", directory.path)
        #expect(status.status == 0, "\(status)")
        var roll: [String: Int] = [:]
        for line in status.out.split(separator: "\n") where line.contains(": roll ") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            roll[String(parts[0].dropLast())] = Int(parts[2].trimmingCharacters(in: CharacterSet(charactersIn: ",")))
        }
        return roll
    }

    @Test("JSON: canonical and stable, every count equal to the voters' own choices, undervotes, ballots, roll and turnout")
    func json() throws {
        let directory = try PublishedDemo.directory()
        let expected = try PublishedDemo.expected()
        let roll = try Self.roll(directory)
        #expect(roll.values.reduce(0, +) == PublishedDemo.rollSize && roll.count == 2, "\(roll)")
        let first = try CLI.urna("election", "results", "--dir", directory.path, "--json")
        let second = try CLI.urna("election", "results", "--dir", directory.path, "--json")
        #expect(first.status == 0 && first.err.isEmpty, "\(first)")
        #expect(first.out == second.out)
        let text = first.out.trimmingCharacters(in: .newlines)
        #expect(!text.contains("\n") && !text.contains("\": ") && !text.contains(", \"") && !text.contains("{ "), "no white space")
        #expect(text.hasPrefix("{\"ballots_counted\":") && text.hasSuffix(",\"version\":1}"), "sorted keys: \(text.prefix(80))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["election_id"] as? String == "demo-2026")
        let districts = try #require(object["districts"] as? [[String: Any]])
        #expect(districts.map { $0["id"] as? String } == ["district-a", "district-b"])
        var total = 0
        for district in districts {
            let id = try #require(district["id"] as? String)
            let ballots = Self.ballots(expected, id)
            total += ballots
            #expect(district["ballots_counted"] as? Int == ballots)
            #expect(district["roll"] as? Int == roll[id])
            #expect(district["turnout_basis_points"] as? Int == ballots * 10_000 / (roll[id] ?? 1))
            let contests = try #require(district["contests"] as? [[String: Any]])
            #expect(contests.map { $0["id"] as? String ?? "" } == Self.ballot[id])
            for contest in contests {
                let contestID = try #require(contest["id"] as? String)
                let candidates = try #require(contest["candidates"] as? [[String: Any]])
                var selections = 0
                for candidate in candidates {
                    let candidateID = try #require(candidate["id"] as? String)
                    #expect(candidate["votes"] as? Int == expected[id]?[contestID]?[candidateID], "\(id) \(contestID) \(candidateID)")
                    #expect((candidate["name"] as? String)?.isEmpty == false)
                    selections += candidate["votes"] as? Int ?? 0
                }
                #expect(candidates.count == expected[id]?[contestID]?.count)
                #expect(contest["selections"] as? Int == selections)
                #expect(contest["undervotes"] as? Int == ballots * (Self.maxima[contestID] ?? 0) - selections, "\(id) \(contestID)")
            }
        }
        #expect(object["ballots_counted"] as? Int == total)
        #expect(object["roll"] as? Int == PublishedDemo.rollSize)
        let totals = try #require(object["totals"] as? [[String: Any]])
        let mayor = try #require(totals.first { $0["id"] as? String == "mayor" })
        let ada = (expected["district-a"]?["mayor"]?["ada"] ?? 0) + (expected["district-b"]?["mayor"]?["ada"] ?? 0)
        #expect((mayor["candidates"] as? [[String: Any]])?.first?["votes"] as? Int == ada)
        #expect(mayor["ballots_counted"] as? Int == total)
    }

    @Test("text: contests in ballot order with names and ids, undervotes, ballots counted and turnout")
    func text() throws {
        let directory = try PublishedDemo.directory()
        let expected = try PublishedDemo.expected()
        let roll = try Self.roll(directory)
        let outcome = try CLI.urna("election", "results", "--dir", directory.path)
        #expect(outcome.status == 0 && outcome.err.isEmpty, "\(outcome)")
        let out = outcome.out
        let a = Self.ballots(expected, "district-a")
        #expect(out.contains("district District A (district-a): \(a) ballot\(a == 1 ? "" : "s") counted of \(roll["district-a"] ?? -1) voters on the roll (turnout "), "\(out)")
        #expect(out.contains("in total \(a + Self.ballots(expected, "district-b")) ballots counted of \(PublishedDemo.rollSize) voters on the roll"), "\(out)")
        // Ballot order in district A: mayor, council, referendum.
        let section = try #require(out.range(of: "district District A")).upperBound
        let mayor = try #require(out.range(of: "Mayor (mayor), vote for up to 1", range: section..<out.endIndex)).lowerBound
        let council = try #require(out.range(of: "Council, district A (up to 2) (council-district-a), vote for up to 2", range: section..<out.endIndex)).lowerBound
        let referendum = try #require(out.range(of: "Build the new library? (referendum), vote for exactly 1", range: section..<out.endIndex)).lowerBound
        #expect(mayor < council && council < referendum)
        let ada = expected["district-a"]?["mayor"]?["ada"] ?? -1
        #expect(out.range(of: "    Ada Lovelace (ada)        \(ada)\n", range: mayor..<council) != nil, "\(out)")
        let undervotes = a - (expected["district-a"]?["mayor"]?.values.reduce(0, +) ?? 0)
        #expect(out.range(of: "    undervotes                \(undervotes)\n", range: mayor..<council) != nil, "\(out)")
        #expect(out.contains("total over 2 districts:"))
    }

    @Test("CSV: a header, one row per district × contest × candidate, and total rows")
    func csv() throws {
        let directory = try PublishedDemo.directory()
        let expected = try PublishedDemo.expected()
        let outcome = try CLI.urna("election", "results", "--dir", directory.path, "--csv")
        #expect(outcome.status == 0 && outcome.err.isEmpty, "\(outcome)")
        let rows = outcome.out.split(separator: "\n").map(String.init)
        #expect(rows.first == "scope,district,contest,candidate,candidate_name,measure,count")
        let votes = rows.filter { $0.hasPrefix("district,") && $0.contains(",votes,") }
        let cells = expected.values.flatMap(\.values).map(\.count).reduce(0, +)
        #expect(votes.count == cells)
        for row in votes {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 7, "\(row)")
            #expect(Int(fields[6]) == expected[fields[1]]?[fields[2]]?[fields[3]], "\(row)")
        }
        #expect(rows.contains("district,district-a,,,,ballots_counted,\(Self.ballots(expected, "district-a"))"))
        #expect(rows.contains("total,,,,,roll,\(PublishedDemo.rollSize)"))
        #expect(rows.contains { $0.hasPrefix("total,,mayor,ada,Ada Lovelace,votes,") })
        #expect(rows.contains { $0.hasPrefix("total,,referendum,,,undervotes,0") })
        #expect(rows.filter { $0.hasPrefix("district,") && $0.contains(",undervotes,") }.count == 6)
    }

    @Test("--json with --csv is a usage error")
    func exclusive() throws {
        let outcome = try CLI.urna("election", "results", "--dir", try PublishedDemo.directory().path, "--json", "--csv")
        #expect(outcome.status == 2, "\(outcome)")
    }

    @Test("before publishing: exit 1 with [wrong-phase], naming the phase and the command that publishes")
    func beforePublishing() throws {
        let election = try UnpublishedElection.make()
        for format in [[], ["--json"], ["--csv"]] {
            let outcome = try CLI.run("urna", ["election", "results", "--dir", election.directory.path] + format)
            #expect(outcome.status == 1, "\(outcome)")
            #expect(outcome.out.isEmpty)
            #expect(outcome.err.contains("the election is in phase 'setup'"), "\(outcome.err)")
            #expect(outcome.err.contains("urna election publish --dir"), "\(outcome.err)")
            #expect(outcome.err.hasSuffix("[wrong-phase]\n"), "\(outcome.err)")
        }
    }
}

/// An election made through the CLI and left in setup, with the roll of a registrar made from a
/// CSV file saved the way spreadsheets save it (a byte order mark, CRLF line ends), signed and imported.
struct UnpublishedElection {
    let directory: URL
    /// The ledger key `urna election create` printed: a valid key of another election than the demo's.
    let ledgerKey: String

    static func make() throws -> UnpublishedElection {
        let scratch = try CLI.temporaryDirectory("setup")
        try Data(ManifestCLITests.manifest.utf8).write(to: scratch.appendingPathComponent("city.json"))
        let trustee = try CLI.urna("trustee", "init", "--name", "t1", "--key", "t1.key", "--public-out", "t1.json", in: scratch)
        guard trustee.status == 0 else { throw CLI.Failure(description: "\(trustee)") }
        let roll = [0xEF, 0xBB, 0xBF] + Array("voter_id,district\r\nv1,north\r\nv 2,south\r\n".utf8)
        try Data(roll).write(to: scratch.appendingPathComponent("voters.csv"))
        let registrar = try CLI.urna("registrar", "init", "--name", "registrar", "--roll", "voters.csv", "--key", "registrar.key",
                                     "--public-out", "registrar.json", in: scratch)
        guard registrar.status == 0, registrar.out.contains("2 voter(s) in 2 district(s)") else { throw CLI.Failure(description: "\(registrar)") }
        let create = try CLI.urna("election", "create", "--dir", "election", "--manifest", "city.json", "--registrar", "registrar.json",
                                  "--trustee", "t1.json", "--threshold", "1", "--token-bits", "2048", in: scratch)
        guard create.status == 0, let line = create.out.split(separator: "\n").first(where: { $0.hasPrefix("ledger key: ") }) else {
            throw CLI.Failure(description: "\(create)")
        }
        let signed = try CLI.urna("registrar", "roll", "--key", "registrar.key", "--record", "election", "--out", "roll.json", in: scratch)
        guard signed.status == 0 else { throw CLI.Failure(description: "\(signed)") }
        let imported = try CLI.urna("roll", "import", "--dir", "election", "roll.json", in: scratch)
        guard imported.status == 0, imported.out.contains("recorded 2 roll entries"), imported.err.isEmpty else { throw CLI.Failure(description: "\(imported)") }
        return UnpublishedElection(directory: scratch.appendingPathComponent("election"), ledgerKey: String(line.dropFirst("ledger key: ".count)))
    }
}
