import Foundation
import UrnaRecord

extension VerificationReport {
    /// The report for people: the election, each district's figures and results, totals, every
    /// check with its counts, every failure, and the verdict.
    ///
    /// Every line is passed through `TerminalText.escaped` before the lines are joined: titles,
    /// names, ids, reasons and the record path come from the record or the user, and a raw
    /// newline or escape sequence in them could forge a verdict line or hide the real one.
    public func renderText() -> String {
        var lines: [String] = []
        lines.append("record   \(record)")
        if let electionID {
            lines.append("election \(electionID)" + (title.map { " — \($0)" } ?? ""))
        }
        var status = "phase    \(phase ?? "none"), \(entries) entries"
        if let checkpoint {
            status += ", signed checkpoint of size \(checkpoint.size) (root \(checkpoint.root.prefix(16))…)"
            if checkpoint.size < entries { status += "; \(entries - checkpoint.size) later entries not yet covered" }
        } else {
            status += ", no valid signed checkpoint"
        }
        lines.append(status)
        if let resumption {
            lines.append("resumed  after \(resumption.resumedAt) entries verified before"
                         + (resumption.rememberedCheckpoint.map { " (remembered checkpoint of size \($0))" } ?? ""))
        }
        for district in districts {
            lines.append("")
            lines.append("district \(district.id) — \(district.name)")
            var figures = "  tokens issued \(district.tokensIssued), ballots cast \(district.ballotsCast), "
                + "counted \(district.ballotsCounted), rejected \(district.ballotsRejected), spoiled \(district.spoiled)"
            if district.ballotsSuperseded > 0 { figures += ", superseded \(district.ballotsSuperseded)" }
            if let turnout = district.turnout { figures += String(format: ", turnout %.1f%% of tokens", turnout * 100) }
            lines.append(figures)
            lines += Self.resultLines(district.results)
        }
        if let totals = recomputedResult?.totals {
            lines.append("")
            lines.append("totals (recomputed from the record" + (publishedResult == nil ? ")" : ", compared with the published result)"))
            lines += Self.resultLines(totals)
        } else if publishedResult == nil {
            lines.append("")
            lines.append("no result published yet")
        }
        lines.append("")
        let width = max(28, (checks.map(\.check.rawValue.count).max() ?? 0) + 2)
        lines.append("check".padding(toLength: width, withPad: " ", startingAt: 0) + "    passed   failed")
        for check in checks {
            let name = check.check.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append(name + String(format: "%10d %8d", check.passed, check.failed) + (check.failed > 0 ? "  FAIL" : ""))
        }
        if failureCount > 0 {
            lines.append("")
            lines.append("failures (\(failureCount)" + (failures.count < failureCount ? ", first \(failures.count) listed" : "") + ")")
            for failure in failures {
                lines.append("  \(failure.check.rawValue) at \(failure.seq.map { "seq \($0)" } ?? "record"): \(failure.reason)")
            }
        }
        lines.append("")
        if isValid {
            lines.append("VERDICT: VALID — every check passed")
        } else {
            let failedChecks = checks.filter { $0.failed > 0 }.count
            lines.append("VERDICT: INVALID — \(failureCount) failure\(failureCount == 1 ? "" : "s") in \(failedChecks) check\(failedChecks == 1 ? "" : "s")")
        }
        return lines.map(TerminalText.escaped).joined(separator: "\n") + "\n"
    }

    static func resultLines(_ results: [String: [String: Int]]?) -> [String] {
        guard let results else { return [] }
        return results.sorted { $0.key < $1.key }.map { contest, counts in
            "  \(contest): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
    }
}
