import Foundation
import Testing

/// An election set up through the real `urna` executable, up to `election open` (or only
/// created, or with its roll imported), in a temporary folder: `manifest.json`, the registrar's
/// `voters.csv`, `registrar.key` and `registrar.json`, trustee keys, `el/`, and once the roll is
/// signed `roll.json` and `letters.csv` (every voter's pseudonym and code). Set-ups are built
/// once per shape and copied for each test.
struct CLIElection: Sendable {
    enum Stage: Sendable, Hashable { case created, rolled, open }

    let root: URL
    var dir: String { root.appendingPathComponent("el").path }

    static let manifest = """
    {"election_id": "cli-2026", "title": "CLI test election", "revoting": REVOTING, "spoil_limit": 2,
     "contests": [
       {"id": "mayor", "title": "Mayor", "min": 0, "max": 1,
        "candidates": [{"id": "alice", "name": "Alice Adams"}, {"id": "bob", "name": "Bob Brown"}]},
       {"id": "council", "title": "Council", "min": 0, "max": 2,
        "candidates": [{"id": "dan", "name": "Dan"}, {"id": "erin", "name": "Erin"}, {"id": "fay", "name": "Fay"}]}],
     "districts": [{"id": "north", "name": "North", "contests": ["mayor", "council"]},
                   {"id": "south", "name": "South", "contests": ["mayor"]}]}
    """

    /// Voter `v<i>` is in north for odd i, south for even i.
    static func district(of voter: Int) -> String { voter % 2 == 1 ? "north" : "south" }

    private static let cache = TemplateCache()

    /// A fresh copy of the set-up election with `voters` voters at `stage`.
    static func make(voters: Int = 6, revoting: Bool = false, stage: Stage = .open) throws -> CLIElection {
        let template = try cache.template(key: "\(voters)-\(revoting)-\(stage)") { root in
            try build(in: root, voters: voters, revoting: revoting, stage: stage)
        }
        let copy = try CLI.temporaryDirectory("election")
        try FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: template, to: copy)
        return CLIElection(root: copy)
    }

    private static func build(in root: URL, voters: Int, revoting: Bool, stage: Stage) throws {
        try manifest.replacingOccurrences(of: "REVOTING", with: revoting ? "true" : "false")
            .write(to: root.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let election = CLIElection(root: root)
        try election.succeed(CLIRegistrar.initialize(roll: roll(voters: voters), in: root))
        for t in 1...3 {
            try election.succeed("trustee", "init", "--name", "t\(t)", "--key", "t\(t).key", "--public-out", "t\(t).pub.json")
        }
        try election.succeed("election", "create", "--dir", "el", "--manifest", "manifest.json", "--registrar", "registrar.json",
                             "--trustee", "t1.pub.json", "--trustee", "t2.pub.json", "--trustee", "t3.pub.json", "--threshold", "2",
                             "--token-bits", "2048")
        guard stage != .created else { return }
        try election.succeed("registrar", "roll", "--key", "registrar.key", "--record", "el", "--out", "roll.json", "--letters-out", "letters.csv")
        try election.succeed("roll", "import", "--dir", "el", "roll.json")
        guard stage != .rolled else { return }
        try election.runCeremony()
        try election.succeed("election", "open", "--dir", "el")
    }

    /// The key ceremony of trustees `t1…tN` (key files `tI.key`) on `el`: every round's messages
    /// made, then imported — pledges, commitments, checks.
    func runCeremony(trustees: Int = 3) throws {
        for round in ["pledge", "commit", "check"] {
            for t in 1...trustees { try succeed("trustee", round, "--key", "t\(t).key", "--record", "el", "--out", "t\(t).\(round).json") }
            try succeed(["trustee", "import", "--dir", "el"] + (1...trustees).map { "t\($0).\(round).json" })
        }
    }

    /// The registrar's roll CSV: voters `v1`…`v<voters>`.
    static func roll(voters: Int) -> String {
        "voter_id,district\n" + (1...max(1, voters)).map { "v\($0),\(district(of: $0))\n" }.joined()
    }

    /// Runs `urna` in the election's folder.
    @discardableResult
    func urna(_ arguments: String..., environment: [String: String] = [:]) throws -> CLI.Outcome {
        try CLI.run("urna", arguments, in: root, environment: environment)
    }

    @discardableResult
    func urna(_ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Outcome {
        try CLI.run("urna", arguments, in: root, environment: environment)
    }

    @discardableResult
    func scrutineer(_ arguments: String...) throws -> CLI.Outcome {
        try CLI.run("scrutineer", arguments, in: root)
    }

    /// Runs `urna` and throws unless it exits 0.
    @discardableResult
    func succeed(_ arguments: String...) throws -> CLI.Outcome { try succeed(arguments) }

    @discardableResult
    func succeed(_ arguments: [String]) throws -> CLI.Outcome {
        let outcome = try CLI.run("urna", arguments, in: root)
        guard outcome.status == 0, !outcome.signalled else {
            throw CLI.Failure(description: "urna \(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.err)")
        }
        return outcome
    }

    /// The letter file of voter `v<i>` (`letter-v<i>.txt`), written by `urna registrar letter`
    /// the first time it is asked for (the roll must be signed).
    func letter(_ voter: Int) throws -> String {
        let name = "letter-v\(voter).txt"
        if !exists(name) {
            try succeed("registrar", "letter", "--key", "registrar.key", "--voter-id", "v\(voter)", "--out", name)
        }
        return name
    }

    /// `--letter letter-v<i>.txt`, the arguments by which voter `v<i>` votes.
    func voter(_ voter: Int) throws -> [String] { ["--letter", try letter(voter)] }

    /// The pseudonym and activation code (display form) of voter `v<i>`, from `letters.csv`, as
    /// a voter types them from the letter.
    func typed(_ voter: Int) throws -> (pseudonym: String, code: String) {
        let csv = try String(contentsOf: root.appendingPathComponent("letters.csv"), encoding: .utf8)
        guard let line = csv.split(separator: "\n").first(where: { $0.hasPrefix("v\(voter),") }) else {
            throw CLI.Failure(description: "no letter for v\(voter) in letters.csv")
        }
        let fields = line.split(separator: ",").map(String.init)
        guard fields.count == 4 else { throw CLI.Failure(description: "letters.csv line '\(line)'") }
        return (fields[2], fields[3])
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// `urna election status` output.
    func status() throws -> String {
        let outcome = try urna("election", "status", "--dir", "el")
        guard outcome.status == 0 else { throw CLI.Failure(description: "status exited \(outcome.status): \(outcome.err)") }
        return outcome.out
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Builds each template once, even when tests run in parallel (in the target's scratch folder).
final class TemplateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var built: [String: URL] = [:]

    func template(key: String, build: (URL) throws -> Void) throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        if let url = built[key] { return url }
        let root = try CLI.temporaryDirectory("template-\(key)")
        try build(root)
        built[key] = root
        return root
    }
}
