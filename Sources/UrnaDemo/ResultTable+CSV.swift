import Foundation

/// `urna election results --csv`: one row per figure, for spreadsheets (RFC 4180, CRLF-free `\n`
/// line ends). Columns: `scope,district,contest,candidate,candidate_name,measure,count`, where
/// `scope` is `district` or `total` and `measure` is one of
/// - `ballots_counted` and `roll` (per district and in total; contest and candidate empty),
/// - `votes` (per district × contest × candidate, and per contest × candidate in total),
/// - `undervotes` (per district × contest, and per contest in total; candidate empty).
/// A field holding `,` `"` or a line break is quoted; a name starting with `=` `+` `-` `@` gets a
/// leading `'` so that a spreadsheet shows it as text instead of running it as a formula.
extension ResultTable {
    public static let csvHeader = "scope,district,contest,candidate,candidate_name,measure,count"

    public func csv() -> String {
        var rows = [Self.csvHeader]
        func row(_ scope: String, _ district: String, _ contest: String, _ candidate: String, _ name: String,
                 _ measure: String, _ count: Int) {
            rows.append(([scope, district, contest, candidate, name, measure].map(Self.csvField) + [String(count)]).joined(separator: ","))
        }
        func contestRows(_ scope: String, _ district: String, _ contest: Contest) {
            for candidate in contest.candidates {
                row(scope, district, contest.id, candidate.id, candidate.name, "votes", candidate.votes)
            }
            row(scope, district, contest.id, "", "", "undervotes", contest.undervotes)
        }
        for district in districts {
            row("district", district.id, "", "", "", "ballots_counted", district.ballots)
            if let roll = district.roll { row("district", district.id, "", "", "", "roll", roll) }
            for contest in district.contests { contestRows("district", district.id, contest) }
        }
        row("total", "", "", "", "", "ballots_counted", ballots)
        if let roll { row("total", "", "", "", "", "roll", roll) }
        for contest in totals { contestRows("total", "", contest) }
        return rows.joined(separator: "\n") + "\n"
    }

    /// One CSV field: quoted when it holds a separator, a quote or a line break; a leading
    /// formula character is neutralized with `'`.
    static func csvField(_ text: String) -> String {
        var field = text
        if let first = field.unicodeScalars.first, ["=", "+", "-", "@"].contains(first) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
