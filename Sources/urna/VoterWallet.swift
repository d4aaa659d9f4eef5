import Foundation
import UrnaCrypto
import UrnaRecord

/// The voter client's wallet (`Specs/election-record.md` §8.4; secret, mode 0600): the
/// credential, the pending token request and then the token, the ballot being sent, and every
/// ballot it recorded with its receipt. Each step is saved before the next is attempted, so an
/// interrupt at any moment loses neither the token nor a cast ballot's receipt.
struct VoterWallet: Codable {
    struct Pending: Codable {
        let prepared: HexBytes
        let blinded: HexBytes
        let inverse: HexBytes

        init(_ request: TokenRequest) {
            prepared = HexBytes(request.preparedMessage)
            blinded = HexBytes(request.blindedMessage)
            inverse = HexBytes(request.inverse.bytes)
        }
    }

    /// A ballot saved just before it is sent: after an interrupt, the next run looks it up in
    /// the record and, if it was recorded, finishes its bookkeeping instead of losing it.
    struct Outgoing: Codable {
        /// `cast` or `spoil`.
        let action: String
        let ballot: Ballot
        /// The revealed nonces and choices of a ballot being spoiled.
        let spoiled: SpoiledBody?
    }

    /// A ballot the record holds: cast (with its receipt) or spoiled (with the choices it encrypted).
    struct Recorded: Codable {
        let action: String
        let seq: UInt64
        let trackingCode: HexBytes
        var receipt: Receipt?
        let choices: [String: [String]]?

        enum CodingKeys: String, CodingKey {
            case action, seq, receipt, choices
            case trackingCode = "tracking_code"
        }
    }

    let electionID: String
    /// The service's URL when the wallet was used with `urna vote --server` (nil: the local database).
    var server: String?
    /// The ledger key the service's answers were checked with; a later run must pin the same.
    var ledgerKey: String?
    let district: String
    let credential: HexBytes
    var pending: Pending?
    var token: Ballot.Token?
    var outgoing: Outgoing?
    var ballots: [Recorded]?

    enum CodingKeys: String, CodingKey {
        case district, credential, pending, token, outgoing, ballots, server
        case electionID = "election_id"
        case ledgerKey = "ledger_key"
    }

    var credentialKey: Ed25519PrivateKey {
        get throws { try Ed25519PrivateKey(rawRepresentation: credential.bytes) }
    }
}

/// The wallet holds the credential key and the blinding inverse: printing, interpolating or
/// dumping it shows neither.
extension VoterWallet: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    var description: String { "VoterWallet(redacted)" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
