import Foundation
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord
import UrnaService

/// The routes of one election, `/v1/elections/{id}/…` (`Specs/api.md` §3).
final class ElectionRoutes: @unchecked Sendable {
    let host: ElectionHost
    let publisher: CheckpointPublisher
    let index = BallotIndex()
    let metrics: Metrics
    let limits: AbuseLimits
    static let maxEntriesPerPage: UInt64 = 1000

    init(host: ElectionHost, publisher: CheckpointPublisher, metrics: Metrics, limits: AbuseLimits) {
        self.host = host
        self.publisher = publisher
        self.metrics = metrics
        self.limits = limits
    }

    /// The route template for metrics and the allowed methods, or nil if there is no such route.
    static func route(_ rest: [Substring]) -> (template: String, methods: [String])? {
        switch rest.count {
        case 0: return ("", ["GET"])
        case 1:
            switch rest[0] {
            case "manifest", "checkpoint", "ledger.vkey", "entries", "results": return (String(rest[0]), ["GET"])
            case "district", "tokens", "spoils": return (String(rest[0]), ["POST"])
            case "ballots": return ("ballots", ["GET", "POST"])
            default: return nil
            }
        case 2:
            if rest[0] == "receipts" { return ("receipts/{code}", ["GET"]) }
            if rest[0] == "proofs", rest[1] == "inclusion" || rest[1] == "consistency" { return ("proofs/\(rest[1])", ["GET"]) }
            return nil
        default: return nil
        }
    }

    func handle(_ request: HTTPRequest, rest: [Substring], template: String, client: String) throws -> HTTPResponse {
        switch (request.method, template) {
        case ("GET", ""): return try summary()
        case ("GET", "manifest"): return try signedContext()
        case ("GET", "checkpoint"): return try checkpoint()
        case ("GET", "ledger.vkey"): return APIResponse.text(try host.withService { $0.ledgerVerifierKey } + "\n")
        case ("GET", "entries"): return try entries(request)
        case ("GET", "results"): return try results()
        case ("GET", "ballots"): return try lookup(request)
        case ("GET", "receipts/{code}"): return try receipt(trackingCode: String(rest[1]))
        case ("GET", "proofs/inclusion"): return try inclusion(request)
        case ("GET", "proofs/consistency"): return try consistency(request)
        case ("POST", "district"): return try district(request, client: client)
        case ("POST", "tokens"): return try token(request, client: client)
        case ("POST", "ballots"): return try cast(request)
        case ("POST", "spoils"): return try spoil(request)
        default: throw ServiceError(.notFound, "no such route")
        }
    }

    // MARK: - Reading the record

    private struct Summary: Codable {
        struct District: Codable {
            let id: String
            let roll: Int
            let issued: Int
            let ballots: Int
            let spoiled: Int
        }
        let electionID: String
        let title: String
        let phase: String
        let ledgerKey: String
        let ledgerKeyFingerprint: String
        let ledgerSize: UInt64
        let ballots: Int
        let spoiled: Int
        let districts: [District]

        enum CodingKeys: String, CodingKey {
            case title, phase, ballots, spoiled, districts
            case electionID = "election_id"
            case ledgerKey = "ledger_key"
            case ledgerKeyFingerprint = "ledger_key_fingerprint"
            case ledgerSize = "ledger_size"
        }
    }

    private func summary() throws -> HTTPResponse {
        try host.withService { service in
            let status = try service.status()
            return try APIResponse.json(Summary(
                electionID: status.electionID, title: service.manifest?.title ?? "", phase: status.phase.rawValue,
                ledgerKey: service.ledgerVerifierKey, ledgerKeyFingerprint: LedgerKeyFingerprint.of(service.ledgerVerifierKey),
                ledgerSize: service.ledgerSize, ballots: status.ballotsCast, spoiled: status.spoiled,
                districts: status.districts.map { .init(id: $0.id, roll: $0.roll, issued: $0.issued, ballots: $0.ballots, spoiled: $0.spoiled) }))
        }
    }

    private struct SignedContext: Codable {
        struct Item: Codable {
            let line: String
            let proof: [HexBytes]
        }
        let checkpoint: String
        let entries: [Item]
    }

    /// The election and joint-key entries with inclusion proofs under the latest checkpoint
    /// that went through the witnesses (with their cosignatures, so a client that pins
    /// witnesses can check that the view it is shown is the one they saw).
    private func signedContext() throws -> HTTPResponse {
        let seqs = try host.withService { service in [UInt64(0)] + (service.jointKeySeq.map { [$0] } ?? []) }
        let checkpoint = try publisher.covering(seqs.max() ?? 0)
        return try host.withService { service in
            let items = try seqs.map { seq in
                SignedContext.Item(line: String(decoding: try service.entryLine(seq: seq), as: UTF8.self),
                                   proof: try service.inclusionProof(seq: seq, size: checkpoint.size).map(HexBytes.init))
            }
            return try APIResponse.json(SignedContext(checkpoint: checkpoint.note, entries: items))
        }
    }

    private func checkpoint() throws -> HTTPResponse {
        let latest = try host.withService { service in try service.latestCheckpoint() ?? service.checkpointNow() }
        return APIResponse.text(latest.note)
    }

    private func entries(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try APIResponse.query(request)
        let start = try APIResponse.number(query, "start", default: 0)
        let end = try APIResponse.number(query, "end", default: start &+ Self.maxEntriesPerPage)
        guard end >= start else { throw ServiceError(.invalidInput, "'end' (\(end)) is before 'start' (\(start))") }
        return try host.withService { service in
            let size = service.ledgerSize
            let clipped = min(end, size, start &+ Self.maxEntriesPerPage)
            let body = start < clipped ? try service.entryLines(start: start, end: clipped) : []
            return HTTPResponse(status: .ok, headers: [("Content-Type", "application/jsonl"), ("Urna-Ledger-Size", String(size))], body: body)
        }
    }

    private func results() throws -> HTTPResponse {
        guard let result = try host.withService({ $0.publishedResult }) else {
            throw ServiceError(.notPublished, "the result is not published yet")
        }
        return try APIResponse.json(result)
    }

    private struct ProofAnswer: Codable {
        let seq: UInt64?
        let size: UInt64?
        let old: UInt64?
        let new: UInt64?
        let hashes: [HexBytes]
    }

    private func signedSize(_ service: ElectionService) throws -> UInt64 {
        try service.latestCheckpoint()?.size ?? 0
    }

    private func inclusion(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try APIResponse.query(request)
        let seq = try APIResponse.number(query, "seq")
        return try host.withService { service in
            let signed = try signedSize(service)
            let size = try APIResponse.number(query, "size", default: signed)
            guard seq < size, size <= signed else {
                throw ServiceError(.notFound, "no inclusion proof of entry \(seq) in a tree of \(size): the latest checkpoint has size \(signed)")
            }
            let hashes = try service.inclusionProof(seq: seq, size: size).map(HexBytes.init)
            return try APIResponse.json(ProofAnswer(seq: seq, size: size, old: nil, new: nil, hashes: hashes))
        }
    }

    private func consistency(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try APIResponse.query(request)
        let old = try APIResponse.number(query, "old")
        return try host.withService { service in
            let signed = try signedSize(service)
            let new = try APIResponse.number(query, "new", default: signed)
            guard old <= new, new <= signed else {
                throw ServiceError(.notFound, "no consistency proof from \(old) to \(new): the latest checkpoint has size \(signed)")
            }
            let hashes = try service.consistencyProof(old: old, new: new).map(HexBytes.init)
            return try APIResponse.json(ProofAnswer(seq: nil, size: nil, old: old, new: new, hashes: hashes))
        }
    }
}

extension ServiceError.Code {
    static let notPublished = Self(rawValue: "not-published")
}
