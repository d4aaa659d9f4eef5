import UrnaCrypto
import UrnaRecord
import UrnaVerifier

/// A spoiled ballot found in a public record (an election directory, its `election.db`, or a
/// JSON Lines export), read through the verifier's own sources, with its nonces checked.
struct SpoiledLookup {
    let seq: UInt64
    let trackingCode: [UInt8]
    let body: SpoiledBody
    let manifest: Manifest

    static func find(recordPath: String, trackingCode code: String) throws -> SpoiledLookup {
        let hex = code.lowercased().filter { $0 != "-" && $0 != " " }
        guard (16...64).contains(hex.count), hex.allSatisfy(\.isHexDigit) else {
            throw Arguments.UsageError(description: "--tracking-code: 16 to 64 hex digits (e.g. 1a2b-3c4d-5e6f-7a8b), got '\(Console.safe(code))'")
        }
        let reader = try Scrutineer.openSource(path: recordPath).entries(from: 0)
        var manifest: Manifest?, jointKey: Point?
        var matches: [(UInt64, [UInt8], SpoiledBody)] = []
        while true {
            let items = try reader.next(maxCount: 256)
            guard !items.isEmpty else { break }
            for case .entry(let entry) in items {
                switch entry.kind {
                case EntryKind.election.rawValue:
                    manifest = try CanonicalJSON.decode(ElectionBody.self, from: entry.body).manifest
                case EntryKind.jointKey.rawValue:
                    jointKey = try CanonicalJSON.decode(JointKeyBody.self, from: entry.body).jointKey
                case EntryKind.spoiled.rawValue:
                    let body = try CanonicalJSON.decode(SpoiledBody.self, from: entry.body)
                    let tracking = body.ballot.trackingCode
                    if tracking.hex.hasPrefix(hex) { matches.append((entry.seq, tracking, body)) }
                default:
                    break
                }
            }
        }
        guard let manifest, let jointKey else {
            throw RecordError(.invalidRecord, "\(Console.safe(recordPath)) holds no election with a joint key yet")
        }
        guard matches.count <= 1 else {
            throw Arguments.UsageError(description: "--tracking-code '\(Console.safe(code))' matches \(matches.count) spoiled ballots; give more digits")
        }
        guard let (seq, tracking, body) = matches.first else {
            throw RecordError(.notFound, "\(Console.safe(recordPath)) holds no spoiled ballot with tracking code '\(Console.safe(code))' (a cast ballot is never opened)")
        }
        try body.checkNonces(jointKey: jointKey)
        return SpoiledLookup(seq: seq, trackingCode: tracking, body: body, manifest: manifest)
    }
}

extension RecordError.Code {
    /// What was looked for is not in the record.
    static let notFound = Self(rawValue: "not-found")
}
