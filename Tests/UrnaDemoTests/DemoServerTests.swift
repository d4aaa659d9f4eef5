import Foundation
import Testing
import UrnaCrypto
@testable import UrnaDemo
import UrnaLedger
import UrnaObserver
import UrnaRecord

/// `urna demo --server`: the voters over HTTP against the service on loopback, two witnesses.
@Suite struct DemoServerTests {
    func options(voters: Int, clients: Int) -> DemoOptions {
        var options = DemoOptions()
        options.voters = voters
        options.districts = 2
        options.trustees = 3
        options.threshold = 2
        options.tokenKeyBits = 2048
        options.server = true
        options.clients = clients
        options.directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-demo-server-test-\(UUID().uuidString)")
        return options
    }

    @Test func votersOverHTTPWithTwoWitnesses() throws {
        let outcome = try DemoElection.run(options(voters: 12, clients: 4))
        defer { try? FileManager.default.removeItem(at: outcome.directory) }
        let server = try #require(outcome.server)
        // The result is the voters' own choices, and the record verifies, over HTTP and from the files.
        #expect(outcome.published == outcome.expected)
        #expect(outcome.ballotsCast == 12)
        #expect(server.voters == 12)
        #expect(server.verificationValid)
        #expect(server.verificationSummary.contains("VALID") && !server.verificationSummary.contains("INVALID"))
        #expect(outcome.verification.count == 2 && outcome.verification.allSatisfy { $0.valid && $0.matchesExpected })
        // Every receipt carried both witnesses' cosignatures.
        #expect(server.receipts == 12 + outcome.revotes)
        #expect(server.receiptsCosigned == server.receipts)
        #expect(outcome.spoiled == 1 && server.spoiledAudited == 1, "voter 4 spoils, then finds its spoiled ballot in the record")
        #expect(server.witnessKeys.count == 2 && Set(server.witnessKeys).count == 2)
        // The attackers' attempts went over HTTP and were refused with the same codes as in process.
        #expect(outcome.refusals.count == 17)
        #expect(server.refusedOverHTTP.count == 13)
        #expect(outcome.refusals.contains { $0.attempt.contains("wrong activation code") && $0.code == "not-authorized" })
        #expect(outcome.refusals.contains { $0.attempt == "a replay of a cast ballot" && $0.code == "ballot-replayed" })
        #expect(server.refusedOverHTTP.contains("a ballot with a point off the curve"))

        // Each witness's state file holds the final cosigned checkpoint, signed by the election's ledger key.
        let ledgerKey = try String(contentsOf: outcome.directory.appendingPathComponent("ledger.vkey"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let verifier = try CheckpointVerifier(verifierKey: ledgerKey)
        #expect(server.witnessStates.count == 2)
        for (index, directory) in server.witnessStates.enumerated() {
            let state = try #require(try WitnessState.load(from: directory))
            #expect(state.size == server.finalSize)
            #expect(state.ledgerKey == ledgerKey)
            let note = try #require(state.checkpoint)
            #expect(try verifier.verifiedCheckpoint(note).size == server.finalSize)
            // The cosignature the witness saved verifies under its own key, and not under the other's.
            let cosigned = note + (state.cosignatures ?? "")
            let own = try NoteVerifier(verifierKey: server.witnessKeys[index])
            let other = try NoteVerifier(verifierKey: server.witnessKeys[1 - index])
            #expect(try verifier.verifyCosigned(cosigned, cosigners: [own]).cosignatures.count == 1)
            #expect(throws: LedgerError.self) { try verifier.verifyCosigned(cosigned, cosigners: [other]) }
        }
        // The final cosigned size covers every ballot: the tally came after it (close, tally, result).
        #expect(server.finalSize > UInt64(server.receipts))

        // The voters' cosignature check: both witnesses' lines pass; one missing, or a forged
        // one, does not; a checkpoint under another ledger key is refused whatever it carries.
        let states = try server.witnessStates.map { try #require(try WitnessState.load(from: $0)) }
        let note = try #require(states[0].checkpoint)
        let lines = states.map { $0.cosignatures ?? "" }
        let witnesses = try server.witnessKeys.map { try NoteVerifier(verifierKey: $0) }
        #expect(try DemoNetworkVoters.cosignedByAll(note + lines[0] + lines[1], ledgerKey: verifier, witnesses: witnesses))
        #expect(try !DemoNetworkVoters.cosignedByAll(note + lines[0], ledgerKey: verifier, witnesses: witnesses))
        #expect(try !DemoNetworkVoters.cosignedByAll(note, ledgerKey: verifier, witnesses: witnesses))
        var forged = Array(lines[1])
        let middle = forged.count / 2
        forged[middle] = forged[middle] == "A" ? "B" : "A"
        #expect(throws: LedgerError.self) {
            try DemoNetworkVoters.cosignedByAll(note + lines[0] + String(forged), ledgerKey: verifier, witnesses: witnesses)
        }
        let otherLedger = try CheckpointVerifier(verifierKey: try CheckpointSigner(origin: verifier.origin, privateKey: Ed25519PrivateKey()).verifierKey)
        #expect(throws: (any Error).self) {
            try DemoNetworkVoters.cosignedByAll(note + lines[0] + lines[1], ledgerKey: otherLedger, witnesses: witnesses)
        }
    }

    @Test func clientCountIsBounded() {
        var bad = options(voters: 3, clients: 0)
        #expect(throws: DemoError.self) { try DemoElection.run(bad) }
        bad.clients = 257
        #expect(throws: DemoError.self) { try DemoElection.run(bad) }
    }
}
