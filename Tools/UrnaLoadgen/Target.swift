import Foundation
import UrnaClient
import UrnaHTTP
import UrnaLedger
import UrnaRecord

/// The served election under load: its service URL, election id and pinned ledger key, with the
/// context checked once (signed by the pinned key, voting open) before anything is timed.
struct Target: Sendable {
    let server: String
    let electionID: String
    let pin: LedgerKeyPin
    let context: VerifiedContext

    var ballotsPath: String { "/v1/elections/\(electionID)/ballots" }

    /// `url` is the service (`http://127.0.0.1:8080`) or the election on it
    /// (`…/v1/elections/ID`); the election id comes from there, else `electionID`, else the
    /// service's only election.
    static func connect(url: String, electionID given: String?, pin: LedgerKeyPin, timeout: Double) throws -> Target {
        var server = url
        var electionID = given
        if let range = url.range(of: "/v1/elections/") {
            server = String(url[..<range.lowerBound])
            let named = String(url[range.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if let given, given != named {
                throw UsageError("--server names election '\(safe(named))' but --election is '\(safe(given))'")
            }
            electionID = named
        }
        while server.hasSuffix("/") { server.removeLast() }
        let client = try makeClient(server, timeout: timeout)
        if electionID == nil {
            let listed = try RemoteElection.electionIDs(client: client)
            guard listed.count == 1 else {
                throw UsageError("the service at \(safe(server)) serves \(listed.isEmpty ? "no election" : "the elections \(listed.map(safe).joined(separator: ", "))"): name one with --election ID")
            }
            electionID = listed[0]
        }
        let remote = try RemoteElection(client: client, electionID: electionID ?? "", pin: pin)
        let context = try remote.context()
        let phase = try remote.phase()
        guard phase == "open" else {
            throw LoadgenError("voting is not open: the service says election '\(safe(remote.electionID))' is in phase '\(safe(phase))'")
        }
        client.close()
        return Target(server: server, electionID: remote.electionID, pin: .key(context.ledgerKey), context: context)
    }

    /// A fresh client (its own keep-alive connection) to the service.
    static func makeClient(_ server: String, timeout: Double) throws -> HTTPClient {
        try RemoteConnection.client(baseURL: server, caFile: nil, timeout: timeout)
    }

    /// A voter's client of this election on its own connection (the context is not fetched again).
    func remote(timeout: Double) throws -> (RemoteElection, HTTPClient) {
        let client = try Self.makeClient(server, timeout: timeout)
        return (try RemoteElection(client: client, electionID: electionID, pin: pin), client)
    }

    var ledgerVerifier: CheckpointVerifier {
        get throws { try CheckpointVerifier(verifierKey: context.ledgerKey) }
    }
}

/// The pin from `--ledger-key KEY-or-FILE` or `--ledger-fingerprint FP` (exactly one).
func ledgerPin(key: String?, fingerprint: String?) throws -> LedgerKeyPin {
    switch (key, fingerprint) {
    case (let given?, nil):
        var text = given
        if (try? CheckpointVerifier(verifierKey: given)) == nil {
            guard let data = FileManager.default.contents(atPath: given), data.count <= 4096 else {
                throw UsageError("--ledger-key '\(safe(String(given.prefix(200))))' is neither a ledger verifier key nor a readable ledger.vkey file")
            }
            text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        do {
            return try LedgerKeyPin.key(verifierKey: text)
        } catch let error as ClientError {
            throw UsageError("--ledger-key: \(error.reason)")
        }
    case (nil, let given?):
        do {
            return try LedgerKeyPin.fingerprint(published: given)
        } catch let error as ClientError {
            throw UsageError("--ledger-fingerprint: \(error.reason)")
        }
    case (nil, nil):
        throw UsageError("pin the election's ledger key: --ledger-key FILE-or-KEY (its ledger.vkey) or --ledger-fingerprint FP")
    default:
        throw UsageError("give --ledger-key or --ledger-fingerprint, not both")
    }
}
