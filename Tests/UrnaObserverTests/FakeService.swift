import Foundation
import UrnaCrypto
import UrnaHTTP
import UrnaLedger

/// An in-test service answering the record routes of `Specs/api.md` §3 from a ``ServedLedger``
/// the test can swap at any time (to grow it, fork it, truncate it, or sign it wrongly).
final class FakeService: @unchecked Sendable {
    let electionID: String
    private let lock = NSLock()
    private var ledger: ServedLedger
    private var served: (note: String, tree: InMemoryMerkleTree)
    /// Entries per page (the real service answers up to 1000).
    var pageSize = 1000
    /// Microseconds each page of entries waits before it is answered (a slow service).
    var pageDelay: UInt32 = 0
    /// A note to serve instead of the ledger's own (a checkpoint signed by another key).
    private var noteOverride: String?
    /// Entries the pages skip (a dishonest or broken service).
    private var skipping: Set<UInt64> = []
    /// Entries the pages serve instead of the ledger's, the checkpoint and proofs unchanged
    /// (a connection tampered with on the way).
    private var tampered: [Entry]?
    private var server: HTTPServer?
    private(set) var requests: [String] = []

    let scheme: String

    init(electionID: String, ledger: ServedLedger, configuration: HTTPServer.Configuration = .init()) throws {
        scheme = configuration.tls == nil ? "http" : "https"
        self.electionID = electionID
        self.ledger = ledger
        served = (try ledger.note(), ledger.tree)
        let server = HTTPServer(configuration: configuration) { [unowned self] request, _ in self.answer(request) }
        try server.start()
        self.server = server
    }

    deinit { server?.stop() }

    func stop() {
        server?.stop()
        server = nil
    }

    var port: UInt16 { server?.port ?? 0 }
    var root: String { "\(scheme)://127.0.0.1:\(port)" }
    var url: String { "\(root)/v1/elections/\(electionID)" }

    func serve(_ ledger: ServedLedger) throws {
        let note = try ledger.note()
        let tree = ledger.tree
        lock.withLock {
            self.ledger = ledger
            served = (note, tree)
            noteOverride = nil
        }
    }

    func serve(note: String) { lock.withLock { noteOverride = note } }
    func skip(_ seqs: Set<UInt64>) { lock.withLock { skipping = seqs } }
    func tamper(_ entries: [Entry]?) { lock.withLock { tampered = entries } }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        lock.withLock { requests.append(request.target) }
        guard request.method == "GET" else { return .problem(.methodNotAllowed, code: "method-not-allowed", detail: "GET only") }
        if request.path == "/v1/elections" {
            return json("{\"elections\":[{\"election_id\":\"\(electionID)\",\"phase\":\"open\",\"title\":\"demo\"}]}")
        }
        let prefix = "/v1/elections/\(electionID)"
        guard request.path.hasPrefix(prefix + "/") else { return .problem(.notFound, code: "no-election", detail: "no such election") }
        let route = String(request.path.dropFirst(prefix.count))
        let query = Self.query(request.query)
        let (ledger, note, tree, pageSize, skipping, tampered) = lock.withLock {
            (self.ledger, noteOverride ?? served.note, served.tree, self.pageSize, self.skipping, self.tampered)
        }
        switch route {
        case "/checkpoint":
            return text(note)
        case "/ledger.vkey":
            return text(ledger.signer.verifierKey + "\n")
        case "/entries":
            if pageDelay > 0 { usleep(pageDelay) }
            guard let start = query["start"].flatMap(Int.init), start >= 0 else { return bad("start") }
            let end = min(query["end"].flatMap(Int.init) ?? start + 1000, start + pageSize, ledger.entries.count)
            var body: [UInt8] = []
            let entries = tampered ?? ledger.entries
            if start < min(end, entries.count) {
                for entry in entries[start..<min(end, entries.count)] where !skipping.contains(entry.seq) { body += EntryLine.encode(entry) }
            }
            return HTTPResponse(status: .ok, headers: [("Content-Type", "application/jsonl"), ("Urna-Ledger-Size", "\(ledger.entries.count)")], body: body)
        case "/proofs/consistency":
            guard let old = query["old"].flatMap(UInt64.init), let new = query["new"].flatMap(UInt64.init), new <= tree.size,
                  let hashes = try? tree.prover.consistencyProof(oldSize: old, newSize: new) else { return bad("old/new") }
            return json("{\"old\":\(old),\"new\":\(new),\"hashes\":[\(hashes.map { "\"\(Hex.encode($0))\"" }.joined(separator: ","))]}")
        default:
            return .problem(.notFound, code: "no-route", detail: "no route")
        }
    }

    private func text(_ text: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain")], body: Array(text.utf8))
    }

    private func json(_ text: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    private func bad(_ what: String) -> HTTPResponse {
        .problem(.badRequest, code: "bad-request", detail: "bad \(what)")
    }

    private static func query(_ text: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (text ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }
}
