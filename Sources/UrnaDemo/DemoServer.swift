import Foundation
import UrnaAPI
import UrnaClient
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaObserver
import UrnaRecord
import UrnaVerifier

/// What `urna demo --server` showed on the network.
public struct DemoServerReport: Sendable {
    public let serviceURL: String
    public let ledgerFingerprint: String
    public let clients: Int
    public let voters: Int
    /// Seconds the voters took, from the first token request to the last checked receipt.
    public let votingSeconds: Double
    public let receipts: Int
    /// Receipts whose checkpoint carries a valid cosignature from every witness.
    public let receiptsCosigned: Int
    /// Spoiled ballots their voters fetched back from the signed record over HTTP and found
    /// exactly as they made them (ciphertexts, and nonces opening them).
    public let spoiledAudited: Int
    /// Each witness's C2SP verifier key, and the size it last cosigned (from its state file).
    public let witnessKeys: [String]
    public let witnessSizes: [UInt64]
    public let witnessStates: [URL]
    /// The size of the last checkpoint of the voting period, cosigned by every witness.
    public let finalSize: UInt64
    /// `scrutineer verify URL` before the service stopped.
    public let verificationValid: Bool
    public let verificationSummary: String
    /// The attempts sent over HTTP (the others stay in process: see ``localOnly``).
    public let refusedOverHTTP: [String]
    public static let localOnly = "the key ceremony's refusals and the ballot after the close stay in process: they are the commission's and the trustees' own commands, never network requests"

    /// Ballots (cast and re-cast) per second over the voting period.
    public var ballotsPerSecond: Double { votingSeconds > 0 ? Double(receipts) / votingSeconds : 0 }
}

/// `urna demo --server`: with the election open in `directory` (and no service holding it),
/// starts two witnesses and the service on loopback, runs the voters as concurrent HTTP
/// clients, sends the attackers' attempts over HTTP, has the last checkpoint cosigned, verifies
/// the record over HTTP as `scrutineer verify URL` does, and stops everything. The service
/// flushes and closes the election when it stops, so the caller can reopen it.
enum DemoServer {
    static let witnessCount = 2

    struct Outcome {
        let report: DemoServerReport
        let book: DemoTally
        let refusals: [(attempt: String, code: String)]
    }

    static func run(directory: URL, ledgerKey: String, electionID: String, letters: [VoterLetter], revoting: Bool,
                    clients: Int, progress: DemoElection.Progress) throws -> Outcome {
        let events = EventLog()
        let witnesses = try DemoWitnesses(count: witnessCount, ledgerKey: ledgerKey, parent: directory, log: events.add)
        defer { witnesses.stop() }
        progress.step("witnesses listening on \(witnesses.witnesses.map(\.url).joined(separator: ", ")); each checks the whole record before it cosigns")

        var configuration = APIService.Configuration()
        configuration.http.host = "127.0.0.1"
        configuration.http.port = 0
        configuration.http.maxConnections = max(64, clients * 2 + 8)
        // A cast holds its worker until both witnesses cosigned, and each witness first fetches the
        // new entries from this same server: with every worker holding a cast, the witnesses'
        // fetches would wait until the cosignature wait runs out. Keep workers free for them.
        configuration.http.workers = clients + 8
        // Every demo client comes from 127.0.0.1: the per-address rate limit would throttle them.
        configuration.limits.ratePerSecond = 1_000_000
        configuration.limits.burst = 1_000_000
        configuration.witnesses = witnesses.specs
        // A receipt waits for both witnesses, which verify the new entries first: be patient.
        configuration.witnessWait = 60
        configuration.witnessInterval = 0.2
        let service = try APIService(directories: [directory], configuration: configuration, log: events.add, progress: progress.step)
        defer { service.stop() }
        let serviceURL = "http://127.0.0.1:\(service.port)"
        let electionURL = "\(serviceURL)/v1/elections/\(electionID)"
        try witnesses.connect(serviceURL: electionURL)
        let fingerprint = LedgerKeyPin.fingerprint(of: ledgerKey)
        let pin = try LedgerKeyPin.fingerprint(published: fingerprint)
        progress.step("service listening on \(serviceURL), pushing its checkpoints to both witnesses; voters pin the ledger key fingerprint \(fingerprint)")

        let voters = DemoNetworkVoters(serviceURL: serviceURL, electionID: electionID, pin: pin, witnesses: try witnesses.verifiers,
                                       letters: letters, revoting: revoting)
        let started = Date()
        try voters.run(clients: clients, progress: progress)
        let seconds = Date().timeIntervalSince(started)
        let figures = voters.receiptFigures
        guard figures.cosigned == figures.receipts else {
            throw DemoError("\(figures.receipts - figures.cosigned) of \(figures.receipts) receipts lack a witness's cosignature\(events.witnessLines)")
        }
        let counts = voters.book.counted
        progress.step("\(counts.cast) voter(s) cast over HTTP with \(clients) client(s) in \(String(format: "%.1f", seconds)) s; \(figures.receipts) receipt(s), each with both witnesses' cosignatures; now the attackers, over HTTP")

        let attacker = try voters.connect()
        defer { attacker.client.close() }
        let refusals = try DemoAttacks(box: RemoteBallotBox(remote: attacker.remote, client: attacker.client),
                                       context: try attacker.remote.context().context, voting: voters.book).run()

        let finalSize = try cosignFinalCheckpoint(service: service, client: attacker.client, remote: attacker.remote,
                                                  witnesses: try witnesses.verifiers, events: events)
        progress.step("the last checkpoint of the voting period (size \(finalSize)) is cosigned by both witnesses")
        progress.step("scrutineer verify \(electionURL): fetching the record over HTTP and verifying it")
        let report = try RemoteVerification.verify(url: electionURL, progress: { update in
            progress.bar("verify over HTTP", Int(update.entries), Int(update.totalEntries ?? update.entries))
        })
        guard report.isValid else { throw DemoError("scrutineer rejected the record served at \(electionURL):\n\(report.renderText())") }
        let summary = report.renderText().split(separator: "\n").last.map(String.init) ?? ""

        service.stop()
        witnesses.stop()
        let sizes = try witnesses.cosignedSizes()
        guard sizes.allSatisfy({ $0 == finalSize }) else {
            throw DemoError("the witnesses' state files hold sizes \(sizes), not the final cosigned size \(finalSize)")
        }
        return Outcome(
            report: DemoServerReport(
                serviceURL: serviceURL, ledgerFingerprint: fingerprint, clients: clients, voters: counts.cast, votingSeconds: seconds,
                receipts: figures.receipts, receiptsCosigned: figures.cosigned, spoiledAudited: figures.audited, witnessKeys: witnesses.witnesses.map(\.verifierKey),
                witnessSizes: sizes, witnessStates: witnesses.witnesses.map(\.state), finalSize: finalSize,
                verificationValid: report.isValid, verificationSummary: summary, refusedOverHTTP: refusals.map(\.attempt)),
            book: voters.book, refusals: refusals)
    }

    /// Publishes what is pending (the service's pause: pending issuances and a checkpoint, as an
    /// administrator's command would), then waits until the service serves that checkpoint with
    /// both witnesses' cosignatures (it pushes new checkpoints every `witnessInterval`).
    private static func cosignFinalCheckpoint(service: APIService, client: HTTPClient, remote: RemoteElection,
                                              witnesses: [NoteVerifier], events: EventLog) throws -> UInt64 {
        guard let host = service.hosts.first else { throw DemoError("the service serves no election") }
        guard try host.pause() else { throw DemoError("the election is already paused") }
        try host.resume()
        let size = try host.withService { $0.ledgerSize }
        let ledgerKey = try remote.ledgerKey()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let response = try client.get("/v1/elections/\(remote.electionID)/checkpoint")
            if response.status == 200,
               let verified = try? ledgerKey.verifyCosigned(String(decoding: response.body, as: UTF8.self), cosigners: witnesses,
                                                            quorum: witnesses.count),
               verified.checkpoint.size == size {
                return size
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw DemoError("the witnesses did not cosign the final checkpoint (size \(size)) within 120 s\(events.witnessLines)")
    }
}

/// The service's and the witnesses' log lines about witnesses, kept to explain a failure.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func add(_ line: String) {
        guard line.contains("witness") else { return }
        lock.withLock {
            lines.append(line)
            if lines.count > 20 { lines.removeFirst() }
        }
    }

    var witnessLines: String {
        let kept = lock.withLock { lines }
        return kept.isEmpty ? "" : ":\n" + kept.map { "  " + TerminalText.escaped($0) }.joined(separator: "\n")
    }
}
