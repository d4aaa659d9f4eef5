import UrnaRecord

/// A voter's choices as names, for echoing before a cast and for showing an audited ballot.
enum ChoiceText {
    /// One line per contest of the district's ballot, in ballot order: `  Mayor: Alice Adams (alice)`.
    static func render(_ choices: [String: Set<String>], district: String, manifest: Manifest, heading: String) -> String {
        var lines = ["\(heading) (district \(Console.safe(district))):"]
        let ballot = manifest.district(district)?.contests ?? []
        for contestID in ballot {
            guard let contest = manifest.contests.first(where: { $0.id == contestID }) else { continue }
            let chosen = contest.candidates.filter { choices[contest.id]?.contains($0.id) == true }
            let names = chosen.isEmpty ? "(blank)" : chosen.map { "\(Console.safe($0.name)) (\(Console.safe($0.id)))" }.joined(separator: ", ")
            lines.append("  \(Console.safe(contest.title)): \(names)")
        }
        return lines.joined(separator: "\n")
    }
}
