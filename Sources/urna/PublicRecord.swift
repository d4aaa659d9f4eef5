import Foundation
import UrnaLedger
import UrnaRecord
import UrnaVerifier

/// The public record as a trustee reads it — an election directory, its `election.db` (opened
/// read-only) or a JSON Lines export — through the verifier's own sources. Every trustee step
/// verifies the whole record first and acts only on the bodies of that same verification pass
/// (never a second read, which a commission serving the file could answer differently).
struct PublicRecord {
    let path: String

    /// Verifies the record, refusing one that does not verify, and returns the verified bodies.
    func verified() throws -> VerifiedRecord {
        let source = try Scrutineer.openSource(path: path)
        Console.progress("verifying the record (scrutineer verify \(Console.safe(path)))")
        let record = try Scrutineer.verifiedRecord(source: source)
        guard record.report.isValid else {
            let reasons = record.report.failures.prefix(5).map { "  \(Console.safe("\($0)"))" }.joined(separator: "; ")
            throw RecordError(.invalidRecord, "the record does not verify (\(record.report.failureCount) failure(s)); refusing to act on it: \(reasons)")
        }
        guard !record.electionBody.isEmpty else { throw RecordError(.invalidRecord, "\(Console.safe(path)) holds no election entry") }
        return record
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
