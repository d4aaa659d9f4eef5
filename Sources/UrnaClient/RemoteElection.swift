import Foundation
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord

/// A ballot the service says it holds (`GET …/ballots?…`, `POST …/spoils`).
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

/// One election on a running `urna serve`, seen by a voter's client (`Specs/api.md`). The
/// service is trusted only to answer: every answer that can be checked is checked against the
/// pinned ledger key before it is returned — the election context (checkpoint signature, entry
/// hashes, inclusion proofs), tokens (finalized under the verified token key), receipts
/// (signature, inclusion, tracking code, the entry itself), and with a ``WitnessPolicy`` the
/// witnesses' cosignatures on the context's and every receipt's checkpoint. A refusal from the service is a
/// ``ClientError`` carrying the service's problem code; a failed check is one with the client's.
public final class RemoteElection: @unchecked Sendable {
    public let electionID: String
    public let pin: LedgerKeyPin
    /// The witnesses whose cosignatures the context's and every receipt's checkpoint must carry.
    public let witnesses: WitnessPolicy
    let client: any HTTPExchanging
    private let lock = NSLock()
    private var cachedKey: CheckpointVerifier?
    private var cachedContext: VerifiedContext?

    public init(client: any HTTPExchanging, electionID: String, pin: LedgerKeyPin, witnesses: WitnessPolicy = .none) throws {
        guard Manifest.isValidIdentifier(electionID) else {
            throw ClientError("invalid-input", "'\(TerminalText.escaped(String(electionID.prefix(80))))' is not an election id")
        }
        self.client = client
        self.electionID = electionID
        self.pin = pin
        self.witnesses = witnesses
    }

    /// The ids of the elections the service serves (`GET /v1/elections`).
    public static func electionIDs(client: any HTTPExchanging) throws -> [String] {
        struct Listed: Codable { let electionID: String
            enum CodingKeys: String, CodingKey { case electionID = "election_id" } }
        struct List: Codable { let elections: [Listed] }
        let answer = try RemoteTransport(client: client).json(List.self, "GET", "/v1/elections")
        return answer.elections.map(\.electionID)
    }

    var transport: RemoteTransport { RemoteTransport(client: client) }
    var base: String { "/v1/elections/\(electionID)" }

    /// The pinned ledger key: the pinned string, or the service's `ledger.vkey` when it matches
    /// the pinned fingerprint (anything else is refused).
    public func ledgerKey() throws -> CheckpointVerifier {
        if let key = lock.withLock({ cachedKey }) { return key }
        let key: String
        switch pin {
        case .key(let pinned):
            key = pinned
        case .fingerprint:
            let body = try transport.send("GET", "\(base)/ledger.vkey").body
            var text = String(decoding: body, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            guard pin.matches(text) else {
                throw ClientError(ClientError.keyMismatch, "the service's ledger key has fingerprint \(LedgerKeyPin.fingerprint(of: text)), not the pinned \(pin.displayed): this is not the election you were told to trust (check the URL and the published fingerprint); nothing was sent")
            }
            key = text
        }
        let verifier: CheckpointVerifier
        do {
            verifier = try CheckpointVerifier(verifierKey: key)
        } catch {
            throw ClientError(ClientError.untrusted, "the ledger key '\(TerminalText.escaped(String(key.prefix(200))))' does not parse: \(RemoteElection.reason(error))")
        }
        lock.withLock { cachedKey = verifier }
        return verifier
    }

    /// The election's phase as the service reports it (informative: used to refuse early).
    public func phase() throws -> String {
        struct Summary: Codable { let phase: String }
        return try transport.json(Summary.self, "GET", "\(base)/").phase
    }

    /// The voter's district on the roll (`POST …/district`).
    public func voterDistrict(pseudonym: Pseudonym, activationCode: String) throws -> String {
        struct Request: Codable {
            let activationCode: String, pseudonym: String
            enum CodingKeys: String, CodingKey { case pseudonym; case activationCode = "activation_code" }
        }
        struct Answer: Codable { let district: String }
        let context = try context()  // verified (and witnessed) before the code is sent
        let district = try transport.json(Answer.self, "POST", "\(base)/district",
                                          body: CanonicalJSON.encode(Request(activationCode: activationCode, pseudonym: pseudonym.hex))).district
        guard context.context.manifest.district(district) != nil else {
            throw ClientError(ClientError.untrusted, "the service named district '\(TerminalText.escaped(String(district.prefix(80))))', which is not in the election's manifest")
        }
        return district
    }

    /// The service's blind signature on `blindedMessage` (`POST …/tokens`), unchecked: see
    /// ``token(for:pseudonym:activationCode:)``.
    public func issueToken(pseudonym: Pseudonym, activationCode: String, district: String?, blindedMessage: [UInt8]) throws -> [UInt8] {
        struct Request: Codable {
            let activationCode: String, blindedMessage: HexBytes, district: String?, pseudonym: String
            enum CodingKeys: String, CodingKey {
                case district, pseudonym
                case activationCode = "activation_code"
                case blindedMessage = "blinded_message"
            }
        }
        struct Answer: Codable {
            let blindSignature: HexBytes, district: String
            enum CodingKeys: String, CodingKey { case district; case blindSignature = "blind_signature" }
        }
        let answer = try transport.json(Answer.self, "POST", "\(base)/tokens", body: CanonicalJSON.encode(
            Request(activationCode: activationCode, blindedMessage: HexBytes(blindedMessage), district: district, pseudonym: pseudonym.hex)))
        if let district, answer.district != district {
            throw ClientError(ClientError.untrusted, "the service signed a token for district '\(TerminalText.escaped(String(answer.district.prefix(80))))', not '\(district)'")
        }
        return answer.blindSignature.bytes
    }

    /// The token for `request`: the service's blind signature, unblinded and verified under the
    /// district's token key from the verified election entry. A signature that does not verify is
    /// refused (`bad-token`); the request stays usable (the service answers it again).
    public func token(for request: TokenRequest, pseudonym: Pseudonym, activationCode: String) throws -> Ballot.Token {
        guard let tokenKey = try context().context.tokenKeys[request.district] else {
            throw ClientError("unknown-district", "district '\(TerminalText.escaped(request.district))' is not in the election's manifest")
        }
        let blind = try issueToken(pseudonym: pseudonym, activationCode: activationCode, district: request.district,
                                   blindedMessage: request.blindedMessage)
        do {
            return try request.finalize(blindSignature: blind, tokenKey: tokenKey)
        } catch {
            throw ClientError(ClientError.badToken, "the service's blind signature does not verify under the token key of district '\(TerminalText.escaped(request.district))' in the signed election entry; nothing was cast (your token request is kept: try again later, and report this to the commission)")
        }
    }

    /// Casts `ballot` (`POST …/ballots`); returns its receipt once verified: signed by the pinned
    /// key, proving the entry's inclusion, for this ballot's tracking code, and the entry is this ballot.
    public func cast(_ ballot: Ballot) throws -> Receipt {
        let answer = try transport.send("POST", "\(base)/ballots", body: CanonicalJSON.encode(ballot))
        let receipt: Receipt
        do {
            receipt = try Receipt.decode(answer.body)
        } catch {
            throw ClientError(ClientError.badAnswer, "the service accepted the ballot but its receipt does not parse (\(RemoteElection.reason(error))); run the same command again to look the ballot up")
        }
        try checkReceipt(receipt, trackingCode: ballot.trackingCode, signature: ballot.signature.bytes)
        return receipt
    }

    /// Spoils (challenges) a ballot (`POST …/spoils`); checks the service recorded that ballot.
    public func spoil(_ spoiled: SpoiledBody) throws -> RecordedBallot {
        struct Answer: Codable {
            let seq: UInt64, trackingCode: HexBytes
            enum CodingKeys: String, CodingKey { case seq; case trackingCode = "tracking_code" }
        }
        let answer = try transport.json(Answer.self, "POST", "\(base)/spoils", body: CanonicalJSON.encode(spoiled))
        guard answer.trackingCode.bytes == spoiled.ballot.trackingCode else {
            throw ClientError(ClientError.untrusted, "the service answered the spoiled ballot with tracking code \(answer.trackingCode.hex), not its own \(spoiled.ballot.trackingCode.hex)")
        }
        return RecordedBallot(seq: answer.seq, spoiled: true, trackingCode: answer.trackingCode.bytes)
    }

    /// The ballot whose signature is `signature`, nil when the service says it holds none. A
    /// ballot it says it holds is checked: the entry, in the tree of a signed checkpoint, is it.
    public func recordedBallot(signature: [UInt8]) throws -> RecordedBallot? {
        let answer: RecordedAnswer
        do {
            answer = try transport.json(RecordedAnswer.self, "GET", "\(base)/ballots?signature=\(signature.hex)")
        } catch let error as ClientError where error.fromService && error.code == "not-found" {
            return nil
        }
        let found = answer.recorded
        try checkRecorded(found, signature: signature)
        return found
    }

    /// The ballots the service holds under a credential, each checked against its signed entry.
    public func recordedBallots(credential: [UInt8]) throws -> [RecordedBallot] {
        struct Answer: Codable { let ballots: [RecordedAnswer] }
        let answer = try transport.json(Answer.self, "GET", "\(base)/ballots?credential=\(credential.hex)")
        let found = answer.ballots.map(\.recorded)
        for ballot in found { try checkRecorded(ballot, credential: credential) }
        return found
    }

    /// The receipt of the cast ballot with `trackingCode` (`GET …/receipts/{code}`), verified.
    public func receipt(trackingCode: [UInt8]) throws -> Receipt {
        try receipt(trackingCode: trackingCode, signature: nil)
    }

    /// ``receipt(trackingCode:)``, also checking that the entry is the ballot with `signature`.
    func receipt(trackingCode: [UInt8], signature: [UInt8]?) throws -> Receipt {
        let answer = try transport.send("GET", "\(base)/receipts/\(trackingCode.hex)")
        let receipt: Receipt
        do {
            receipt = try Receipt.decode(answer.body)
        } catch {
            throw ClientError(ClientError.badAnswer, "the service's receipt does not parse: \(RemoteElection.reason(error))")
        }
        try checkReceipt(receipt, trackingCode: trackingCode, signature: signature)
        return receipt
    }

    struct RecordedAnswer: Codable {
        let seq: UInt64, spoiled: Bool, trackingCode: HexBytes
        enum CodingKeys: String, CodingKey { case seq, spoiled; case trackingCode = "tracking_code" }
        var recorded: RecordedBallot { RecordedBallot(seq: seq, spoiled: spoiled, trackingCode: trackingCode.bytes) }
    }

    func cacheContext(_ context: VerifiedContext) { lock.withLock { cachedContext = context } }
    var cached: VerifiedContext? { lock.withLock { cachedContext } }
}
