import Foundation
import Testing
import UrnaDemo
import UrnaRecord

/// `ResultTable` and its three renderings (text, canonical JSON, CSV), on a result whose every
/// figure is known: two districts, a shared vote-for-1 contest and a vote-for-2 contest in one.
@Suite struct ResultTableTests {
    static func manifest() throws -> Manifest {
        try Manifest(electionID: "city-2026", title: "City election", contests: [
            .init(id: "mayor", title: "Mayor", min: 0, max: 1, candidates: [
                .init(id: "ann", name: "Ann, \"the\" Mayor"), .init(id: "bob", name: "=HYPERLINK(\"x\")"),
            ]),
            .init(id: "council", title: "Council", min: 0, max: 2, candidates: [
                .init(id: "c1", name: "Cy"), .init(id: "c2", name: "Di"), .init(id: "c3", name: "Ed"),
            ]),
        ], districts: [
            .init(id: "south", name: "South", contests: ["mayor"]),
            .init(id: "north", name: "North", contests: ["council", "mayor"]),
        ])
    }

    /// North: 4 ballots (mayor 3 votes, council 5 of 8 possible); south: 3 ballots (mayor 3 votes).
    static func result() -> ResultBody {
        ResultBody(trustees: [1, 3], districts: [
            "north": .init(ballots: 4, contests: ["mayor": ["ann": 2, "bob": 1], "council": ["c1": 3, "c2": 2, "c3": 0]]),
            "south": .init(ballots: 3, contests: ["mayor": ["ann": 1, "bob": 2]]),
        ])
    }

    static func table(roll: [String: Int]? = ["north": 6, "south": 3]) throws -> ResultTable {
        ResultTable(result: result(), manifest: try manifest(), roll: roll)
    }

    @Test("manifest order, undervotes = ballots × max − selections, per district and in total")
    func figures() throws {
        let table = try Self.table()
        #expect(table.districts.map(\.id) == ["south", "north"])
        #expect(table.districts[1].contests.map(\.id) == ["council", "mayor"])
        #expect(table.totals.map(\.id) == ["mayor", "council"])
        let council = table.districts[1].contests[0]
        #expect(council.selections == 5 && council.undervotes == 4 * 2 - 5)
        #expect(table.districts[1].contests[1].undervotes == 4 - 3)
        #expect(table.districts[0].contests[0].undervotes == 0)
        let mayor = table.totals[0]
        #expect(mayor.ballots == 7 && mayor.candidates.map(\.votes) == [3, 3] && mayor.undervotes == 1)
        #expect(table.totals[1].ballots == 4 && table.totals[1].undervotes == 3)
        #expect(table.ballots == 7 && table.roll == 9)
        #expect(ResultTable.turnoutBasisPoints(ballots: 7, roll: 9) == 7777)
        #expect(ResultTable.turnoutBasisPoints(ballots: 1, roll: 0) == nil)
        #expect(try Self.table(roll: nil).roll == nil)
    }

    @Test("the vote-for rule in words")
    func voteFor() {
        #expect(ResultTable.voteFor(min: 1, max: 1) == "vote for exactly 1")
        #expect(ResultTable.voteFor(min: 0, max: 2) == "vote for up to 2")
        #expect(ResultTable.voteFor(min: 1, max: 3) == "vote for 1 to 3")
    }

    @Test("text: names and ids, undervotes, ballots and turnout; names escaped")
    func text() throws {
        let text = ResultText.render(try Self.table())
        #expect(text.contains("City election (city-2026): result combined from the shares of trustees 1, 3"))
        #expect(text.contains("in total 7 ballots counted of 9 voters on the roll (turnout 77.77%)"))
        #expect(text.contains("district North (north): 4 ballots counted of 6 voters on the roll (turnout 66.66%)"))
        #expect(text.contains("  Council (council), vote for up to 2\n    Cy (c1)     3\n    Di (c2)     2\n    Ed (c3)     0\n    undervotes  3"), "\(text)")
        #expect(text.contains("  Mayor (mayor), vote for up to 1, on 7 ballots"))
        #expect(text.range(of: "district South")!.lowerBound < text.range(of: "district North")!.lowerBound)
        let hostile = ResultBody(trustees: [1], districts: ["d": .init(ballots: 0, contests: [:])])
        // A manifest decoded from a record is validated; a renderer still escapes what it prints.
        #expect(!ResultText.render(hostile, manifest: nil).contains("\u{1B}"))
    }

    @Test("JSON is canonical (sorted keys, no white space), stable, and holds every figure")
    func json() throws {
        let bytes = try Self.table().canonicalJSON()
        #expect(bytes == (try Self.table().canonicalJSON()))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains(" \"") && !text.contains("\n"))
        #expect(text.hasPrefix(#"{"ballots_counted":7,"districts":[{"ballots_counted":3,"contests":[{"ballots_counted":3,"candidates":[{"id":"ann","name":"Ann, \"the\" Mayor","votes":1}"#), "\(text)")
        #expect(text.hasSuffix(#""trustees":[1,3],"turnout_basis_points":7777,"version":1}"#), "\(text)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let totals = try #require(object["totals"] as? [[String: Any]])
        #expect(totals.map { $0["id"] as? String } == ["mayor", "council"])
        #expect(totals[1]["undervotes"] as? Int == 3 && totals[1]["selections"] as? Int == 5)
        let withoutRoll = String(decoding: try Self.table(roll: nil).canonicalJSON(), as: UTF8.self)
        #expect(!withoutRoll.contains("roll") && !withoutRoll.contains("turnout"))
    }

    @Test("CSV: header, one row per district × contest × candidate, undervote, ballot and roll rows, totals; quoting and formulas")
    func csv() throws {
        let csv = try Self.table().csv()
        let rows = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows.first == "scope,district,contest,candidate,candidate_name,measure,count")
        #expect(rows.last == "")
        // south: 2 + (2 + 1); north: 2 + (3 + 1) + (2 + 1); total: 2 + (2 + 1) + (3 + 1).
        #expect(rows.count == 1 + 5 + 9 + 9 + 1)
        #expect(rows.contains(#"district,south,mayor,ann,"Ann, ""the"" Mayor",votes,1"#))
        #expect(rows.contains(#"district,south,mayor,bob,"'=HYPERLINK(""x"")",votes,2"#))
        #expect(rows.contains("district,north,council,,,undervotes,3"))
        #expect(rows.contains("district,north,,,,roll,6"))
        #expect(rows.contains("total,,,,,ballots_counted,7"))
        #expect(rows.contains("total,,mayor,bob,\"'=HYPERLINK(\"\"x\"\")\",votes,3"))
        #expect(rows.contains("total,,council,,,undervotes,3"))
        #expect(!(try Self.table(roll: nil).csv()).contains(",roll,"))
    }
}
