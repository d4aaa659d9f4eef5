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
        lines += ledgerKeyLines()
        lines += identityKeyLines()
        if let resumption {
            lines.append("resumed  after \(resumption.resumedAt) entries verified before"
                         + (resumption.rememberedCheckpoint.map { " (remembered checkpoint of size \($0))" } ?? ""))
        }
        for district in districts {
            lines.append("")
            lines.append("district \(district.id) — \(district.name)")
            var figures = "  roll \(district.rollSize), tokens issued \(district.tokensIssued), ballots cast \(district.ballotsCast), "
                + "counted \(district.ballotsCounted), rejected \(district.ballotsRejected), spoiled \(district.spoiled)"
            if district.ballotsSuperseded > 0 { figures += ", superseded \(district.ballotsSuperseded)" }
            if let turnout = district.turnout { figures += String(format: ", turnout %.1f%% of the roll", turnout * 100) }
            lines.append(figures)
            lines += resultLines(district.results)
        }
        if let totals = recomputedResult?.totals {
            lines.append("")
            lines.append("totals (recomputed from the record" + (publishedResult == nil ? ")" : ", compared with the published result)"))
            lines += resultLines(totals)
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

    /// The trusted ledger key's fingerprint and origin, and the warning when the record vouched
    /// for its own key.
    func ledgerKeyLines() -> [String] {
        guard let ledgerKeyFingerprint else { return ["ledger   no ledger key"] }
        var line = "ledger   key fingerprint \(ledgerKeyFingerprint)"
        if let ledgerKeySource {
            line += ", from \(ledgerKeySource.description)" + (ledgerKeyFile.map { " \($0)" } ?? "")
            if !ledgerKeySource.isOutOfBand, ledgerKeyWarning == nil {
                line += " (compare it with the fingerprint the commission published)"
            }
        }
        return [line] + (ledgerKeyWarning.map { ["WARNING  \($0)"] } ?? [])
    }

    /// Counts in ballot order with titles and candidate names (from the manifest), e.g.
    /// `  Mayor (mayor): Ada Lovelace (ada) 3, Grace Hopper (grace) 2`. A contest or candidate the
    /// manifest does not name is listed by id, after the named ones.
    func resultLines(_ results: [String: [String: Int]]?) -> [String] {
        guard let results else { return [] }
        let named = (contests ?? []).filter { results[$0.id] != nil }
        let others = results.keys.filter { id in !named.contains { $0.id == id } }.sorted()
        func line(_ id: String, _ names: ContestNames?) -> String {
            let counts = results[id] ?? [:]
            let known = (names?.candidates ?? []).filter { counts[$0.id] != nil }
            let rest = counts.keys.filter { id in !known.contains { $0.id == id } }.sorted()
            let cells = known.map { "\($0.name) (\($0.id)) \(counts[$0.id] ?? 0)" } + rest.map { "\($0) \(counts[$0] ?? 0)" }
            return "  " + (names.map { "\($0.title) (\(id))" } ?? id) + ": " + cells.joined(separator: ", ")
        }
        return named.map { line($0.id, $0) } + others.map { line($0, nil) }
    }
}
