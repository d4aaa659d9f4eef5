import UrnaRecord

/// Plain-text rendering of a published result, per district and in total. Titles, names and
/// ids come from the record and are escaped (`TerminalText`, review finding 10).
public enum ResultText {
    public static func render(_ result: ResultBody, manifest: Manifest?) -> String {
        var lines: [String] = []
        func name(_ contest: String, _ candidate: String) -> String {
            TerminalText.escaped(manifest?.contest(contest)?.candidates.first { $0.id == candidate }?.name ?? candidate)
        }
        func contestLines(_ contests: [String: [String: Int]], indent: String) {
            for contestID in contests.keys.sorted() {
                let title = TerminalText.escaped(manifest?.contest(contestID)?.title ?? contestID)
                lines.append("\(indent)\(title):")
                let counts = contests[contestID] ?? [:]
                let order = manifest?.contest(contestID)?.candidates.map(\.id) ?? counts.keys.sorted()
                let width = order.map { name(contestID, $0).count }.max() ?? 0
                for candidate in order {
                    let count = counts[candidate] ?? 0
                    lines.append("\(indent)  \(name(contestID, candidate).padding(toLength: width + 2, withPad: " ", startingAt: 0))\(count)")
                }
            }
        }
        lines.append("result (trustees \(result.trustees.map(String.init).joined(separator: ", ")))")
        for district in result.districts.keys.sorted() {
            guard let figures = result.districts[district] else { continue }
            lines.append("district \(TerminalText.escaped(manifest?.district(district)?.name ?? district)) — \(figures.ballots) ballot(s) counted")
            contestLines(figures.contests, indent: "  ")
        }
        lines.append("total")
        contestLines(result.totals, indent: "  ")
        return lines.joined(separator: "\n")
    }
}
