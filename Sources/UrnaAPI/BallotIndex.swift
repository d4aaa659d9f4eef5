import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord
import UrnaService

/// The ballots of the record by tracking code, signature and credential, for the lookup routes
/// (`Specs/api.md` §3). Built incrementally from the ledger (which only grows) on the first
/// lookup after new entries, so a lookup never scans the whole record again.
final class BallotIndex: @unchecked Sendable {
    struct Item: Sendable, Hashable {
        let seq: UInt64
        let spoiled: Bool
        let trackingCode: [UInt8]
    }

    private let lock = NSLock()
    private var indexed: UInt64 = 0
    private var byCodePrefix: [UInt64: [Item]] = [:]
    private var bySignature: [[UInt8]: Item] = [:]
    private var byCredential: [[UInt8]: [Item]] = [:]

    /// Indexes the entries appended since the last call.
    func update(_ service: ElectionService) throws {
        try lock.withLock {
            let size = service.ledgerSize
            guard indexed < size else { return }
            try service.forEachEntry(from: indexed, to: size) { entry in
                let ballot: Ballot
                let spoiled: Bool
                switch EntryKind(rawValue: entry.kind) {
                case .ballot:
                    ballot = try Ballot.readCanonical(entry.body) ?? CanonicalJSON.decode(Ballot.self, from: entry.body)
                    spoiled = false
                case .spoiled:
                    ballot = try CanonicalJSON.decode(SpoiledBody.self, from: entry.body).ballot
                    spoiled = true
                default:
                    return
                }
                let item = Item(seq: entry.seq, spoiled: spoiled, trackingCode: ballot.trackingCode)
                byCodePrefix[Self.prefix(ballot.trackingCode), default: []].append(item)
                bySignature[ballot.signature.bytes] = item
                byCredential[ballot.credential.bytes, default: []].append(item)
            }
            indexed = size
        }
    }

    /// The ballot whose tracking code is `code`: 64 hex digits, or a prefix of at least 16
    /// (dashes and spaces ignored). Several matches: `ambiguous`.
    func find(trackingCode code: String) throws -> Item {
        let hex = code.lowercased().filter { $0 != "-" && $0 != " " }
        guard (16...64).contains(hex.count), hex.allSatisfy(\.isHexDigit), let key = UInt64(hex.prefix(16), radix: 16) else {
            throw ServiceError(.invalidInput, "a tracking code is 16 to 64 hex digits (e.g. 1a2b-3c4d-5e6f-7a8b)")
        }
        let matches = lock.withLock { byCodePrefix[key] ?? [] }.filter { Hex.encode($0.trackingCode).hasPrefix(hex) }
        guard matches.count <= 1 else {
            throw ServiceError(.ambiguous, "the tracking code matches \(matches.count) ballots; give all 64 digits")
        }
        guard let match = matches.first else { throw ServiceError(.notFound, "no ballot with this tracking code is in the record") }
        return match
    }

    func find(signature: [UInt8]) -> Item? { lock.withLock { bySignature[signature] } }

    func ballots(credential: [UInt8]) -> [Item] { lock.withLock { byCredential[credential] ?? [] } }

    private static func prefix(_ code: [UInt8]) -> UInt64 {
        code.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
