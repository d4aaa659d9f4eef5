import Foundation
import UrnaCrypto
import UrnaDemo
import UrnaHTTP
import UrnaLedger
import UrnaLedgerStore
@testable import UrnaService

/// A whole election made by the real service (`urna demo`, small), as a witness meets it: its
/// ledger lines, every checkpoint the service signed on the way (one per size), and the
/// consistency proofs between them from the service's own store.
final class DemoRecord: @unchecked Sendable {
    let directory: URL
    let verifierKey: String
    let electionID = "demo-2026"
    let lines: [String]
    /// The stored checkpoints, one per size, ascending.
    let checkpoints: [StoredCheckpoint]
    private let store: LedgerStore

    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: DemoRecord?

    /// One demo per test process (it takes seconds).
    static func shared() throws -> DemoRecord {
        try lock.withLock {
            if let made { return made }
            let record = try DemoRecord()
            made = record
            return record
        }
    }

    private init() throws {
        var options = DemoOptions()
        options.voters = 6
        options.districts = 1
        options.trustees = 2
        options.threshold = 2
        options.tokenKeyBits = 2048
        options.workers = 2
        options.directory = try temporaryDirectory("demo")
        let outcome = try DemoElection.run(options)
        directory = outcome.directory
        verifierKey = try LedgerExport.readVerifierKey(directory: directory)
        let text = try String(contentsOf: directory.appendingPathComponent(LedgerExport.entriesFileName), encoding: .utf8)
        lines = text.split(separator: "\n").map(String.init)
        store = try LedgerStore.openReadOnly(path: directory.appendingPathComponent("election.db").path)
        var bySize: [UInt64: StoredCheckpoint] = [:]
        let last = try store.latestCheckpoint()?.id ?? 0
        for id in Int64(1)...max(1, last) {
            guard let stored = try? store.checkpoint(id: id) else { continue }
            bySize[stored.checkpoint.size] = bySize[stored.checkpoint.size] ?? stored
        }
        checkpoints = bySize.keys.sorted().compactMap { bySize[$0] }
    }

    /// The service's ledger signer, read from its private store: what a service that forks its
    /// ledger (or whose key leaked) signs with.
    func ledgerSigner() throws -> CheckpointSigner {
        let store = try PrivateStore(readOnlyPath: directory.appendingPathComponent("election.private.db").path)
        guard let key = try store.meta("ledger_key") else { throw WitnessProcess.Failure(description: "no ledger key in the private store") }
        return try CheckpointSigner(origin: try CheckpointVerifier(verifierKey: verifierKey).origin,
                                    privateKey: Ed25519PrivateKey(rawRepresentation: key))
    }

    func consistencyProof(old: UInt64, new: UInt64) throws -> [[UInt8]] {
        old == 0 ? [] : try store.consistencyProof(oldSize: old, newSize: new)
    }

    /// The add-checkpoint body for `checkpoint` from `old`.
    func body(old: UInt64, _ checkpoint: StoredCheckpoint) throws -> [UInt8] {
        WitnessRequestBody.make(old: old, proof: try consistencyProof(old: old, new: checkpoint.checkpoint.size), note: checkpoint.note)
    }
}

enum WitnessRequestBody {
    static func make(old: UInt64, proof: [[UInt8]], note: String) -> [UInt8] {
        var text = "old \(old)\n"
        for hash in proof { text += Data(hash).base64EncodedString() + "\n" }
        return Array((text + "\n" + note).utf8)
    }
}

/// A stand-in for `urna serve`: the demo's record over HTTP (`Specs/api.md` §3: ledger.vkey,
/// entries, checkpoint), showing only the first `visible` entries, and lying about one entry
/// when told to.
final class DemoService: @unchecked Sendable {
    let record: DemoRecord
    private let lock = NSLock()
    private var tampered: UInt64?
    private var server: HTTPServer!

    init(record: DemoRecord) throws {
        self.record = record
        server = HTTPServer { [unowned self] request, _ in self.respond(request) }
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.port)/v1/elections/\(record.electionID)" }

    /// From now on entry `seq` is served with another hash (nil: honestly).
    func tamper(seq: UInt64?) { lock.withLock { tampered = seq } }

    func stop() { server.stop() }

    private func respond(_ request: HTTPRequest) -> HTTPResponse {
        let prefix = "/v1/elections/\(record.electionID)"
        func text(_ body: String, _ type: String = "text/plain") -> HTTPResponse {
            HTTPResponse(status: .ok, headers: [("Content-Type", type)], body: Array(body.utf8))
        }
        switch request.path {
        case prefix + "/ledger.vkey":
            return text(record.verifierKey + "\n")
        case prefix + "/checkpoint":
            return text(record.checkpoints.last?.note ?? "")
        case prefix + "/entries":
            let query = Dictionary((request.query ?? "").split(separator: "&").compactMap { pair -> (String, UInt64)? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = UInt64(parts[1]) else { return nil }
                return (String(parts[0]), value)
            }, uniquingKeysWith: { a, _ in a })
            let size = UInt64(record.lines.count)
            let start = min(query["start"] ?? 0, size)
            let end = min(query["end"] ?? start + 1000, start + 1000, size)
            let bad = lock.withLock { tampered }
            var body = ""
            for seq in start..<end {
                var line = record.lines[Int(seq)]
                if seq == bad, let range = line.range(of: "\"hash\":\"") {
                    let digit = line[range.upperBound]
                    line.replaceSubrange(range.upperBound...range.upperBound, with: digit == "0" ? "1" : "0")
                }
                body += line + "\n"
            }
            var response = text(body, "application/jsonl")
            response.headers.append(("Urna-Ledger-Size", "\(size)"))
            return response
        default:
            return HTTPResponse.problem(.notFound, code: "no-route", detail: "not served here")
        }
    }
}
