import Foundation
import UrnaClient
import UrnaCrypto
import UrnaRecord
import UrnaService

/// What the voter's flow (`urna vote`) needs of an election, wherever it runs: on the local
/// database (``LocalVoting``) or on a service over the network (``RemoteVoting``, which checks
/// every answer against the pinned ledger key before returning it).
protocol VotingBackend {
    /// The election's id, if the backend knows it before the context is read.
    var electionID: String? { get }
    /// Where the election is, as recorded in the wallet (the server URL; nil locally).
    var server: String? { get }
    /// The ledger key the answers are checked with (nil locally: the database is the record).
    func verifiedLedgerKey() throws -> String?
    /// Throws `wrong-phase` unless voting is open.
    func requireOpen() throws
    /// The manifest, joint key and token public keys.
    func context() throws -> ElectionContext
    func voterDistrict(pseudonym: Pseudonym, activationCode: String) throws -> String
    /// The service's blind signature (unchecked: the flow finalizes it under the context's key).
    func issueToken(pseudonym: Pseudonym, activationCode: String, district: String, blindedMessage: [UInt8]) throws -> [UInt8]
    func cast(_ ballot: Ballot) throws -> RecordedBallot
    func spoil(_ spoiled: SpoiledBody) throws -> RecordedBallot
    func recordedBallot(signature: [UInt8]) throws -> RecordedBallot?
    func recordedBallots(credential: [UInt8]) throws -> [RecordedBallot]
    /// The receipt of the cast ballot at `seq` with `trackingCode` (checked to be that ballot's).
    func receipt(seq: UInt64, trackingCode: [UInt8]) throws -> Receipt
    /// The spoiled ballot at `seq` as the record holds it, its nonces checked against the joint key.
    func spoiledBallot(seq: UInt64, trackingCode: [UInt8]) throws -> SpoiledBody
}

/// The problem code of an error from either backend: the service's `ServiceError` locally, a
/// problem the service answered with remotely; nil for anything else.
func problemCode(_ error: any Error) -> String? {
    if let error = error as? ServiceError { return error.code.rawValue }
    if let error = error as? ClientError, error.fromService { return error.code }
    return nil
}

/// The election on the local database (`urna vote --dir`): today's behaviour.
struct LocalVoting: VotingBackend {
    let service: ElectionService
    let directory: String

    var electionID: String? { service.manifest?.electionID }
    var server: String? { nil }
    func verifiedLedgerKey() throws -> String? { nil }

    func requireOpen() throws {
        guard service.phase == .open else {
            throw ServiceError(.wrongPhase, "voting is not open: the election is in phase '\(service.phase.rawValue)'; next: \(service.phase.nextStep)")
        }
    }

    func context() throws -> ElectionContext { try service.electionContext() }

    func voterDistrict(pseudonym: Pseudonym, activationCode: String) throws -> String {
        try service.voterDistrict(pseudonym: pseudonym, activationCode: activationCode)
    }

    func issueToken(pseudonym: Pseudonym, activationCode: String, district: String, blindedMessage: [UInt8]) throws -> [UInt8] {
        try service.issueToken(pseudonym: pseudonym, activationCode: activationCode, district: district, blindedMessage: blindedMessage)
    }

    func cast(_ ballot: Ballot) throws -> RecordedBallot {
        RecordedBallot(seq: try service.castBallot(ballot).seq, spoiled: false, trackingCode: ballot.trackingCode)
    }

    func spoil(_ spoiled: SpoiledBody) throws -> RecordedBallot {
        RecordedBallot(seq: try service.spoilBallot(spoiled), spoiled: true, trackingCode: spoiled.ballot.trackingCode)
    }

    func recordedBallot(signature: [UInt8]) throws -> RecordedBallot? {
        try service.recordedBallot(signature: signature).map { RecordedBallot(seq: $0.seq, spoiled: $0.spoiled, trackingCode: $0.trackingCode) }
    }

    func recordedBallots(credential: [UInt8]) throws -> [RecordedBallot] {
        try service.recordedBallots(credential: credential).map { RecordedBallot(seq: $0.seq, spoiled: $0.spoiled, trackingCode: $0.trackingCode) }
    }

    func receipt(seq: UInt64, trackingCode: [UInt8]) throws -> Receipt {
        let receipt = try service.receipt(seq: seq)
        guard receipt.trackingCode.bytes == trackingCode else {
            throw ServiceError(.internalFailure, "the receipt of entry \(seq) is for tracking code \(receipt.shortTrackingCode), not \(Ballot.shortTrackingCode(trackingCode))")
        }
        return receipt
    }

    func spoiledBallot(seq: UInt64, trackingCode: [UInt8]) throws -> SpoiledBody {
        // Read back through the verifier's own reader of the record, as 'urna voter audit' does.
        let found = try SpoiledLookup.find(recordPath: directory, trackingCode: trackingCode.hex)
        guard found.seq == seq else {
            throw RecordError(.notFound, "the record's spoiled ballot \(Ballot.shortTrackingCode(trackingCode)) is entry \(found.seq), not \(seq)")
        }
        return found.body
    }
}
