import Foundation
import UrnaRecord

/// Plain-text rendering of a published result (``ResultTable``), per district and in total, in
/// ballot order. Titles, names and ids come from the record and are escaped (`TerminalText`,
/// review finding 10).
public enum ResultText {
    public static func render(_ result: ResultBody, manifest: Manifest?, roll: [String: Int]? = nil) -> String {
        guard let manifest else {
            return "result published (trustees \(trustees(result.trustees))), but the election's manifest cannot be read: run 'scrutineer verify' on the record"
        }
        return render(ResultTable(result: result, manifest: manifest, roll: roll))
    }

    public static func render(_ table: ResultTable) -> String {
        var lines: [String] = []
        lines.append("\(safe(table.title)) (\(safe(table.electionID))): result combined from the shares of trustees \(trustees(table.trustees))")
        lines.append("in total \(counted(table.ballots, roll: table.roll))")
        for district in table.districts {
            lines.append("")
            lines.append("district \(safe(district.name)) (\(safe(district.id))): \(counted(district.ballots, roll: district.roll))")
            for contest in district.contests { lines += contestLines(contest, ballotsNote: false) }
        }
        lines.append("")
        lines.append("total over \(table.districts.count) district\(table.districts.count == 1 ? "" : "s"): \(counted(table.ballots, roll: table.roll))")
        for contest in table.totals { lines += contestLines(contest, ballotsNote: true) }
        return lines.joined(separator: "\n")
    }

    static func contestLines(_ contest: ResultTable.Contest, ballotsNote: Bool) -> [String] {
        var heading = "  \(safe(contest.title)) (\(safe(contest.id))), \(ResultTable.voteFor(min: contest.min, max: contest.max))"
        if ballotsNote { heading += ", on \(contest.ballots) ballot\(contest.ballots == 1 ? "" : "s")" }
        let rows = contest.candidates.map { ("\(safe($0.name)) (\(safe($0.id)))", $0.votes) } + [("undervotes", contest.undervotes)]
        let width = rows.map(\.0.count).max() ?? 0
        return [heading] + rows.map { label, count in
            "    \(label)\(String(repeating: " ", count: max(0, width - label.count) + 2))\(count)"
        }
    }

    /// "11 ballots counted of 12 voters on the roll (turnout 91.66%)", without the roll part
    /// when the roll is not known.
    static func counted(_ ballots: Int, roll: Int?) -> String {
        let counted = "\(ballots) ballot\(ballots == 1 ? "" : "s") counted"
        guard let roll else { return counted }
        guard let points = ResultTable.turnoutBasisPoints(ballots: ballots, roll: roll) else {
            return "\(counted) of \(roll) voters on the roll"
        }
        return "\(counted) of \(roll) voters on the roll (turnout \(points / 100).\(String(format: "%02d", points % 100))%)"
    }

    static func trustees(_ indices: [Int]) -> String { indices.map(String.init).joined(separator: ", ") }

    static func safe(_ text: String) -> String { TerminalText.escaped(text) }
}
