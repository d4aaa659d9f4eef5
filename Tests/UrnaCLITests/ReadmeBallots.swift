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

    /// Each letter file's voter id, from the script's `urna registrar letter --voter-id ID --out FILE`.
    let letters: [String: String]

    init(commands: [String]) throws {
        let letters = try Self.letters(commands)
        self.letters = letters
        votes = try commands.filter { $0.hasPrefix("urna vote ") }.map { try Self.vote($0, letters: letters) }
    }

    /// The letter files the script writes, by path, with the voter id each is for.
    static func letters(_ commands: [String]) throws -> [String: String] {
        var letters: [String: String] = [:]
        for command in commands where command.hasPrefix("urna registrar letter ") {
            let words = ReadmeBlock.words(command)
            guard let id = words.firstIndex(of: "--voter-id"), id + 1 < words.count,
                  let out = words.firstIndex(of: "--out"), out + 1 < words.count else {
                throw CLI.Failure(description: "no --voter-id or --out in: \(command)")
            }
            guard letters[words[out + 1]] == nil else { throw CLI.Failure(description: "\(words[out + 1]) is written twice") }
            letters[words[out + 1]] = words[id + 1]
        }
        return letters
    }

    /// One `urna vote` command (up to a pipe); its voter is the one its `--letter` was written
    /// for. Letter paths and choices must be literal words (no quoting, no `$`).
    static func vote(_ command: String, letters: [String: String]) throws -> Vote {
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
            guard !value.contains(where: { "$'\"`\\".contains($0) }) else {
                throw CLI.Failure(description: "\(option) \(value) is not a literal word in: \(command)")
            }
            switch option {
            case "--letter":
                guard let id = letters[value] else { throw CLI.Failure(description: "--letter \(value) is not written by an 'urna registrar letter' of the script") }
                voter = id
            case "--receipt-out": receipt = value
            case "--choice":
                let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw CLI.Failure(description: "--choice \(value) is not CONTEST=CANDIDATES in: \(command)") }
                choices[String(parts[0])] = Set(parts[1].split(separator: ",").map(String.init))
            default: break
            }
        }
        guard let voter else { throw CLI.Failure(description: "no --letter in: \(command)") }
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
