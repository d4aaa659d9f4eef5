import Foundation
import Testing

/// `urna manifest check FILE` and `urna election create --manifest FILE`, run as a user runs them:
/// a valid manifest prints its summary and exits 0; every fault exits 1 with
/// `urna: manifest FILE:LINE:COL: …` (or `urna: manifest FILE: …` for the file itself), never
/// Foundation's or Swift's decoding text.
@Suite("urna manifest check")
struct ManifestCLITests {
    /// Two districts, a vote-for-2 contest in one; line 8 holds the council's min and max.
    static let manifest = """
    {
      "election_id": "city-2026",
      "title": "City election 2026",
      "contests": [
        {"id": "mayor", "title": "Mayor", "min": 0, "max": 1,
         "candidates": [{"id": "alice", "name": "Alice Ng"}, {"id": "bob", "name": "Bob Ortiz"}]},
        {"id": "council", "title": "City council", "candidates": [{"id": "carol", "name": "Carol"}, {"id": "dan", "name": "Dan"}, {"id": "erin", "name": "Erin"}],
         "min": 0, "max": 2}
      ],
      "districts": [
        {"id": "north", "name": "North", "contests": ["mayor", "council"]},
        {"id": "south", "name": "South", "contests": ["mayor"]}
      ]
    }

    """

    /// Writes `text` (with `from` replaced by `to`) into a fresh directory and checks it.
    func check(_ from: String = "", _ to: String = "", bytes: [UInt8]? = nil) throws -> (CLI.Outcome, URL) {
        let directory = try CLI.temporaryDirectory("manifest")
        let file = directory.appendingPathComponent("city.json")
        #expect(from.isEmpty || Self.manifest.contains(from), "fixture lacks \(from)")
        let text = from.isEmpty ? Self.manifest : Self.manifest.replacingOccurrences(of: from, with: to)
        try Data(bytes ?? Array(text.utf8)).write(to: file)
        return (try CLI.urna("manifest", "check", "city.json", in: directory), directory)
    }

    func expectRefused(_ outcome: CLI.Outcome, prefix: String, mentioning fragments: [String] = [],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == 1, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.out.isEmpty, "\(outcome.out)", sourceLocation: sourceLocation)
        #expect(outcome.err.hasPrefix("urna: \(prefix)"), "\(outcome.err)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(outcome.err.contains(fragment), "\(outcome.err) should mention \(fragment)", sourceLocation: sourceLocation)
        }
        for leak in ["NSCocoaErrorDomain", "DecodingError", "Expected to decode", "CodingKeys", "Error Domain", "Fatal error"] {
            #expect(!outcome.err.contains(leak), "\(outcome.err)", sourceLocation: sourceLocation)
        }
        #expect(outcome.err.split(separator: "\n").count == 1, "one line: \(outcome.err)", sourceLocation: sourceLocation)
    }

    @Test("a valid manifest: the summary names districts, contests with their vote-for rules, and candidates")
    func valid() throws {
        let (outcome, _) = try check()
        #expect(outcome.status == 0 && outcome.err.isEmpty, "\(outcome)")
        let expected = """
        manifest city.json: valid
        election   city-2026 — City election 2026
        re-voting  off; spoiled ballots per voter: up to 3
        2 district(s), 2 contest(s), 5 candidate(s)

        district north — North
          contest mayor — Mayor: vote for up to 1 of 2
            alice  Alice Ng
            bob    Bob Ortiz
          contest council — City council: vote for up to 2 of 3
            carol  Carol
            dan    Dan
            erin   Erin

        district south — South
          contest mayor — Mayor: vote for up to 1 of 2
            alice  Alice Ng
            bob    Bob Ortiz

        """
        #expect(outcome.out == expected, "\(outcome.out)")
    }

    @Test("1.5, 1e3 and -0 where an integer is expected: a non-integer at its line and column")
    func nonInteger() throws {
        for number in ["1.5", "1e3", "-0"] {
            let (outcome, _) = try check("\"min\": 0, \"max\": 2}", "\"min\": 0, \"max\": \(number)}")
            expectRefused(outcome, prefix: "manifest city.json:8:23: contests[1].max: non-integer number '\(number)'",
                          mentioning: ["[malformed]"])
            #expect(!outcome.err.contains("invalid JSON"))
        }
    }

    @Test("a duplicate key is refused at its line and column")
    func duplicateKey() throws {
        let (outcome, _) = try check("\"title\": \"City election 2026\",", "\"title\": \"City election 2026\", \"title\": \"Other\",")
        expectRefused(outcome, prefix: "manifest city.json:3:34: duplicate key 'title'")
    }

    @Test("a control or bidi character in a name is refused, naming the field, and shown escaped")
    func controlCharacter() throws {
        let (escape, _) = try check("\"name\": \"Dan\"", "\"name\": \"Dan\\u001b[8m\"")
        expectRefused(escape, prefix: "manifest city.json:7:119: contests[1].candidates[1].name: contains the control character U+001B",
                      mentioning: ["[invalid-manifest]"])
        #expect(!escape.err.contains("\u{1B}"))
        let (bidi, _) = try check("\"name\": \"South\"", "\"name\": \"So\u{202E}uth\"")
        expectRefused(bidi, prefix: "manifest city.json:12:29: districts[1].name: contains the control character U+202E")
        #expect(!bidi.err.contains("\u{202E}"))
    }

    @Test("a title or name over 256 bytes, or an id over 64 characters, is refused with the limit")
    func tooLong() throws {
        let (name, _) = try check("\"Erin\"", "\"\(String(repeating: "é", count: 129))\"")
        expectRefused(name, prefix: "manifest city.json:7:150: contests[1].candidates[2].name: is 258 bytes long; at most 256 bytes")
        let (id, _) = try check("\"election_id\": \"city-2026\"", "\"election_id\": \"\(String(repeating: "c", count: 65))\"")
        expectRefused(id, prefix: "manifest city.json:2:18: election_id: ", mentioning: ["1–64 characters"])
    }

    @Test("a missing file, a directory, an empty file, a non-UTF-8 file: each named, exit 1")
    func unreadable() throws {
        let directory = try CLI.temporaryDirectory("manifest")
        let missing = try CLI.urna("manifest", "check", "nope.json", in: directory)
        expectRefused(missing, prefix: "manifest nope.json: no such file")
        let folder = try CLI.urna("manifest", "check", directory.path)
        expectRefused(folder, prefix: "manifest \(directory.path): is a directory")
        let (empty, _) = try check(bytes: [])
        expectRefused(empty, prefix: "manifest city.json: the file is empty")
        let (blank, _) = try check(bytes: Array(" \n\n".utf8))
        expectRefused(blank, prefix: "manifest city.json: the file is empty")
        let (latin1, _) = try check(bytes: Array(Self.manifest.utf8.prefix(40)) + [0xE9] + Array(Self.manifest.utf8.dropFirst(40)))
        expectRefused(latin1, prefix: "manifest city.json:3:9: byte 0xE9 is not UTF-8")
        let (bom, _) = try check(bytes: [0xEF, 0xBB, 0xBF] + Array(Self.manifest.utf8))
        expectRefused(bom, prefix: "manifest city.json:1:1: the file starts with a byte order mark")
    }

    @Test("a wrong type, a missing field and an unknown field are named in words")
    func wrongShape() throws {
        let (type, _) = try check("\"max\": 1,", "\"max\": \"one\",")
        expectRefused(type, prefix: "manifest city.json:5:56: contests[0].max: expected an integer, found a string")
        let (missing, _) = try check("\"title\": \"Mayor\", ", "")
        expectRefused(missing, prefix: "manifest city.json:5:5: contests[0]: missing field 'title'")
        let (unknown, _) = try check("\"min\": 0, \"max\": 1,", "\"min\": 0, \"max\": 1, \"seats\": 1,")
        expectRefused(unknown, prefix: "manifest city.json:5:59: unknown field 'seats' at contests[0]", mentioning: ["remove it"])
    }

    @Test("the README's manifest example passes the check")
    func readmeExample() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "## Manifest and roll"))
        let start = try #require(text.range(of: "```json\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let (outcome, _) = try check(bytes: Array(text[start.upperBound..<end.lowerBound].utf8))
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.out.contains("2 district(s), 2 contest(s), 5 candidate(s)"))
        #expect(outcome.out.contains("contest council-north — North council (vote for up to 2): vote for up to 2 of 3"))
    }

    @Test("usage errors exit 2")
    func usage() throws {
        #expect(try CLI.urna("manifest", "check").status == 2)
        #expect(try CLI.urna("manifest", "check", "a.json", "b.json").status == 2)
        #expect(try CLI.urna("manifest", "lint", "a.json").status == 2)
    }

    @Test("election create applies the same rules and creates nothing on a fault")
    func createUsesTheSameRules() throws {
        let (_, directory) = try check("\"max\": 1,", "\"max\": 1.5,")
        let trustee = try CLI.urna("trustee", "init", "--name", "t1", "--key", "t1.key", "--public-out", "t1.json", in: directory)
        #expect(trustee.status == 0, "\(trustee)")
        try CLIRegistrar.register(roll: "voter_id,district\nv1,north\nv2,south\n", in: directory)
        let create = try CLI.urna("election", "create", "--dir", "election", "--manifest", "city.json", "--registrar", "registrar.json",
                                  "--trustee", "t1.json", "--threshold", "1", "--token-bits", "2048", in: directory)
        expectRefused(create, prefix: "manifest city.json:5:56: contests[0].max: non-integer number '1.5'")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("election/election.db").path))
    }
}

@Suite("urna registrar init: the roll's CSV format")
struct RollCLITests {
    @Test("a roll saved with a byte order mark and CRLF is signed and imported; quotes are refused naming the file and line")
    func spreadsheetRoll() throws {
        let election = try UnpublishedElection.make()  // the registrar reads v1 and "v 2" from a BOM + CRLF file
        let status = try CLI.urna("election", "status", "--dir", election.directory.path)
        #expect(status.out.contains("north: roll 1") && status.out.contains("south: roll 1"), "\(status)")
        let scratch = election.directory.deletingLastPathComponent()
        try Data("voter_id,district\n\"v3\",north\n".utf8).write(to: scratch.appendingPathComponent("quoted.csv"))
        let quoted = try CLI.urna("registrar", "init", "--name", "r2", "--roll", "quoted.csv", "--key", "r2.key", "--public-out", "r2.json", in: scratch)
        #expect(quoted.status == 1, "\(quoted)")
        #expect(quoted.err.contains("quoted.csv line 2: quoted fields are not supported; remove the quotes"), "\(quoted.err)")
        #expect(quoted.err.hasSuffix("[invalid-roll]\n"), "\(quoted.err)")
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("r2.key").path))
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("r2.json").path))
    }
}
