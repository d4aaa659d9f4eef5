/// A result as `urna election publish` prints it, keyed by what it prints: per scope
/// (`district NAME` or `total`) the ballots counted (districts only) and, per contest title,
/// the count of each candidate name.
struct ResultTable: Equatable, CustomStringConvertible {
    struct Scope: Equatable {
        var ballots: Int?
        var contests: [String: [String: Int]] = [:]
    }

    var scopes: [String: Scope] = [:]

    init(scopes: [String: Scope]) {
        self.scopes = scopes
    }

    /// Parses the lines from `result (trustees …)` on in a command's output:
    ///
    ///     result (trustees 1, 3)
    ///     district North — 2 ballot(s) counted
    ///       Mayor:
    ///         Alice Moreau  2
    ///     total
    ///       Mayor:
    ///         Alice Moreau  2
    init(publishOutput output: String) throws {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("result (trustees ") }) else {
            throw CLI.Failure(description: "no 'result (trustees …)' line in the output")
        }
        var scope: String?
        var contest: String?
        for line in lines[(start + 1)...] {
            if line == "total" {
                scope = "total"
                scopes[line] = Scope(ballots: nil)
            } else if line.hasPrefix("district "), let dash = line.range(of: " — ", options: .backwards),
                      dash.lowerBound >= line.index(line.startIndex, offsetBy: 9) {
                let figures = line[dash.upperBound...].split(separator: " ")
                guard let ballots = figures.first.flatMap({ Int($0) }), figures.dropFirst().joined(separator: " ") == "ballot(s) counted" else {
                    throw CLI.Failure(description: "unexpected district line '\(line)'")
                }
                let name = "district " + line[line.index(line.startIndex, offsetBy: 9)..<dash.lowerBound]
                scope = name
                scopes[name] = Scope(ballots: ballots)
            } else if let current = scope, line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") {
                let title = String(line.dropFirst(2).dropLast())
                contest = title
                scopes[current]?.contests[title] = [:]
            } else if let current = scope, let title = contest, line.hasPrefix("    "),
                      let gap = line.range(of: "  ", options: .backwards, range: line.index(line.startIndex, offsetBy: 4)..<line.endIndex),
                      let count = Int(line[gap.upperBound...].trimmingCharacters(in: .whitespaces)) {
                let name = line[line.index(line.startIndex, offsetBy: 4)..<gap.lowerBound].trimmingCharacters(in: .whitespaces)
                scopes[current]?.contests[title]?[name] = count
            } else {
                break  // the next command's output
            }
        }
        guard scopes["total"] != nil else { throw CLI.Failure(description: "the printed result has no 'total'") }
    }

    var description: String {
        scopes.keys.sorted().map { key in
            let scope = scopes[key] ?? Scope()
            let contests = scope.contests.keys.sorted().map { title in
                let counts = (scope.contests[title] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                return "\(title): \(counts.joined(separator: ", "))"
            }
            return "\(key)\(scope.ballots.map { " (\($0) ballots)" } ?? ""): \(contests.joined(separator: "; "))"
        }.joined(separator: "\n")
    }
}
