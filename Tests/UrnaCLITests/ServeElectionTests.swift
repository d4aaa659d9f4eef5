import Foundation
import Testing
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord

/// A whole election over the network: `urna serve` with two `scrutineer witness`es, voters on
/// `urna vote --server`, receipts checked with `urna receipt check`, the commission's commands
/// beside the running service, and observers on `scrutineer verify URL` and `follow`.
@Suite(.serialized) struct ServeElectionTests {
    /// The published ledger key (`urna export`'s ledger.vkey) and its fingerprint.
    static func ledgerKey(_ election: CLIElection) throws -> (path: String, fingerprint: String) {
        try election.succeed("export", "--dir", "el", "--out", "published")
        let key = try String(contentsOfFile: election.path("published/ledger.vkey"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return (election.path("published/ledger.vkey"), LedgerKeyFingerprint.of(key))
    }

    /// The ledger key the service serves (for tests whose subject is not the pinning).
    static func ledgerKeyString(_ served: ServedElection) throws -> String {
        let client = try HTTPClient(baseURL: served.url)
        defer { client.close() }
        return String(decoding: try client.get("/v1/elections/cli-2026/ledger.vkey").body, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Signature lines of a signed note (the ledger's and every cosigner's).
    static func signers(_ note: String) -> [String] {
        note.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n").split(separator: "\n")
            .filter { $0.hasPrefix("— ") }.map { String($0.dropFirst(2).split(separator: " ").first ?? "") }
    }

    @Test func wholeElectionWithTwoWitnesses() throws {
        let election = try CLIElection.make(voters: 6)
        defer { election.remove() }
        let (vkey, fingerprint) = try Self.ledgerKey(election)
        let port = try ServedWitness.freePort()
        let serviceURL = "http://127.0.0.1:\(port)/v1/elections/cli-2026"
        let witnesses = try ["w1", "w2"].map { try ServedWitness(election, name: $0, serviceURL: serviceURL, ledgerKey: vkey) }
        let served = try ServedElection(election, port: port, arguments: witnesses.flatMap { ["--witness", $0.spec] })
        // Voters 1–5 vote over HTTP; voter 2 audits first; voter 6 abstains.
        let choices: [Int: [String]] = [1: ["mayor=alice", "council=dan,erin"], 2: ["mayor=bob"], 3: ["mayor=alice", "council=fay"],
                                        4: ["mayor=alice"], 5: ["mayor=bob", "council=dan"]]
        for (voter, picks) in choices.sorted(by: { $0.key < $1.key }) {
            let outcome = try election.urna(["vote", "--server", served.url, "--ledger-fingerprint", fingerprint, "--wallet", "w\(voter).wallet",
                                             "--receipt-out", "r\(voter).json"] + (try election.voter(voter))
                                            + witnesses.flatMap { ["--witness-key", $0.verifierKey] }
                                            + picks.flatMap { ["--choice", $0] } + (voter == 2 ? ["--audit"] : []))
            #expect(outcome.status == 0, "voter \(voter): \(outcome.err)")
            #expect(outcome.out.lowercased().contains("tracking code"), "\(outcome.out)")
        }
        // Every receipt's checkpoint carries the ledger's signature and both witnesses'.
        for voter in choices.keys {
            let receipt = try CanonicalJSON.decodeInput(Receipt.self, from: Array(try Data(contentsOf: URL(fileURLWithPath: election.path("r\(voter).json")))))
            #expect(Set(Self.signers(receipt.checkpoint)).isSuperset(of: ["w1", "w2"]), "voter \(voter): \(receipt.checkpoint)")
        }
        let check = try election.urna(["receipt", "check", "r1.json", "--server", served.url, "--ledger-fingerprint", fingerprint]
                                      + witnesses.flatMap { ["--witness-key", $0.verifierKey] })
        #expect(check.status == 0, "\(check.out)\(check.err)")
        #expect(check.out.contains("w1") && check.out.contains("w2"), "\(check.out)")
        // The commission's commands beside the running service.
        try election.succeed("election", "close", "--dir", "el")
        try election.succeed("election", "tally", "--dir", "el")
        try election.succeed("trustee", "decrypt", "--key", "t1.key", "--record", "el", "--out", "t1.share.json")
        try election.succeed("trustee", "decrypt", "--key", "t3.key", "--record", "el", "--out", "t3.share.json")
        try election.succeed("trustee", "import", "--dir", "el", "t1.share.json", "t3.share.json")
        try election.succeed("election", "publish", "--dir", "el")
        // The published result is the reference tally of the plaintexts.
        let client = try HTTPClient(baseURL: served.url)
        let result = try JSONSerialization.jsonObject(with: Data(try client.get("/v1/elections/cli-2026/results").body)) as? [String: Any]
        let districts = result?["districts"] as? [String: [String: Any]]
        let north = districts?["north"]?["contests"] as? [String: [String: Int]]
        let south = districts?["south"]?["contests"] as? [String: [String: Int]]
        #expect(north?["mayor"] == ["alice": 2, "bob": 1])
        #expect(north?["council"] == ["dan": 2, "erin": 1, "fay": 1])
        #expect(south?["mayor"] == ["alice": 1, "bob": 1])
        client.close()
        // Observers over the network: the whole record verifies; the follower agrees.
        let verify = try election.scrutineer("verify", served.electionURL, "--ledger-key", vkey, "--quiet")
        #expect(verify.status == 0, "\(verify.out.suffix(2000))\(verify.err.suffix(1000))")
        #expect(verify.out.contains("VALID"))
        let follow = try CLI.run("scrutineer", ["follow", served.electionURL, "--state", "follower", "--once", "--ledger-key", vkey, "--quiet"], in: election.root)
        #expect(follow.status == 0, "\(follow.out)\(follow.err)")
        #expect(try served.stop().status == 0)
        for witness in witnesses { #expect(try witness.stop().status == 0) }
    }
}
