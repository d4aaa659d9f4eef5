import Foundation
import UrnaDemo
import UrnaRecord

/// `urna manifest check FILE`: validates a manifest before anything is created, with the rules
/// `urna election create` applies (``ManifestFile``), and prints what the ballot will hold.
enum ManifestCommand {
    static let subcommands = Subcommands(command: "manifest", entries: [
        ("check", "check FILE   (validates a manifest before 'urna election create' and prints its summary; errors name FILE:LINE:COL)", check),
    ])

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    static func check(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: [])
        guard args.positionals.count == 1 else {
            throw Arguments.UsageError(description: "expected one manifest FILE, got \(args.positionals.count)")
        }
        let path = args.positionals[0]
        let manifest = try ManifestFile.load(path: path)
        print(summary(manifest, path: path))
    }

    /// The election, its options, and per district the contests (with their vote-for rule) and
    /// candidates, in ballot order. Every name, title and id is escaped.
    static func summary(_ manifest: Manifest, path: String) -> String {
        func safe(_ text: String) -> String { Console.safe(text) }
        let candidates = manifest.contests.reduce(0) { $0 + $1.candidates.count }
        var lines = [
            "manifest \(safe(path)): valid",
            "election   \(safe(manifest.electionID)) — \(safe(manifest.title))",
            "re-voting  \(manifest.revoting ? "on (a later ballot replaces the earlier one)" : "off"); spoiled ballots per voter: up to \(manifest.spoilLimit)",
            "\(manifest.districts.count) district(s), \(manifest.contests.count) contest(s), \(candidates) candidate(s)",
        ]
        for district in manifest.districts {
            lines.append("")
            lines.append("district \(safe(district.id)) — \(safe(district.name))")
            for contest in manifest.contests(inDistrict: district.id) {
                lines.append("  contest \(safe(contest.id)) — \(safe(contest.title)): \(ResultTable.voteFor(min: contest.min, max: contest.max)) of \(contest.candidates.count)")
                let width = contest.candidates.map { safe($0.id).count }.max() ?? 0
                for candidate in contest.candidates {
                    let id = safe(candidate.id)
                    lines.append("    \(id)\(String(repeating: " ", count: width - id.count + 2))\(safe(candidate.name))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
