import Foundation
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord

/// An election's public record on a service (`Specs/api.md` §3): its checkpoint, ledger key,
/// entries and consistency proofs, fetched over one keep-alive connection. Nothing it returns
/// is trusted: callers verify signatures, proofs and entries themselves; this type only checks
/// that each answer has the shape the API defines.
public final class RemoteRecord: @unchecked Sendable {
    /// The election's URL, `http(s)://host:port/v1/elections/ID`.
    public let url: String
    public let electionID: String
    let client: HTTPClient
    /// Most entries asked for in one request (the service answers at most 1000).
    public static let pageSize: UInt64 = 1000

    /// `url`: an election URL `http(s)://host:port/v1/elections/ID`, or a service root (or
    /// `…/v1/elections`) serving exactly one election.
    public init(url: String, configuration: HTTPClient.Configuration = .init()) throws {
        let base = try Self.wrap { try HTTPURL(url) }
        let parts = base.prefix.split(separator: "/").map(String.init)
        let root = "\(base.scheme)://\(base.authority)"
        if parts.count == 3, parts[0] == "v1", parts[1] == "elections" {
            electionID = parts[2]
        } else if parts.isEmpty || parts == ["v1"] || parts == ["v1", "elections"] {
            electionID = try Self.onlyElection(root: root, configuration: configuration)
        } else {
            throw ObserverError(ObserverError.noElection,
                                "\(TerminalText.escaped(url)) is not an election URL; give http(s)://HOST:PORT/v1/elections/ID or the service's root")
        }
        guard !electionID.isEmpty, electionID.utf8.count <= 200,
              electionID.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "/" && $0 != "?" }) else {
            throw ObserverError(ObserverError.noElection, "the election id in the URL is not a plain id")
        }
        let electionURL = "\(root)/v1/elections/\(electionID)"
        self.url = electionURL
        client = try Self.wrap { try HTTPClient(baseURL: electionURL, configuration: configuration) }
    }

    deinit { client.close() }

    public func close() { client.close() }

    /// The latest checkpoint, a signed note (not verified here).
    public func checkpointNote() throws -> String {
        let response = try get("/checkpoint", accept: "text/plain")
        guard response.body.count <= LedgerExport.maxSmallFileSize, let text = String(validating: response.body, as: UTF8.self),
              text.hasSuffix("\n") else {
            throw ObserverError(ObserverError.badAnswer, "\(url)/checkpoint is not a signed note (UTF-8 text ending in a newline, at most 1 MiB)")
        }
        return text
    }

    /// The ledger's verifier key as the service publishes it (one line, without its newline).
    public func verifierKey() throws -> String {
        let response = try get("/ledger.vkey", accept: "text/plain")
        guard response.body.count <= 4096, let text = String(validating: response.body, as: UTF8.self) else {
            throw ObserverError(ObserverError.badAnswer, "\(url)/ledger.vkey is not one line of text")
        }
        let key = text.hasSuffix("\n") ? String(text.dropLast()) : text
        guard !key.isEmpty, !key.contains("\n"), !key.contains("\r") else {
            throw ObserverError(ObserverError.badAnswer, "\(url)/ledger.vkey is not one line of text")
        }
        return key
    }

    /// One page of entries from `start` (below `end`): the raw lines (each without its newline,
    /// parsed exactly and in seq order from `start`, hashes not checked) and the ledger size
    /// the service announced. The service may answer fewer lines than asked, never more, never
    /// out of order; an empty page is an error unless `start == end`.
    public func entries(start: UInt64, end: UInt64) throws -> (lines: [ArraySlice<UInt8>], ledgerSize: UInt64?) {
        guard start < end else { return ([], nil) }
        let response = try get("/entries?start=\(start)&end=\(end)", accept: "application/jsonl")
        let size = response.header("urna-ledger-size").flatMap { UInt64($0) }
        let body = response.body
        guard body.isEmpty || body.last == 0x0A else {
            throw ObserverError(ObserverError.badAnswer, "the entries page from \(start) does not end with a complete line")
        }
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = body.startIndex
        var expected = start
        for index in body.indices where body[index] == 0x0A {
            let line = body[lineStart..<index]
            lineStart = index + 1
            let fields: EntryLine.Fields
            do {
                fields = try EntryLine.parse(line)
            } catch {
                throw ObserverError(ObserverError.badAnswer, "line \(lines.count + 1) of the entries page from \(start) is not an entry line (ledger.md §6.1): \(TerminalText.escaped("\(error)"))")
            }
            guard fields.seq == expected else {
                throw ObserverError(ObserverError.badAnswer, "the entries page from \(start) holds seq \(fields.seq) where \(expected) was due; the service skipped, repeated or reordered entries")
            }
            guard expected < end else {
                throw ObserverError(ObserverError.badAnswer, "the entries page from \(start) goes beyond the \(end) asked for")
            }
            lines.append(line)
            expected += 1
        }
        guard !lines.isEmpty else {
            throw ObserverError(ObserverError.badAnswer, "the service answered no entry from \(start) (ledger size \(size.map(String.init) ?? "not given")) although its checkpoint covers \(end)")
        }
        return (lines, size)
    }

    /// The consistency proof from size `old` to size `new` (`ledger.md` §3.4), not verified here.
    public func consistencyProof(old: UInt64, new: UInt64) throws -> [[UInt8]] {
        struct Answer: Decodable { let old: UInt64, new: UInt64, hashes: [String] }
        let response = try get("/proofs/consistency?old=\(old)&new=\(new)", accept: "application/json")
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)), answer.old == old, answer.new == new,
              answer.hashes.count <= 128 else {
            throw ObserverError(ObserverError.badAnswer, "the consistency proof \(old) → \(new) is not {\"old\",\"new\",\"hashes\"} for these sizes")
        }
        return try answer.hashes.map { hex in
            guard hex.utf8.count == 64, let bytes = try? Hex.decode(hex) else {
                throw ObserverError(ObserverError.badAnswer, "the consistency proof \(old) → \(new) holds a hash that is not 64 hex digits")
            }
            return bytes
        }
    }

    /// A GET on the election, any status but 200 an error naming it; an answer over the
    /// client's size limit is ``ObserverError/tooLarge`` (the caller may ask for less).
    func get(_ path: String, accept: String) throws -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try client.get(path, accept: accept)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ObserverError(ObserverError.tooLarge, "\(url)\(path): \(error.reason)")
        } catch let error as HTTPError {
            throw ObserverError(ObserverError.unreachable, TerminalText.escaped(error.reason))
        }
        if response.status == 404, response.problem?.code == "no-election" {
            let root = url.components(separatedBy: "/v1/elections/").first ?? url
            throw ObserverError(ObserverError.noElection, "the service has no election '\(electionID)'; its elections are listed at \(root)/v1/elections")
        }
        guard response.status == 200 else {
            throw ObserverError(ObserverError.unreachable, "\(url)\(path) answered \(TerminalText.escaped(response.summary))")
        }
        return response
    }

    /// The only election a service serves, from `GET /v1/elections`.
    static func onlyElection(root: String, configuration: HTTPClient.Configuration) throws -> String {
        struct List: Decodable {
            struct Election: Decodable { let election_id: String }
            let elections: [Election]
        }
        let client = try wrap { try HTTPClient(baseURL: root, configuration: configuration) }
        defer { client.close() }
        let response = try wrap { try client.get("/v1/elections", accept: "application/json") }
        guard response.status == 200, let list = try? JSONDecoder().decode(List.self, from: Data(response.body)) else {
            throw ObserverError(ObserverError.unreachable, "\(root)/v1/elections answered \(TerminalText.escaped(response.summary)), not a list of elections")
        }
        guard list.elections.count == 1, let only = list.elections.first else {
            let ids = list.elections.prefix(20).map { TerminalText.escaped($0.election_id) }.joined(separator: ", ")
            throw ObserverError(ObserverError.noElection, list.elections.isEmpty
                ? "\(root) serves no election"
                : "\(root) serves \(list.elections.count) elections (\(ids)); give the election's URL, \(root)/v1/elections/ID")
        }
        return only.election_id
    }

    /// Runs `body`, turning an HTTP failure (connect, timeout, malformed answer) into `unreachable`.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as HTTPError {
            throw ObserverError(ObserverError.unreachable, TerminalText.escaped(error.reason))
        }
    }
}
