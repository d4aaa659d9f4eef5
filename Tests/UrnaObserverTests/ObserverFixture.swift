import Foundation
import UrnaCrypto
import UrnaDemo
import UrnaLedger
import UrnaRecord
@testable import UrnaService

/// A small complete demo election (one district, four voters): its entries, and its ledger
/// signer taken from the service's private store, so that tests can sign the checkpoints an
/// honest or a dishonest service would serve.
final class DemoRecord: @unchecked Sendable {
    static let shared = Result { try DemoRecord() }

    let directory: URL
    let electionID: String
    let entries: [Entry]
    let signer: CheckpointSigner

    init() throws {
        var options = DemoOptions()
        options.voters = 4
        options.districts = 1
        options.trustees = 2
        options.threshold = 2
        options.tokenKeyBits = 2048
        options.workers = 2
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-observer-demo-\(UUID().uuidString)")
        options.directory = directory
        _ = try DemoElection.run(options)
        let service = try ElectionService.open(directory: directory, readOnly: true)
        signer = service.signer
        service.close()
        let reader = try EntryLineReader(url: directory.appendingPathComponent(LedgerExport.entriesFileName))
        var entries: [Entry] = []
        while let entry = try reader.next() { entries.append(entry) }
        self.entries = entries
        electionID = try CanonicalJSON.decode(ElectionBody.self, from: entries[0].body).manifest.electionID
    }

    /// The entries again from `seq` on, each with its time moved by one millisecond and
    /// chained anew: a ledger that shares the first `seq` entries and then differs.
    func fork(from seq: Int) throws -> [Entry] {
        var forked = Array(entries[..<seq])
        for entry in entries[seq...] {
            forked.append(try Entry(seq: entry.seq, kind: entry.kind, time: entry.time + 1, body: entry.body,
                                    prev: forked.last?.hash ?? Entry.genesisPrev))
        }
        return forked
    }

    /// The entries with the first ballot's signature altered (chained and signed anew: the
    /// ledger key can always do that): a record the verifier must refuse.
    func forged() throws -> [Entry] {
        guard let index = entries.firstIndex(where: { $0.kind == "ballot" }) else { throw FixtureError("no ballot") }
        var body = entries[index].body
        let marker = Array("\"signature\":\"".utf8)
        guard let at = body.indices.first(where: { body[$0...].starts(with: marker) }) else { throw FixtureError("no signature") }
        let digit = at + marker.count
        body[digit] = body[digit] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        var forged = Array(entries[..<index])
        for entry in entries[index...] {
            forged.append(try Entry(seq: entry.seq, kind: entry.kind, time: entry.time, body: entry.seq == UInt64(index) ? body : entry.body,
                                    prev: forged.last?.hash ?? Entry.genesisPrev))
        }
        return forged
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A ledger as a service would serve it: entries and the size its latest checkpoint covers.
struct ServedLedger: Sendable {
    var entries: [Entry]
    var checkpointSize: Int
    var signer: CheckpointSigner

    init(_ entries: [Entry], size: Int? = nil, signer: CheckpointSigner) {
        self.entries = entries
        self.checkpointSize = size ?? entries.count
        self.signer = signer
    }

    var tree: InMemoryMerkleTree {
        var tree = InMemoryMerkleTree()
        for entry in entries[..<checkpointSize] { tree.append(leafHash: entry.leafHash) }
        return tree
    }

    var checkpoint: Checkpoint {
        get throws {
            var chain = ChainVerifier()
            for entry in entries[..<checkpointSize] { _ = try chain.append(entry) }
            return try Checkpoint(origin: signer.origin, size: chain.size, root: chain.root, chainHead: chain.head)
        }
    }

    func note() throws -> String { try signer.signedNote(for: try checkpoint) }
}
