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

    /// The wallet at `path`, nil if there is none. Refuses a wallet that group or others can
    /// read or write: it holds the credential and the token.
    static func read(from path: String) throws -> VoterWallet? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw FileError(description: "cannot read the wallet \(Console.safe(path)): \(String(cString: strerror(errno)))") }
            return nil
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(description: "the wallet \(Console.safe(path)) is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw FileError(description: "the wallet \(Console.safe(path)) is readable or writable by others (mode \(String(info.st_mode & 0o777, radix: 8))); it holds your secret credential: run 'chmod 600 \(Console.safe(path))' and check who could have copied it")
        }
        do {
            return try CanonicalJSON.decodeInput(VoterWallet.self, from: Files.read(path))
        } catch let error as RecordError {
            throw FileError(description: "the wallet \(Console.safe(path)) is damaged: \(Console.safe(error.reason))")
        }
    }

    /// Saves atomically with mode 0600.
    func write(to path: String) throws {
        try Files.write(CanonicalJSON.encode(self), to: path, private: true)
    }

    var credentialKey: Ed25519PrivateKey {
        get throws { try Ed25519PrivateKey(rawRepresentation: credential.bytes) }
    }
}
