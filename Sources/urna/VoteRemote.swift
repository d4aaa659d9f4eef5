import Foundation
import UrnaClient
import UrnaCrypto
import UrnaHTTP
import UrnaRecord
import UrnaService
import UrnaVerifier

/// The election on a running `urna serve` (`urna vote --server URL`), through ``RemoteElection``:
/// every answer is checked against the pinned ledger key before the flow sees it.
final class RemoteVoting: VotingBackend {
    let remote: RemoteElection
    let url: String
    /// The connection under `remote`, dropped before a ballot is sent (see ``cast(_:)``).
    private let client: HTTPClient
    /// Receipts already fetched and verified with a cast, by seq.
    private var receipts: [UInt64: Receipt] = [:]

    init(remote: RemoteElection, client: HTTPClient, url: String) {
        self.remote = remote
        self.client = client
        self.url = url
    }

    static let pinHelp = "pin the ledger key you trust: --ledger-fingerprint FP, the fingerprint the commission published (its website, the printed election notice; 'scrutineer verify' prints it as 'ledger key fingerprint'), or --ledger-key FILE, the ledger.vkey it published; without one, nothing the service says can be checked"

    /// The pin given on the command line: exactly one of `--ledger-key` and `--ledger-fingerprint`.
    static func pin(_ args: Arguments) throws -> LedgerKeyPin {
        switch (args.optional("ledger-key"), args.optional("ledger-fingerprint")) {
        case (let key?, nil):
            do {
                return .key(try TrustedLedgerKey.resolve(key).key)
            } catch let error as VerifierError {
                throw Arguments.UsageError(description: error.reason)
            }
        case (nil, let fingerprint?):
            do {
                return try LedgerKeyPin.fingerprint(published: fingerprint)
            } catch let error as ClientError {
                throw Arguments.UsageError(description: "--ledger-fingerprint: \(error.reason)")
            }
        case (nil, nil):
            throw Arguments.UsageError(description: "--server needs a pinned ledger key: \(pinHelp)")
        default:
            throw Arguments.UsageError(description: "give --ledger-key or --ledger-fingerprint, not both")
        }
    }

    /// The witnesses to require: every `--witness-key VKEY-or-FILE` (the key string, or a file
    /// holding it), `--witnesses-required K` of them (default: all).
    static func witnessPolicy(_ args: Arguments) throws -> WitnessPolicy {
        let keys = try args.all("witness-key").map { given -> String in
            if (try? NoteVerifier(verifierKey: given)) != nil || !FileManager.default.fileExists(atPath: given) { return given }
            let text = String(decoding: try Files.read(given, limit: 4096), as: UTF8.self)
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var required: Int?
        if let count = args.optional("witnesses-required") {
            guard let parsed = Int(count), parsed >= 1 else {
                throw Arguments.UsageError(description: "--witnesses-required '\(Console.safe(count))': give how many of the --witness-key witnesses must have cosigned (1 or more)")
            }
            guard !keys.isEmpty else {
                throw Arguments.UsageError(description: "--witnesses-required needs the witnesses' keys: add --witness-key VKEY-or-FILE per witness")
            }
            required = parsed
        }
        do {
            return try WitnessPolicy(keys: keys, required: required)
        } catch let error as ClientError {
            throw Arguments.UsageError(description: "--witness-key: \(error.reason)")
        }
    }

    /// Refuses `--server http://` to a host that is not this machine unless `--insecure-http`
    /// (before anything is read or sent; an URL that does not parse is left to ``connect(_:walletElection:)``).
    static func requireConfidential(_ args: Arguments) throws {
        guard let server = args.optional("server"), let url = try? HTTPURL(server) else { return }
        do {
            try RemoteConnection.requireConfidential(url, insecureHTTP: args.has("insecure-http"))
        } catch let error as ClientError {
            throw Arguments.UsageError(description: error.reason)
        }
    }

    /// The options every `--server` command takes beside `--server`.
    static let valuedOptions: Set<String> = ["server", "election", "ledger-key", "ledger-fingerprint", "cacert", "witness-key", "witnesses-required"]

    /// The client for `--server` (with `--cacert` for https), for the election named by
    /// `--election`, else the wallet's, else the letter's, else the service's only one.
    static func connect(_ args: Arguments, walletElection: () throws -> String?) throws -> (RemoteElection, HTTPClient) {
        let server = try args.required("server")
        let pin = try pin(args)
        let witnesses = try witnessPolicy(args)
        let client: HTTPClient
        do {
            client = try RemoteConnection.client(baseURL: server, caFile: args.optional("cacert"))
            try RemoteConnection.requireConfidential(client.url, insecureHTTP: args.has("insecure-http"))
        } catch let error as ClientError {
            throw Arguments.UsageError(description: error.reason)
        }
        if witnesses.isEmpty { Console.progress(WitnessPolicy.noWitnessWarning) }
        var electionID = args.optional("election")
        if electionID == nil { electionID = try walletElection() }
        if electionID == nil, let letter = args.optional("letter") { electionID = try VoterLetterFile.read(letter).electionID }
        if electionID == nil {
            let listed = try RemoteElection.electionIDs(client: client)
            guard listed.count == 1 else {
                throw Arguments.UsageError(description: "the service at \(Console.safe(server)) serves \(listed.isEmpty ? "no election" : "the elections \(listed.map(Console.safe).joined(separator: ", "))"): name yours with --election ID")
            }
            electionID = listed[0]
        }
        do {
            return (try RemoteElection(client: client, electionID: electionID ?? "", pin: pin, witnesses: witnesses), client)
        } catch let error as ClientError {
            throw Arguments.UsageError(description: "--election: \(error.reason)")
        }
    }

    static func open(args: Arguments, walletPath: String) throws -> RemoteVoting {
        let (remote, client) = try connect(args) { try VoterWallet.read(from: walletPath)?.electionID }
        return RemoteVoting(remote: remote, client: client, url: try args.required("server"))
    }

    var electionID: String? { remote.electionID }
    var server: String? { url }
    func verifiedLedgerKey() throws -> String? { try remote.ledgerKey().verifierKey }

    func requireOpen() throws {
        // Informative (the service refuses out of phase anyway): fails early with a clear message.
        let phase = try remote.phase()
        guard phase == "open" else {
            throw ServiceError(.wrongPhase, "voting is not open: the service says election '\(remote.electionID)' is in phase '\(Console.safe(phase))'")
        }
    }

    func context() throws -> ElectionContext { try remote.context().context }

    /// The pinned witnesses whose cosignature on `checkpoint` verifies.
    func witnessCosigners(_ checkpoint: String) -> [String] {
        guard let key = try? remote.ledgerKey() else { return [] }
        return remote.witnesses.cosigners(of: checkpoint, ledgerKey: key)
    }

    func voterDistrict(pseudonym: Pseudonym, activationCode: String) throws -> String {
        try remote.voterDistrict(pseudonym: pseudonym, activationCode: activationCode)
    }

    func issueToken(pseudonym: Pseudonym, activationCode: String, district: String, blindedMessage: [UInt8]) throws -> [UInt8] {
        try remote.issueToken(pseudonym: pseudonym, activationCode: activationCode, district: district, blindedMessage: blindedMessage)
    }

    /// A ballot goes over a new connection, not the one that carried the token request: the
    /// service cannot link them by connection (it still sees the address; SECURITY.md).
    func cast(_ ballot: Ballot) throws -> RecordedBallot {
        client.close()
        let receipt = try remote.cast(ballot)
        receipts[receipt.seq] = receipt
        return RecordedBallot(seq: receipt.seq, spoiled: false, trackingCode: receipt.trackingCode.bytes)
    }

    func spoil(_ spoiled: SpoiledBody) throws -> RecordedBallot {
        client.close()
        return try remote.spoil(spoiled)
    }

    func recordedBallot(signature: [UInt8]) throws -> RecordedBallot? { try remote.recordedBallot(signature: signature) }

    func recordedBallots(credential: [UInt8]) throws -> [RecordedBallot] { try remote.recordedBallots(credential: credential) }

    func receipt(seq: UInt64, trackingCode: [UInt8]) throws -> Receipt {
        if let receipt = receipts[seq], receipt.trackingCode.bytes == trackingCode { return receipt }
        let receipt = try remote.receipt(trackingCode: trackingCode)
        guard receipt.seq == seq else {
            throw ClientError(ClientError.untrusted, "the service's receipt for \(Ballot.shortTrackingCode(trackingCode)) names entry \(receipt.seq), not \(seq)")
        }
        return receipt
    }

    func spoiledBallot(seq: UInt64, trackingCode: [UInt8]) throws -> SpoiledBody {
        try remote.spoiledBallot(seq: seq, trackingCode: trackingCode)
    }
}
