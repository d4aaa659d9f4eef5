import UrnaLedger
import UrnaRecord

extension ElectionService {
    /// Where a ballot landed in the record: a cast `ballot` or a `spoiled` entry.
    public struct RecordedBallot: Sendable, Hashable {
        public let seq: UInt64
        public let spoiled: Bool
        public let trackingCode: [UInt8]

        public init(seq: UInt64, spoiled: Bool, trackingCode: [UInt8]) {
            self.seq = seq
            self.spoiled = spoiled
            self.trackingCode = trackingCode
        }
    }

    /// The entry holding the ballot signed with `signature` (cast or spoiled), if any: how a
    /// client interrupted after sending a ballot learns whether it was recorded.
    public func recordedBallot(signature: [UInt8]) throws -> RecordedBallot? {
        // The state already knows every recorded signature: scan only when there is a match.
        guard lock.withLock({ state.ballotSignatures.contains(signature) }) else { return nil }
        var found: RecordedBallot?
        try forEachRecordedBallot { seq, spoiled, signed, ballotBytes in
            guard signed == signature else { return true }
            let ballot = try CanonicalJSON.decode(Ballot.self, from: ballotBytes)
            found = RecordedBallot(seq: seq, spoiled: spoiled, trackingCode: ballot.trackingCode)
            return false
        }
        return found
    }

    /// Every ballot and spoiled ballot under `credential`, in record order: how a client whose
    /// wallet lost track of a cast (an altered or foreign wallet, a crash) finds it again.
    public func recordedBallots(credential: [UInt8]) throws -> [RecordedBallot] {
        var found: [RecordedBallot] = []
        try forEachRecordedBallot { seq, spoiled, _, ballotBytes in
            let header = try CanonicalJSON.decodeFields(ElectionState.BallotHeader.self, from: ballotBytes)
            if header.credential.bytes == credential {
                let ballot = try CanonicalJSON.decode(Ballot.self, from: ballotBytes)
                found.append(RecordedBallot(seq: seq, spoiled: spoiled, trackingCode: ballot.trackingCode))
            }
            return true
        }
        return found
    }

    /// The ballot whose tracking code is `code`: the full 64 hex digits, or a prefix of at least
    /// 16 (the short form `1a2b-3c4d-5e6f-7a8b`; dashes and spaces are ignored). A prefix that
    /// matches two ballots is refused.
    public func recordedBallot(trackingCode code: String) throws -> RecordedBallot {
        let hex = code.lowercased().filter { $0 != "-" && $0 != " " }
        guard (16...64).contains(hex.count), hex.allSatisfy(\.isHexDigit) else {
            throw ServiceError(.invalidInput, "a tracking code is 16 to 64 hex digits (e.g. 1a2b-3c4d-5e6f-7a8b), got '\(code)'")
        }
        var found: [RecordedBallot] = []
        try forEachRecordedBallot { seq, spoiled, _, ballotBytes in
            let ballot = try CanonicalJSON.decode(Ballot.self, from: ballotBytes)
            if ballot.trackingCode.hex.hasPrefix(hex) {
                found.append(RecordedBallot(seq: seq, spoiled: spoiled, trackingCode: ballot.trackingCode))
            }
            return true
        }
        guard found.count <= 1 else {
            throw ServiceError(.invalidInput, "tracking code '\(code)' matches \(found.count) ballots; give more digits")
        }
        guard let match = found.first else {
            throw ServiceError(.notFound, "no ballot with tracking code '\(code)' is in the record")
        }
        return match
    }

    /// Calls `body(seq, spoiled, signature, ballot bytes)` for each ballot and spoiled entry in
    /// order, while it returns true.
    private func forEachRecordedBallot(_ body: (UInt64, Bool, [UInt8], [UInt8]) throws -> Bool) throws {
        var going = true
        try Self.wrap("reading ballots") {
            try ledger.forEachEntry { entry in
                guard going else { return }
                switch entry.kind {
                case EntryKind.ballot.rawValue:
                    let header = try CanonicalJSON.decodeFields(ElectionState.BallotHeader.self, from: entry.body)
                    going = try body(entry.seq, false, header.signature.bytes, entry.body)
                case EntryKind.spoiled.rawValue:
                    let spoiled = try CanonicalJSON.decode(SpoiledBody.self, from: entry.body)
                    going = try body(entry.seq, true, spoiled.ballot.signature.bytes, CanonicalJSON.encode(spoiled.ballot))
                default:
                    break
                }
            }
        }
    }
}
