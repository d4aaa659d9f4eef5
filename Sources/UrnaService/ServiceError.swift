import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The single error type of the election service: a stable code (shared with the record
/// checks where a ballot is refused, e.g. `bad-token`) and a reason naming the problem.
public struct ServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    /// Wraps a lower library's error, keeping its code.
    static func wrapping(_ error: any Error, _ context: String) -> ServiceError {
        switch error {
        case let error as ServiceError: return error
        case let error as RecordError: return ServiceError(Code(rawValue: error.code.rawValue), "\(context): \(error.reason)")
        case let error as CryptoError: return ServiceError(Code(rawValue: error.code.rawValue), "\(context): \(error.reason)")
        case let error as LedgerError: return ServiceError(Code(rawValue: error.code.rawValue), "\(context): \(error.reason)")
        default: return ServiceError(.internalFailure, "\(context): \(error)")
        }
    }
}

extension ServiceError.Code {
    /// The action is not allowed in the election's current phase.
    public static let wrongPhase = Self(rawValue: "wrong-phase")
    /// The directory already holds an election, or holds none.
    public static let electionExists = Self(rawValue: "election-exists")
    public static let noElection = Self(rawValue: "no-election")
    /// Another process holds the election directory.
    public static let electionBusy = Self(rawValue: "election-busy")
    /// A state change on an election this process can only read.
    public static let readOnlyElection = Self(rawValue: "read-only-election")
    /// A voter roll line that cannot be imported.
    public static let invalidRoll = Self(rawValue: "invalid-roll")
    /// A file holding secret keys that group or others may access (`chmod 600` it).
    public static let keyFile = Self(rawValue: "key-file")
    /// Voter id and activation code do not match the roll.
    public static let notAuthorized = Self(rawValue: "not-authorized")
    /// A token request for another district than the voter's own on the roll.
    public static let voterOtherDistrict = Self(rawValue: "voter-other-district")
    /// A different token request from a voter who already has a token.
    public static let alreadyIssued = Self(rawValue: "already-issued")
    /// A second ballot under a credential when re-voting is off.
    public static let credentialUsed = Self(rawValue: "credential-used")
    /// A ballot or spoil under a credential already used in another district.
    public static let credentialOtherDistrict = Self(rawValue: "credential-other-district")
    /// A ballot that is already in the record, cast or spoiled (a replay).
    public static let ballotReplayed = Self(rawValue: "ballot-replayed")
    /// A credential has spoiled its allowance of ballots.
    public static let spoilLimit = Self(rawValue: "spoil-limit")
    /// A trustee message that duplicates or conflicts with one already recorded.
    public static let duplicateTrusteeMessage = Self(rawValue: "duplicate-trustee-message")
    /// The ceremony or tally cannot complete yet (missing commitments, too few shares…).
    public static let incomplete = Self(rawValue: "incomplete")
    /// A ballot, receipt or entry that the record does not hold.
    public static let notFound = Self(rawValue: "not-found")
    /// Input that does not parse.
    public static let invalidInput = Self(rawValue: "invalid-input")
    /// A short tracking code that matches several ballots.
    public static let ambiguous = Self(rawValue: "ambiguous")
    /// The election is paused for an administrator's command (served over the network: 503).
    public static let unavailable = Self(rawValue: "unavailable")
    /// Storage or an invariant failed; the reason says where.
    public static let internalFailure = Self(rawValue: "internal-failure")
    /// A trustee message whose identity signature is missing or fails (`Specs/crypto.md` §6).
    public static let badIdentitySignature = Self(RecordError.Code.badIdentitySignature)
}

/// Ballot refusals, with the record checker's codes (`Specs/election-record.md` §5.5).
extension ServiceError.Code {
    init(_ code: RecordError.Code) { self.init(rawValue: code.rawValue) }

    public static let malformed = Self(RecordError.Code.malformed)
    public static let wrongElection = Self(RecordError.Code.wrongElection)
    public static let unknownDistrict = Self(RecordError.Code.unknownDistrict)
    public static let ballotShape = Self(RecordError.Code.ballotShape)
    public static let badCredential = Self(RecordError.Code.badCredential)
    public static let badToken = Self(RecordError.Code.badToken)
    public static let tokenWrongDistrict = Self(RecordError.Code.tokenWrongDistrict)
    public static let badSignature = Self(RecordError.Code.badSignature)
    public static let badProof = Self(RecordError.Code.badProof)
    public static let sumOutOfRange = Self(RecordError.Code.sumOutOfRange)
    public static let spoiledMismatch = Self(RecordError.Code.spoiledMismatch)
}
