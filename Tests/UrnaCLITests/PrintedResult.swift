import Foundation
import UrnaRecord

/// The counts in a result as `urna election publish` prints it, read by the manifest's own
/// names so that the layout around them may change: per scope (`district NAME` or `total`) the
/// ballots counted (districts only) and, per contest title, the votes of each candidate name.
///
/// A scope starts at a line `district NAME…` (its ballots: the number before ` ballot`) or
/// `total…`; a contest at a line indented by two spaces that starts with its title; a count at
/// a line indented by four that starts with a candidate's name and ends with the number.
/// Other lines (undervotes, turnout) are skipped.
struct PrintedResult: Equatable, CustomStringConvertible {
    struct Scope: Equatable {
        var ballots: Int?
        var contests: [String: [String: Int]] = [:]
    }

    var scopes: [String: Scope] = [:]

    init(scopes: [String: Scope]) {
        self.scopes = scopes
    }

    init(lines: [String], manifest: Manifest) throws {
        var scope: String?
        var contest: Manifest.Contest?
        for line in lines {
            if line.hasPrefix("district ") {
                let rest = line.dropFirst("district ".count)
                guard let district = Self.longest(manifest.districts, named: \.name, prefixing: rest) else {
                    throw CLI.Failure(description: "no district of the manifest in '\(line)'")
                }
                guard let ballots = Self.number(before: " ballot", in: String(rest.dropFirst(district.name.count))) else {
                    throw CLI.Failure(description: "no ballot count in '\(line)'")
                }
                scope = "district \(district.name)"
                scopes["district \(district.name)"] = Scope(ballots: ballots)
                contest = nil
            } else if line.hasPrefix("total") {
                scope = "total"
                scopes["total"] = Scope(ballots: nil)
                contest = nil
            } else if let current = scope, line.hasPrefix("  "), !line.hasPrefix("   ") {
                contest = Self.longest(manifest.contests, named: \.title, prefixing: line.dropFirst(2))
                if let contest { scopes[current]?.contests[contest.title] = [:] }
            } else if let current = scope, let contest, line.hasPrefix("    "),
                      let candidate = Self.longest(contest.candidates, named: \.name, prefixing: line.dropFirst(4)) {
                guard let count = line.split(separator: " ").last.flatMap({ Int($0) }) else {
                    throw CLI.Failure(description: "no count at the end of '\(line)'")
                }
                scopes[current]?.contests[contest.title]?[candidate.name] = count
            }
        }
        guard scopes["total"] != nil else { throw CLI.Failure(description: "the printed result has no total:\n\(lines.joined(separator: "\n"))") }
    }

    /// The element whose name starts `text` (the longest, if several do).
    static func longest<T>(_ elements: [T], named name: KeyPath<T, String>, prefixing text: Substring) -> T? {
        elements.filter { text.hasPrefix($0[keyPath: name]) }.max { $0[keyPath: name].count < $1[keyPath: name].count }
    }

    /// `2` in `: 2 ballots counted` or `— 2 ballot(s) counted`.
    static func number(before marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(String(text[..<range.lowerBound].reversed().prefix { $0.isNumber }.reversed()))
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
