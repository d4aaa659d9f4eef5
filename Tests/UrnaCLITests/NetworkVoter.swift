import Foundation
import UrnaClient
import UrnaCrypto
import UrnaRecord

/// One voter of a CLI-built election voting through the network client library (`UrnaClient`,
/// the code behind `urna vote --server`), for tests that need many voters at once.
struct NetworkVoter: Sendable {
    let voter: Int
    let pseudonym: Pseudonym
    let code: String
    var district: String { CLIElection.district(of: voter) }

    /// Every voter's letter, from the registrar's `letters.csv`.
    static func all(_ election: CLIElection) throws -> [NetworkVoter] {
        let csv = try String(contentsOf: election.root.appendingPathComponent("letters.csv"), encoding: .utf8)
        return try csv.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",").map(String.init)
            guard fields.count == 4, let number = Int(fields[0].dropFirst()), let pseudonym = Pseudonym(typed: fields[2]) else {
                throw CLI.Failure(description: "letters.csv line '\(line)'")
            }
            return NetworkVoter(voter: number, pseudonym: pseudonym, code: fields[3])
        }
    }

    /// The remote election on its own connection, pinned to `ledgerKey`.
    static func remote(_ url: String, ledgerKey: String) throws -> RemoteElection {
        try RemoteElection(client: RemoteConnection.client(baseURL: url, caFile: nil), electionID: "cli-2026",
                           pin: LedgerKeyPin.key(verifierKey: ledgerKey))
    }

    /// A token obtained blindly over the network, with its request (credential).
    func token(_ remote: RemoteElection) throws -> (TokenRequest, Ballot.Token) {
        let context = try remote.context().context
        guard let key = context.tokenKeys[district] else { throw CLI.Failure(description: "no token key for \(district)") }
        let request = try TokenRequest.make(electionID: "cli-2026", district: district, tokenKey: key)
        return (request, try remote.token(for: request, pseudonym: pseudonym, activationCode: code))
    }

    /// An encrypted, signed ballot for `mayor` (and nothing else).
    func ballot(_ remote: RemoteElection, token: (TokenRequest, Ballot.Token), mayor: String) throws -> Ballot {
        try BallotBuilder.encrypt(election: remote.context().context, district: district, choices: ["mayor": [mayor]],
                                  credential: token.0.credential, token: token.1).0
    }
}

/// Values gathered from many threads.
final class Gathered<T>: @unchecked Sendable {
    private var items: [T] = []
    private let lock = NSLock()
    func append(_ item: T) { lock.withLock { items.append(item) } }
    var all: [T] { lock.withLock { items } }
}

/// Runs `body(i)` for `count` threads released together, and waits for all of them.
func simultaneously(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    let gate = NSCondition()
    nonisolated(unsafe) var open = false
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            gate.lock()
            while !open { gate.wait() }
            gate.unlock()
            body(index)
            group.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    usleep(100_000)
    gate.lock()
    open = true
    gate.broadcast()
    gate.unlock()
    group.wait()
}
