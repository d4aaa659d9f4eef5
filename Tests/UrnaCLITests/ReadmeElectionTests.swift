import Foundation
import Testing
import UrnaRecord

/// The whole election driven only through the CLI, as the README's "How an election runs" tells
/// it: its script (found by `ReadmeBlock`'s rule, the same as `Tools/readme-election`'s) runs
/// with bash in an empty directory with the built `urna` and `scrutineer` on PATH.
@Suite("README election")
struct ReadmeElectionTests {
    @Test("the README's election runs as written; the result is what its voters chose; the record and receipts verify")
    func readmeElection() throws {
        let block = try ReadmeBlock.load()
        let directory = try CLI.temporaryDirectory("readme")
        let work = directory.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("readme-election.sh")
        try block.script.write(to: script, atomically: true, encoding: .utf8)
        let products = try CLI.executable("urna").deletingLastPathComponent().path
        let path = products + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

        // One stream, so that each command's trace line (`+ …`) comes right before what it printed.
        let run = try CLI.run("/bin/bash", ["-c", "exec bash -euo pipefail -x \"$0\" 2>&1", script.path], in: work,
                              environment: ["PATH": path], timeout: 600)
        let transcript = ScriptTranscript(run.out)
        try #require(run.status == 0 && !run.signalled,
                     "the script failed (status \(run.status)) at \(transcript.steps.last?.command ?? "its start"); left in \(directory.path)\n\(run.out.suffix(3000))")

        // The result `urna election publish` printed is what the voters chose, as the block's own
        // commands say (not a copy of the figures).
        let manifest = try CanonicalJSON.decodeInput(Manifest.self, from: Array(Data(contentsOf: work.appendingPathComponent("manifest.json"))))
        let roll = try Self.districts(roll: String(contentsOf: work.appendingPathComponent(Self.rollFile(block.commands)), encoding: .utf8))
        let ballots = try ReadmeBallots(commands: block.commands)
        #expect(ballots.votes.contains { $0.spoil } && ballots.votes.contains { !$0.spoil }, "the README shows a spoil and a cast")
        let expected = try ballots.expected(manifest: manifest, districts: roll)
        let publish = transcript.steps("urna election publish")
        try #require(publish.count == 1, "the script publishes once")
        let published = try PrintedResult(lines: publish[0].output, manifest: manifest)
        #expect(published == expected, "published:\n\(published)\nexpected:\n\(expected)")

        // The roll has a voter who never votes, and the script's `urna voter check`s show a
        // voter who voted (a token issued in its name, with its entry) and one who did not.
        #expect(Set(roll.keys).subtracting(ballots.votes.map(\.voter)).isEmpty == false, "every voter on the roll votes")
        let checks = transcript.steps("urna voter check")
        var checked: Set<Bool> = []
        for check in checks {
            let words = ReadmeBlock.words(check.command)
            let letter = try #require(words.firstIndex(of: "--letter").map { words[$0 + 1] }, "\(check.command)")
            let voter = try #require(ballots.letters[letter], "\(check.command): no 'urna registrar letter' wrote \(letter)")
            let voted = ballots.votes.contains { $0.voter == voter }
            checked.insert(voted)
            let output = check.output.joined(separator: "\n")
            #expect(output.contains("is on the registrar's signed roll of district '\(roll[voter] ?? "?")'"), "\(check.command):\n\(output)")
            if voted {
                #expect(output.contains("A token was issued in its name: issuance entry seq ") && output.contains("with your letter's activation code"),
                        "\(check.command):\n\(output)")
            } else {
                #expect(output.contains("No token was issued in its name"), "\(check.command):\n\(output)")
            }
        }
        #expect(checked == [true, false], "the README checks the letter of a voter who voted and of one who did not")

        // Every `scrutineer verify` of the script says VALID, and the script ends with one.
        #expect(transcript.steps.last?.command.hasPrefix("scrutineer verify ") == true, "\(transcript.steps.last?.command ?? "")")
        let verifies = transcript.steps("scrutineer verify")
        #expect(!verifies.isEmpty && verifies.count == block.commands.filter { $0.hasPrefix("scrutineer verify ") }.count)
        for verify in verifies {
            #expect(verify.output.contains("VERDICT: VALID — every check passed"), "\(verify.command):\n\(verify.output.suffix(12).joined(separator: "\n"))")
        }

        // Every receipt the voters kept verifies, in the script and against the exported public record.
        for check in transcript.steps("scrutineer receipt") {
            #expect(check.output.contains("VERDICT: VALID — the ballot is in the record"), "\(check.command): \(check.output)")
        }
        let record = try Self.exportDirectory(block.commands)
        let receipts = Set(ballots.votes.compactMap(\.receipt))
        #expect(!receipts.isEmpty)
        for receipt in receipts.sorted() {
            let check = try CLI.scrutineer("receipt", receipt, "--record", record, in: work)
            #expect(check.status == 0, "\(receipt): \(check.err)")
            #expect(check.out.contains("VERDICT: VALID — the ballot is in the record"), "\(receipt): \(check.out)")
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Each voter's district, from `voter_id,district` lines after the header.
    static func districts(roll: String) throws -> [String: String] {
        var districts: [String: String] = [:]
        for line in roll.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2 else { throw CLI.Failure(description: "roll line '\(line)'") }
            districts[String(fields[0])] = String(fields[1])
        }
        return districts
    }

    /// The `--roll` of the script's `urna registrar init`.
    static func rollFile(_ commands: [String]) throws -> String {
        guard let initialize = commands.first(where: { $0.hasPrefix("urna registrar init ") }) else {
            throw CLI.Failure(description: "the script has no 'urna registrar init'")
        }
        let words = ReadmeBlock.words(initialize)
        guard let roll = words.firstIndex(of: "--roll"), roll + 1 < words.count else {
            throw CLI.Failure(description: "no --roll in: \(initialize)")
        }
        return words[roll + 1]
    }

    /// The `--out` of the script's `urna export`.
    static func exportDirectory(_ commands: [String]) throws -> String {
        guard let export = commands.first(where: { $0.hasPrefix("urna export ") }) else {
            throw CLI.Failure(description: "the script has no 'urna export'")
        }
        let words = ReadmeBlock.words(export)
        guard let out = words.firstIndex(of: "--out"), out + 1 < words.count else {
            throw CLI.Failure(description: "no --out in: \(export)")
        }
        return words[out + 1]
    }
}
