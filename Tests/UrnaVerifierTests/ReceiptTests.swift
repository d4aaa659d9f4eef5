import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

@Suite("Voter receipts")
struct ReceiptTests {
    /// The tree of the record's entries (or of `drafts` chained afresh: a fork), and a checkpoint
    /// at `size` signed by the ledger key (or `signer`).
    static func tree(_ fixture: ElectionFixture, _ drafts: [Draft]?, size: Int, signer: CheckpointSigner? = nil)
        throws -> (entries: [Entry], tree: InMemoryMerkleTree, note: String) {
        var entries: [Entry] = []
        if let drafts {
            var prev = Entry.genesisPrev
            for (seq, draft) in drafts.enumerated() {
                entries.append(try Entry(seq: UInt64(seq), kind: draft.kind, time: 1_700_000_000_000 + Int64(seq),
                                         body: draft.body, prev: prev))
                prev = entries[seq].hash
            }
        } else {
            entries = try fixture.exportLines().map { try EntryLine.decode(Array($0.utf8)[...]) }
        }
        var tree = InMemoryMerkleTree()
        for entry in entries { tree.append(leafHash: entry.leafHash) }
        let checkpoint = try Checkpoint(origin: ElectionFixture.origin, size: UInt64(size), root: tree.prover.root(treeSize: UInt64(size)),
                                        chainHead: entries[size - 1].hash)
        return (entries, tree, try (signer ?? fixture.signer).signedNote(for: checkpoint))
    }

    /// A receipt for ballot entry `index` under a checkpoint of `size` entries.
    static func receipt(_ fixture: ElectionFixture, index: Int, size: Int, drafts: [Draft]? = nil,
                        signer: CheckpointSigner? = nil) throws -> Receipt {
        let (entries, tree, note) = try tree(fixture, drafts, size: size, signer: signer)
        let proof = try tree.prover.inclusionProof(leafIndex: UInt64(index), treeSize: UInt64(size))
        return try Receipt.make(electionID: "city-2026", seq: UInt64(index), entryHash: entries[index].hash,
                                ballotBody: entries[index].body, inclusionProof: proof, checkpointNote: note)
    }

    func check(_ receipt: Receipt, _ path: String) throws -> ReceiptCheck.Report {
        try ReceiptCheck.check(receipt, source: Scrutineer.openSource(path: path))
    }

    @Test("a receipt under an older checkpoint checks against the record (SQLite nodes and JSONL)")
    func valid() throws {
        let fixture = try ElectionFixture.shared.get()
        let index = fixture.ballotSeqs[1]
        let receipt = try Self.receipt(fixture, index: index, size: index + 3)
        // JSON round trip of the receipt format.
        let decoded = try Receipt.decode(receipt.encoded())
        #expect(decoded == receipt)
        for path in [fixture.exportPath, fixture.databasePath] {
            let report = try check(decoded, path)
            #expect(report.isValid, "\(path): \(report.steps)")
            #expect(report.steps.map(\.check) == ["receipt.election", "receipt.checkpoint-signature", "receipt.inclusion",
                                                  "receipt.entry", "receipt.consistency"])
        }
    }

    @Test("offline: signature and inclusion only")
    func offline() throws {
        let fixture = try ElectionFixture.shared.get()
        let receipt = try Self.receipt(fixture, index: fixture.ballotSeqs[0], size: fixture.drafts.count)
        var report = ReceiptCheck.Report(trackingCode: receipt.trackingCode.hex, seq: receipt.seq)
        #expect(ReceiptCheck.checkOffline(receipt, ledgerKey: fixture.signer.verifierKey, into: &report) != nil)
        #expect(report.isValid)
    }

    @Test("a wrong inclusion proof, tracking code, signer or a split view fails the right step")
    func invalid() throws {
        let fixture = try ElectionFixture.shared.get()
        let index = fixture.ballotSeqs[2]
        let good = try Self.receipt(fixture, index: index, size: fixture.drafts.count)

        var proof = good.inclusionProof.map(\.bytes)
        proof[0][0] ^= 1
        let badProof = try Receipt(electionID: "city-2026", trackingCode: good.trackingCode.bytes, seq: good.seq,
                                   entryHash: good.entryHash.bytes, checkpoint: good.checkpoint, inclusionProof: proof)
        #expect(try failed(check(badProof, fixture.exportPath)) == "receipt.inclusion")

        let otherCode = try Receipt(electionID: "city-2026", trackingCode: SHA256.hash([1]), seq: good.seq,
                                    entryHash: good.entryHash.bytes, checkpoint: good.checkpoint,
                                    inclusionProof: good.inclusionProof.map(\.bytes))
        #expect(try failed(check(otherCode, fixture.exportPath)) == "receipt.entry")

        let impostor = try CheckpointSigner(origin: ElectionFixture.origin, privateKey: Ed25519PrivateKey())
        let forged = try Self.receipt(fixture, index: index, size: fixture.drafts.count, signer: impostor)
        #expect(try failed(check(forged, fixture.databasePath)) == "receipt.checkpoint-signature")

        // Split view: the ledger key signed a fork in which this voter's ballot sits; the record has another history.
        var fork = Array(fixture.drafts[..<index])
        let again = try BallotBuilder.encrypt(election: fixture.context, district: "north", choices: ["council": ["dan"]],
                                              credential: try need(fixture.credentials[index], "credential"),
                                              token: fixture.ballot(at: index).token).ballot
        fork.append(Draft(kind: "ballot", body: try CanonicalJSON.encode(again)))
        let split = try Self.receipt(fixture, index: index, size: index + 1, drafts: fork)
        for path in [fixture.exportPath, fixture.databasePath] {
            let report = try check(split, path)
            #expect(!report.isValid)
            #expect(report.steps.filter { !$0.passed }.map(\.check) == ["receipt.entry", "receipt.consistency"], "\(report.steps)")
        }
    }

    /// The first failing step.
    func failed(_ report: ReceiptCheck.Report) -> String? { report.steps.first { !$0.passed }?.check }
}
