import Foundation
import UrnaLedger
import UrnaRecord
import UrnaVerifier

/// The public record as a trustee reads it — an election directory, its `election.db` (opened
/// read-only) or a JSON Lines export — through the verifier's own sources. Every trustee step
/// verifies the whole record first: a trustee never acts on a record that does not verify.
struct PublicRecord {
    let path: String

    /// The bodies the trustee steps need.
    struct Ceremony {
        var electionBody: [UInt8] = []
        var commitments: [TrusteeCommitmentBody] = []
        var jointKey: JointKeyBody?
        var tally: TallyBody?
        var report: VerificationReport?
    }

    /// Verifies the record (refusing one that does not verify), then reads the trustee's bodies.
    func verifiedCeremony() throws -> Ceremony {
        let source = try Scrutineer.openSource(path: path)
        Console.progress("verifying the record (scrutineer verify \(path))")
        let report = try Scrutineer.verify(source: source)
        guard report.isValid else {
            let reasons = report.failures.prefix(5).map { "  \($0)" }.joined(separator: "\n")
            throw RecordError(.invalidRecord, "the record does not verify (\(report.failureCount) failure(s)); refusing to act on it:\n\(reasons)")
        }
        var ceremony = Ceremony(report: report)
        let reader = try source.entries(from: 0)
        while true {
            let items = try reader.next(maxCount: 256)
            if items.isEmpty { break }
            for item in items {
                guard case .entry(let entry) = item else {
                    throw RecordError(.invalidRecord, "the record changed while it was read")
                }
                switch EntryKind(rawValue: entry.kind) {
                case .election: ceremony.electionBody = entry.body
                case .trusteeCommitment: ceremony.commitments.append(try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: entry.body))
                case .jointKey: ceremony.jointKey = try CanonicalJSON.decode(JointKeyBody.self, from: entry.body)
                case .tally: ceremony.tally = try CanonicalJSON.decode(TallyBody.self, from: entry.body)
                default: break
                }
            }
        }
        guard !ceremony.electionBody.isEmpty else { throw RecordError(.invalidRecord, "\(path) holds no election entry") }
        return ceremony
    }
}

extension RecordError.Code {
    /// A public record that does not verify.
    static let invalidRecord = Self(rawValue: "invalid-record")
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
