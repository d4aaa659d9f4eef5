import Foundation
import UrnaDemo
import UrnaRecord
import UrnaService

/// `urna election results`: the published result, at any time after `urna election publish`.
enum ResultsCommand {
    static let usage = """
    results --dir DIR [--json | --csv]
          Prints the published result: contests in ballot (manifest) order with candidate names and ids,
          votes, undervotes, ballots counted per district and in total, and turnout against the roll.
          Exits 1 with [wrong-phase] before the result is published.
            undervotes   per contest: ballots counted × the contest's vote-for maximum − selections made
                         (votes for its candidates); in total, the sum over the districts whose ballot
                         holds the contest. Blank ballots are not counted: the tally adds encrypted
                         ballots, and no single ballot is ever decrypted.
            turnout      ballots counted / voters on the roll (the roll is the commission's; an
                         observer's copy of the record has no roll, see 'scrutineer verify').
          --json  canonical JSON (RFC 8785: sorted keys, no white space, integers only; stable bytes):
                  {"ballots_counted", "districts": [{"ballots_counted", "contests": [CONTEST], "id", "name",
                  "roll", "turnout_basis_points"}], "election_id", "roll", "title", "totals": [CONTEST],
                  "trustees": [int], "turnout_basis_points", "version": 1}
                  CONTEST = {"ballots_counted", "candidates": [{"id", "name", "votes"}], "id", "max", "min",
                  "selections", "title", "undervotes"}; districts, contests and candidates in manifest order;
                  turnout_basis_points = ⌊10000 × ballots_counted / roll⌋, absent when the roll is empty.
          --csv   header scope,district,contest,candidate,candidate_name,measure,count; one row per
                  district × contest × candidate (measure votes), per district × contest (undervotes),
                  per district (ballots_counted, roll), and the same with scope total (district empty).
                  Fields with , " or a line break are quoted; a name starting with = + - @ gets a leading '.
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir"], switches: ["json", "csv"])
        guard !(args.has("json") && args.has("csv")) else {
            throw Arguments.UsageError(description: "--json and --csv exclude each other; choose one")
        }
        guard args.positionals.isEmpty else {
            throw Arguments.UsageError(description: "unexpected argument '\(Console.safe(args.positionals[0]))'")
        }
        let directory = try args.required("dir")
        try ElectionCommand.withReader(["--dir", directory]) { service in
            guard let result = service.result, let manifest = service.manifest else {
                throw ServiceError(.wrongPhase, "no result is published yet: the election is in phase '\(service.phase.rawValue)'. "
                    + "The result is published by 'urna election publish --dir \(directory)' once voting is closed "
                    + "('urna election close'), the encrypted tally published ('urna election tally') and enough trustees' "
                    + "shares imported ('urna trustee decrypt', then 'urna trustee import')")
            }
            let table = ResultTable(result: result, manifest: manifest, roll: try service.rollCounts())
            // Names were checked when the manifest was read (no control character); the last
            // guard below still keeps any escape sequence off the terminal.
            if args.has("json") {
                print(TerminalText.escapedLines(String(decoding: try table.canonicalJSON(), as: UTF8.self)))
            } else if args.has("csv") {
                print(TerminalText.escapedLines(table.csv()), terminator: "")
            } else {
                print(ResultText.render(table))  // escapes every name, title and id
            }
        }
    }
}
