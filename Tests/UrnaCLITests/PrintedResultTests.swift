import Testing
import UrnaRecord

/// `PrintedResult` reads the counts by the manifest's names, whatever the layout around them:
/// the layout `urna election publish` prints today and the one with ids, undervotes and turnout.
@Suite("printed result")
struct PrintedResultTests {
    static let manifest = try? Manifest(electionID: "e", title: "E", contests: [
        .init(id: "mayor", title: "Mayor", min: 0, max: 1, candidates: [.init(id: "alice", name: "Alice"), .init(id: "al", name: "Al")]),
        .init(id: "council", title: "Mayor council", min: 0, max: 2, candidates: [.init(id: "chen", name: "Chen"), .init(id: "dana", name: "Dana")]),
    ], districts: [.init(id: "n1", name: "North", contests: ["mayor", "council"])])

    static let expected = PrintedResult(scopes: [
        "district North": .init(ballots: 3, contests: ["Mayor": ["Alice": 2, "Al": 1], "Mayor council": ["Chen": 0, "Dana": 12]]),
        "total": .init(ballots: nil, contests: ["Mayor": ["Alice": 2, "Al": 1], "Mayor council": ["Chen": 0, "Dana": 12]]),
    ])

    static let layouts = [
        """
        result (trustees 1, 3)
        district North — 3 ballot(s) counted
          Mayor council:
            Chen  0
            Dana  12
          Mayor:
            Alice  2
            Al     1
        total
          Mayor council:
            Chen  0
            Dana  12
          Mayor:
            Alice  2
            Al     1
        """,
        """
        E (e): result combined from the shares of trustees 1, 3
        in total 3 ballots counted of 4 voters on the roll (turnout 75.00%)

        district North (n1): 3 ballots counted of 4 voters on the roll (turnout 75.00%)
          Mayor (mayor), vote for at most 1
            Alice (alice)  2
            Al (al)        1
            undervotes     0
          Mayor council (council), vote for up to 2
            Chen (chen)  0
            Dana (dana)  12
            undervotes   0

        total over 1 district: 3 ballots counted of 4 voters on the roll (turnout 75.00%)
          Mayor (mayor), vote for at most 1, on 3 ballots
            Alice (alice)  2
            Al (al)        1
            undervotes     0
          Mayor council (council), vote for up to 2, on 3 ballots
            Chen (chen)  0
            Dana (dana)  12
            undervotes   0
        """,
    ]

    @Test("the counts are read by name, the longest name first", arguments: layouts)
    func reads(layout: String) throws {
        let manifest = try #require(Self.manifest)
        let printed = try PrintedResult(lines: layout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), manifest: manifest)
        #expect(printed == Self.expected, "\(printed)")
    }

    @Test("a result without its total is refused")
    func noTotal() throws {
        let manifest = try #require(Self.manifest)
        let lines = Self.layouts[0].split(separator: "\n").map(String.init).prefix { $0 != "total" }
        #expect(throws: CLI.Failure.self) { try PrintedResult(lines: Array(lines), manifest: manifest) }
    }
}
