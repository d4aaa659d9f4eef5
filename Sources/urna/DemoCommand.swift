import Foundation
import UrnaDemo

/// `urna demo`: a whole election in one process, checked against the voters' own choices.
enum DemoCommand {
    static let help = """
    usage: urna demo [--voters N] [--districts D] [--trustees n] [--threshold k] [--revote] [--out DIR] [--token-bits B]
                     [--server [--clients C]]
      Runs a complete election: ceremony, roll, N simulated voters (some spoil first, some re-vote with
      --revote), invalid attempts that must be refused, close, tally with one trustee absent when k < n,
      publication, and a check of the result against the voters' own choices.
      --out DIR keeps election.db, ledger.jsonl, checkpoint, ledger.vkey and expected.json in DIR.
      --server runs the voting over the network, all on loopback: two witnesses (scrutineer witness) and
      the service (urna serve) pushing its checkpoints to both; the voters are C concurrent HTTP clients
      (default 16) pinning the ledger key fingerprint, each checking its receipt's signature, inclusion
      proof and both witnesses' cosignatures; the attackers' ballots and token requests go over HTTP too.
      The record is verified over HTTP (scrutineer verify URL) before the service stops; the tally
      follows as without --server. The witnesses' state is kept in DIR/witness-1 and DIR/witness-2.
      Defaults: 300 voters, 3 districts, 3 trustees, threshold 2, RSA-3072 token keys.
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["voters", "districts", "trustees", "threshold", "out", "token-bits", "clients"],
                                 switches: ["revote", "server"])
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
        options.server = args.has("server")
        options.clients = try args.integer("clients", default: options.clients, in: 1...256)
        if args.optional("clients") != nil, !options.server {
            throw Arguments.UsageError(description: "--clients needs --server (the HTTP clients of the voters)")
        }
        if let out = args.optional("out") {
            let url = URL(fileURLWithPath: out)
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("election.db").path) {
                throw FileError(description: "\(Console.safe(out)) already holds an election; choose an empty --out directory")
            }
            options.directory = url
        }
        let started = Date()
        let outcome = try DemoElection.run(options, progress: .init(step: { Console.progress("· \($0)") }, bar: bar))
        print(outcome.resultText)  // ResultText escapes the manifest's names
        print("")
        print("refused as they must be (\(outcome.refusals.count)):")
        let overHTTP = Set(outcome.server?.refusedOverHTTP ?? [])
        for refusal in outcome.refusals {
            let route = outcome.server == nil ? "" : overHTTP.contains(refusal.attempt) ? " (over HTTP)" : " (in process)"
            print("  ✓ \(Console.safe(refusal.attempt)) [\(Console.safe(refusal.code))]\(route)")
        }
        if outcome.server != nil { print("  (\(DemoServerReport.localOnly))") }
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
        if let server = outcome.server { printServer(server) }
        print("record: \(Console.safe(outcome.directory.path)) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
    }

    /// Progress bars redraw in place on a terminal; elsewhere the network voting prints a line
    /// per 5 % (the voters report that often), so a log shows it advancing.
    static func bar(_ label: String, _ done: Int, _ total: Int) {
        if isatty(2) == 1 || label != "voting over HTTP" {
            Console.bar(label, done, total)
        } else if total > 0 {
            Console.progress("\(label): \(done)/\(total) (\(done * 100 / total) %)")
        }
    }

    static func printServer(_ server: DemoServerReport) {
        print("")
        print("over the network (service \(Console.safe(server.serviceURL)), ledger key fingerprint \(Console.safe(server.ledgerFingerprint))):")
        print("  voters: \(server.voters) over \(server.clients) concurrent HTTP client(s), each with its own connection")
        print("  throughput: \(server.receipts) ballot(s) in \(String(format: "%.1f", server.votingSeconds)) s = \(String(format: "%.1f", server.ballotsPerSecond)) ballots/s (each receipt waits for both witnesses)")
        print("  receipts with both witnesses' cosignatures: \(server.receiptsCosigned)/\(server.receipts) (each also checked: ledger signature, inclusion proof)")
        print("  spoiled ballots their voters found in the signed record as they made them: \(server.spoiledAudited)")
        for (index, key) in server.witnessKeys.enumerated() {
            let size = index < server.witnessSizes.count ? "\(server.witnessSizes[index])" : "?"
            print("  witness \(index + 1): verifier key \(Console.safe(key)); last cosigned size \(size)")
        }
        print("  final checkpoint of the voting period: size \(server.finalSize), cosigned by both witnesses")
        print("  scrutineer verify URL (before the service stopped): \(server.verificationValid ? "" : "NOT VALID: ")\(server.verificationSummary)")
    }
}
