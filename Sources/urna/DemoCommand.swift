import Foundation
import UrnaDemo

/// `urna demo`: a whole election in one process, checked against the voters' own choices.
enum DemoCommand {
    static let help = """
    usage: urna demo [--voters N] [--districts D] [--trustees n] [--threshold k] [--revote] [--out DIR] [--token-bits B]
      Runs a complete election: ceremony, roll, N simulated voters (some spoil first, some re-vote with
      --revote), invalid attempts that must be refused, close, tally with one trustee absent when k < n,
      publication, and a check of the result against the voters' own choices.
      --out DIR keeps election.db, ledger.jsonl, checkpoint, ledger.vkey and expected.json in DIR.
      Defaults: 300 voters, 3 districts, 3 trustees, threshold 2, RSA-3072 token keys.
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["voters", "districts", "trustees", "threshold", "out", "token-bits"],
                                 switches: ["revote"])
        if args.wantsHelp {
            print(help)
            return
        }
        var options = DemoOptions()
        options.voters = try args.integer("voters", default: options.voters, in: 1...1_000_000)
        options.districts = try args.integer("districts", default: options.districts, in: 1...26)
        options.trustees = try args.integer("trustees", default: options.trustees, in: 1...16)
        options.threshold = try args.integer("threshold", default: min(options.threshold, options.trustees), in: 1...options.trustees)
        options.tokenKeyBits = try args.integer("token-bits", default: options.tokenKeyBits, in: 2048...8192)
        options.revoting = args.has("revote")
        if let out = args.optional("out") {
            let url = URL(fileURLWithPath: out)
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("election.db").path) {
                throw FileError(description: "\(Console.safe(out)) already holds an election; choose an empty --out directory")
            }
            options.directory = url
        }
        let started = Date()
        let outcome = try DemoElection.run(options, progress: .init(step: { Console.progress("· \($0)") }, bar: Console.bar))
        print(outcome.resultText)  // ResultText escapes the manifest's names
        print("")
        print("refused as they must be (\(outcome.refusals.count)):")
        for refusal in outcome.refusals { print("  ✓ \(Console.safe(refusal.attempt)) [\(Console.safe(refusal.code))]") }
        print("ballots cast: \(outcome.ballotsCast), spoiled: \(outcome.spoiled), re-votes: \(outcome.revotes)")
        print("")
        print("eligibility (registrar identity key \(outcome.registrarFingerprint)), per district as scrutineer found it:")
        for district in outcome.districts {
            let bound = district.counted <= district.issued && district.issued <= district.roll
            print("  \(Console.safe(district.district)): roll \(district.roll), tokens issued \(district.issued), ballots counted \(district.counted)"
                  + (bound ? "  (counted ≤ issued ≤ roll)" : "  (BROKEN: counted ≤ issued ≤ roll does not hold)"))
        }
        print("voters check their own letters against the record (urna voter check):")
        for check in outcome.voterChecks {
            for line in check.summary { print("  \(Console.safe(line))") }
        }
        print("")
        print("published result equals the voters' own choices in every district and contest: yes")
        for check in outcome.verification {
            // The summary is a line of the verifier's text report, escaped already.
            print("scrutineer verify \(Console.safe(check.record)): \(check.summary); results equal expected.json: \(check.matchesExpected ? "yes" : "NO")")
        }
        print("record: \(Console.safe(outcome.directory.path)) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
    }
}
