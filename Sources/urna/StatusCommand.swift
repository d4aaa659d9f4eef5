import Foundation
import UrnaRecord
import UrnaService

/// `urna election status`: the election's phase, ceremony progress (who must act next), roll,
/// turnout and the tally's decryption shares.
enum StatusCommand {
    static func run(_ arguments: [String]) throws {
        try ElectionCommand.withReader(arguments) { service in
            let status = try service.status()
            print("election: \(Console.safe(status.electionID))  phase: \(status.phase.rawValue)  ledger entries: \(status.ledgerSize)")
            for line in ceremonyLines(status) { print(line) }
            for district in status.districts {
                print("  \(Console.safe(district.id)): roll \(district.roll), tokens issued \(district.issued)")
            }
            print("ballots cast: \(status.ballotsCast), spoiled: \(status.spoiled)")
            if let line = tallyLine(status) { print(line) }
            print("next: \(status.phase.nextStep)")
        }
    }

    /// "2 ('t2'), 3 ('t3')", escaped.
    static func named(_ trustees: [ElectionBody.Trustee]) -> String {
        trustees.map { "\($0.index) ('\(Console.safe($0.name))')" }.joined(separator: ", ")
    }

    static func ceremonyLines(_ status: ElectionService.Status) -> [String] {
        let ceremony = status.ceremony, n = status.trustees
        var lines = ["trustees: \(n), threshold \(status.threshold)"]
        var line = "  pledges received: \(ceremony.pledged.count)/\(n)"
        let unpledged = ceremony.missing(ceremony.pledged)
        if !unpledged.isEmpty, ceremony.qualified == nil {
            line += ceremony.committed.isEmpty
                ? "; missing: \(named(unpledged)) — each runs `urna trustee pledge`, then the commission `urna trustee import`"
                : "; missing: \(named(unpledged)), but commitments are already revealed: the ceremony cannot complete (create a new election)"
        }
        lines.append(line)
        line = "  commitments received: \(ceremony.committed.count)/\(n)"
        let uncommitted = ceremony.missing(ceremony.committed)
        if !uncommitted.isEmpty, ceremony.qualified == nil {
            line += unpledged.isEmpty
                ? "; missing: \(named(uncommitted)) — each runs `urna trustee commit`, then the commission `urna trustee import`"
                : "; missing: \(named(uncommitted)) (commitments are revealed once every pledge is in)"
        }
        lines.append(line)
        line = "  checks received: \(ceremony.checked.count)/\(n)"
        let unchecked = ceremony.missing(ceremony.checked)
        if !unchecked.isEmpty, ceremony.qualified == nil {
            line += uncommitted.isEmpty
                ? "; missing: \(named(unchecked)) — each runs `urna trustee check` (complaints or none), then the commission `urna trustee import`"
                : "; missing: \(named(unchecked)) (checks start once every commitment is in)"
        }
        lines.append(line)
        if ceremony.complaints.isEmpty {
            lines.append("  complaints: none")
        } else {
            let listed = ceremony.complaints.map { "trustee \($0.accuser) against trustee \($0.accused) (\($0.upheld ? "upheld" : "unfounded"))" }
            lines.append("  complaints: " + listed.joined(separator: "; "))
        }
        let disqualified = ceremony.trustees.filter { ceremony.disqualified.contains($0.index) }
        lines.append("  disqualified: " + (disqualified.isEmpty ? "none" : named(disqualified)))
        if let qualified = ceremony.qualified {
            lines.append("  joint key: published; qualified trustees \(qualified.map(String.init).joined(separator: ", "))")
        } else if uncommitted.isEmpty && unchecked.isEmpty {
            lines.append("  joint key: not published — the commission runs `urna election open`")
        } else {
            lines.append("  joint key: not published — waiting for the trustees above")
        }
        return lines
    }

    static func tallyLine(_ status: ElectionService.Status) -> String? {
        guard status.tallyPublished, let qualified = status.ceremony.qualified else { return nil }
        let ceremony = status.ceremony
        let received = ceremony.tallyShares.count
        var line = "tally shares received: \(received) of the \(status.threshold) needed"
        if received < status.threshold {
            let waiting = ceremony.missing(ceremony.tallyShares, among: qualified)
            line += "; \(status.threshold - received) more from: \(named(waiting)) — each runs `urna trustee decrypt`, then the commission `urna trustee import`"
        } else if status.phase != .published {
            line += "; the commission publishes the result"
        }
        return line
    }
}
