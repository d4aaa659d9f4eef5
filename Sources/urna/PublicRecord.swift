import Foundation
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord
import UrnaVerifier

/// The public record as a trustee reads it: an export directory (`ledger.jsonl`), an election
/// directory or its `election.db`. Entries are streamed in order.
struct PublicRecord {
    let path: String

    func forEachEntry(_ body: (Entry) throws -> Void) throws {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: path)
        let jsonl = url.appendingPathComponent(LedgerExport.entriesFileName)
        if FileManager.default.fileExists(atPath: jsonl.path) || path.hasSuffix(".jsonl") {
            let reader = try EntryLineReader(url: path.hasSuffix(".jsonl") ? url : jsonl)
            while let entry = try reader.next() { try body(entry) }
            return
        }
        let database = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? url.appendingPathComponent("election.db").path : path
        guard FileManager.default.fileExists(atPath: database) else {
            throw Arguments.UsageError(description: "\(path) is neither an export directory, an election directory nor an election.db")
        }
        var configuration = LedgerStore.Configuration()
        configuration.openCheck = .fromLatestCheckpoint
        let store = try LedgerStore.open(path: database, configuration: configuration)
        defer { store.close() }
        try store.forEachEntry(body)
    }

    /// The record as the verifier reads it: `election.db` read-only, or the JSONL export.
    func verifierSource() throws -> any RecordSource {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
           !FileManager.default.fileExists(atPath: url.appendingPathComponent(LedgerExport.entriesFileName).path) {
            return try Scrutineer.openSource(path: url.appendingPathComponent("election.db").path)
        }
        return try Scrutineer.openSource(path: path)
    }

    /// The bodies the trustee steps need.
    struct Ceremony {
        var electionBody: [UInt8] = []
        var commitments: [TrusteeCommitmentBody] = []
        var jointKey: JointKeyBody?
        var tally: TallyBody?
    }

    func ceremony() throws -> Ceremony {
        var ceremony = Ceremony()
        try forEachEntry { entry in
            switch EntryKind(rawValue: entry.kind) {
            case .election: ceremony.electionBody = entry.body
            case .trusteeCommitment: ceremony.commitments.append(try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: entry.body))
            case .jointKey: ceremony.jointKey = try CanonicalJSON.decode(JointKeyBody.self, from: entry.body)
            case .tally: ceremony.tally = try CanonicalJSON.decode(TallyBody.self, from: entry.body)
            default: break
            }
        }
        guard !ceremony.electionBody.isEmpty else { throw Arguments.UsageError(description: "\(path) holds no election entry") }
        return ceremony
    }
}

/// A file a trustee hands the commission: `{"urna_trustee_message": KIND, "body": …}`.
struct TrusteeMessage<Body: Codable>: Codable {
    let kind: String
    let body: Body

    enum CodingKeys: String, CodingKey {
        case kind = "urna_trustee_message"
        case body
    }
}

/// Peeks at a message file's kind.
struct TrusteeMessageKind: Decodable {
    let kind: String

    enum CodingKeys: String, CodingKey { case kind = "urna_trustee_message" }
}
