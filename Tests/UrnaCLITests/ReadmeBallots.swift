import UrnaRecord

/// What the README's voters do, read from the `urna vote` commands of its script, and the
/// result that must follow: a spoiled ballot never counts; with revoting on, a voter's later
/// ballot replaces the earlier one (with it off, the service refuses a second ballot).
struct ReadmeBallots {
    struct Vote {
        let voter: String
        let choices: [String: Set<String>]
        let spoil: Bool
        let receipt: String?
    }

    let votes: [Vote]

    init(commands: [String]) throws {
        votes = try commands.filter { $0.hasPrefix("urna vote ") }.map(Self.vote)
    }

    /// One `urna vote` command (up to a pipe). Voter ids and choices must be literal words (no
    /// quoting, no `$`).
    static func vote(_ command: String) throws -> Vote {
        let words = ReadmeBlock.words(command).prefix { $0 != "|" }.dropFirst(2)
        var voter: String?, receipt: String?, spoil = false
        var choices: [String: Set<String>] = [:]
        var index = words.startIndex
        while index < words.endIndex {
            let option = words[index]
            index += 1
            if option == "--spoil" {
                spoil = true
                continue
            }
            guard option.hasPrefix("--"), index < words.endIndex else {
                throw CLI.Failure(description: "cannot read '\(option)' in: \(command)")
            }
            let value = words[index]
            index += 1
            guard option == "--code" || !value.contains(where: { "$'\"`\\".contains($0) }) else {
                throw CLI.Failure(description: "\(option) \(value) is not a literal word in: \(command)")
            }
            switch option {
            case "--voter": voter = value
            case "--receipt-out": receipt = value
            case "--choice":
                let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw CLI.Failure(description: "--choice \(value) is not CONTEST=CANDIDATES in: \(command)") }
                choices[String(parts[0])] = Set(parts[1].split(separator: ",").map(String.init))
            default: break
            }
        }
        guard let voter else { throw CLI.Failure(description: "no --voter in: \(command)") }
        return Vote(voter: voter, choices: choices, spoil: spoil, receipt: receipt)
    }

    /// The result the published one must equal, in the names `urna election publish` prints.
    /// - Parameter districts: each voter's district id, from the roll.
    func expected(manifest: Manifest, districts: [String: String]) throws -> PrintedResult {
        var counted: [String: [String: Set<String>]] = [:]
        for vote in votes where !vote.spoil {
            if counted[vote.voter] == nil || manifest.revoting { counted[vote.voter] = vote.choices }
        }
        var scopes: [String: PrintedResult.Scope] = [:]
        var totals: [String: [String: Int]] = [:]
        for district in manifest.districts {
            let ballots = try counted.filter { voter, _ in
                guard let id = districts[voter] else { throw CLI.Failure(description: "voter \(voter) is not on the roll") }
                return id == district.id
            }.values
            var scope = PrintedResult.Scope(ballots: ballots.count)
            for contest in manifest.contests(inDistrict: district.id) {
                var counts: [String: Int] = [:]
                for candidate in contest.candidates {
                    let count = ballots.filter { $0[contest.id]?.contains(candidate.id) ?? false }.count
                    counts[candidate.name] = count
                    totals[contest.title, default: [:]][candidate.name, default: 0] += count
                }
                scope.contests[contest.title] = counts
            }
            scopes["district \(district.name)"] = scope
        }
        scopes["total"] = PrintedResult.Scope(ballots: nil, contests: totals)
        return PrintedResult(scopes: scopes)
    }
}
