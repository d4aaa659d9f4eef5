import Foundation
import Testing

/// `urna-loadgen` (Tools/UrnaLoadgen) against a real `urna serve`: tokens and ballots for every
/// voter over HTTP with concurrent clients, each ballot recorded once (the observer's verify
/// counts them), a second cast of the same ballots refused and reported by problem code, and
/// bad input (a letters file that does not parse, a wrong ledger key, no service) a clear error.
@Suite(.serialized) struct LoadgenTests {
    static let voters = 16

    /// `bench NAME VALUE UNIT` lines by name.
    static func benches(_ out: String) -> [String: Double] {
        var found: [String: Double] = [:]
        for line in out.split(separator: "\n") where line.hasPrefix("bench ") {
            let fields = line.split(separator: " ")
            if fields.count == 4, let value = Double(fields[2]) { found[String(fields[1])] = value }
        }
        return found
    }

    func loadgen(_ election: CLIElection, _ arguments: [String]) throws -> CLI.Outcome {
        try CLI.run("urna-loadgen", arguments, in: election.root, timeout: 600)
    }

    @Test func preparesCastsAndEveryBallotIsRecordedOnce() throws {
        let election = try CLIElection.make(voters: Self.voters)
        defer { election.remove() }
        let (vkey, fingerprint) = try ServeElectionTests.ledgerKey(election)
        let served = try ServedElection(election, arguments: ["--rate", "100000", "--burst", "100000"])

        let prepared = try loadgen(election, ["prepare", "--server", served.electionURL, "--ledger-fingerprint", fingerprint,
                                              "--letters", "letters.csv", "--work", "work", "--concurrency", "4"])
        #expect(prepared.status == 0, "\(prepared.out)\(prepared.err)")
        let issuance = Self.benches(prepared.out)
        #expect((issuance["issuance-http"] ?? 0) > 0, "\(prepared.out)")
        #expect(issuance["issuance-http-p99"] != nil && issuance["issuance-http-errors"] == nil, "\(prepared.out)")
        #expect(prepared.out.contains("issuance-http: \(Self.voters) of \(Self.voters) succeeded"), "\(prepared.out)")
        let lines = try String(contentsOfFile: election.path("work/ballots.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == Self.voters)

        let cast = try loadgen(election, ["cast", "--work", "work", "--concurrency", "4"])
        #expect(cast.status == 0, "\(cast.out)\(cast.err)")
        let ingest = Self.benches(cast.out)
        #expect((ingest["ingest-http"] ?? 0) > 0, "\(cast.out)")
        for suffix in ["p50", "p95", "p99", "max"] { #expect(ingest["ingest-http-\(suffix)"] != nil, "\(cast.out)") }
        #expect(cast.out.contains("ingest-http: \(Self.voters) of \(Self.voters) succeeded"), "\(cast.out)")
        #expect(cast.err.contains("urna-loadgen: ingest-http") || cast.err.contains("casting \(Self.voters) ballots"), "\(cast.err)")

        // The same ballots again: each refused by the service (its token is spent), counted by
        // code, never retried; the exit status says some requests failed.
        let again = try loadgen(election, ["cast", "--work", "work", "--concurrency", "4", "--rate", "200"])
        #expect(again.status == 3, "\(again.out)\(again.err)")
        #expect(again.out.contains("ingest-http: 0 of \(Self.voters) succeeded"), "\(again.out)")
        #expect(Self.benches(again.out)["ingest-http-errors"] == Double(Self.voters), "\(again.out)")
        #expect(again.out.contains("failed [ballot-replayed] × \(Self.voters)"), "\(again.out)")

        // A prepared folder is never prepared again (its tokens are spent).
        let reused = try loadgen(election, ["prepare", "--server", served.url, "--ledger-key", vkey,
                                            "--letters", "letters.csv", "--work", "work"])
        #expect(reused.status == 1 && reused.err.contains("already holds prepared ballots"), "\(reused.err)")

        // The observer counts exactly the cast ballots, and the record verifies.
        let verify = try election.scrutineer("verify", served.electionURL, "--ledger-key", vkey)
        #expect(verify.status == 0, "\(verify.out.suffix(2000))\(verify.err.suffix(1000))")
        #expect(verify.out.contains("VALID"))
        let counted = verify.out.split(separator: "\n").first { $0.hasPrefix("ballot.shape ") }?.split(separator: " ")
        #expect(counted?.count == 3 && counted?[1] == "\(Self.voters)" && counted?[2] == "0", "\(verify.out.suffix(2000))")
        #expect(try served.stop().status == 0)
    }

    @Test func badInputIsAClearErrorNeverACrash() throws {
        let election = try CLIElection.make(voters: Self.voters)
        defer { election.remove() }
        let (vkey, _) = try ServeElectionTests.ledgerKey(election)
        let served = try ServedElection(election)
        defer { _ = try? served.stop() }

        try "voter_id,district,pseudonym,activation_code\nv1,north,not-hex,ABCD\n"
            .write(toFile: election.path("bad.csv"), atomically: true, encoding: .utf8)
        let badLetters = try loadgen(election, ["prepare", "--server", served.url, "--ledger-key", vkey, "--letters", "bad.csv", "--work", "w1"])
        #expect(badLetters.status == 1 && badLetters.err.contains("bad.csv line 2") && !badLetters.signalled, "\(badLetters.err)")

        let wrongKey = try loadgen(election, ["prepare", "--server", served.url, "--ledger-fingerprint", String(repeating: "0", count: 32),
                                              "--letters", "letters.csv", "--work", "w2"])
        #expect(wrongKey.status == 1 && wrongKey.err.contains("[ledger-key-mismatch]"), "\(wrongKey.err)")

        let port = try ServedWitness.freePort()
        let unreachable = try loadgen(election, ["prepare", "--server", "http://127.0.0.1:\(port)", "--ledger-key", vkey,
                                                 "--letters", "letters.csv", "--work", "w3"])
        #expect(unreachable.status == 1 && unreachable.err.contains("[unreachable]"), "\(unreachable.err)")

        let noWork = try loadgen(election, ["cast", "--work", "nowhere"])
        #expect(noWork.status == 1 && noWork.err.contains("run 'urna-loadgen prepare' first"), "\(noWork.err)")

        let usage = try loadgen(election, ["prepare", "--server", served.url, "--letters", "letters.csv", "--work", "w4"])
        #expect(usage.status == 2 && usage.err.contains("pin the election's ledger key"), "\(usage.err)")
        // Nothing was spent or written by the refused runs.
        for folder in ["w1", "w2", "w3", "w4"] { #expect(!election.exists(folder)) }
    }
}
