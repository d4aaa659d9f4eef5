import Foundation
import UrnaVerifier

/// Parameters of a demo election.
public struct DemoOptions: Sendable {
    public var voters = 300
    public var districts = 3
    public var trustees = 3
    public var threshold = 2
    public var revoting = false
    /// Where the record is left; a temporary directory when nil.
    public var directory: URL?
    /// RSA token key size (3072 in real use; tests use 2048 for speed).
    public var tokenKeyBits = 3072
    /// Voter threads: 8 per core by default. Each voter mostly waits for its entries' durable
    /// commits, so many more threads than cores let the ledger commit many entries per `fsync`.
    public var workers = 8 * ProcessInfo.processInfo.activeProcessorCount
    /// `--server`: the voters vote over HTTP against the service on loopback, with two witnesses.
    public var server = false
    /// Concurrent HTTP clients with `server`, each its own thread and connection.
    public var clients = 16

    public init() {}

    func validate() throws {
        guard (1...1_000_000).contains(voters) else { throw DemoError("--voters must be in 1...1000000") }
        guard (1...26).contains(districts) else { throw DemoError("--districts must be in 1...26") }
        guard (1...16).contains(trustees) else { throw DemoError("--trustees must be in 1...16") }
        guard (1...trustees).contains(threshold) else { throw DemoError("--threshold must be in 1...\(trustees)") }
        guard (1...256).contains(clients) else { throw DemoError("--clients must be in 1...256") }
    }
}

/// A demo that went wrong: a refusal that did not happen, a result that does not match.
public struct DemoError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// What happened, for printing and for tests.
public struct DemoOutcome: Sendable {
    public let directory: URL
    /// District → contest → candidate → count, as the voters chose (ballots that must count).
    public let expected: [String: [String: [String: Int]]]
    public let published: [String: [String: [String: Int]]]
    public let ballotsCast: Int
    public let spoiled: Int
    public let revotes: Int
    /// Invalid attempts, each refused with the expected code: (what, code).
    public let refusals: [(attempt: String, code: String)]
    public let absentTrustees: [Int]
    /// The registrar's identity key fingerprint.
    public let registrarFingerprint: String
    /// Per district, as scrutineer found it: roll size, tokens issued, ballots counted.
    public let districts: [(district: String, roll: Int, issued: Int, counted: Int)]
    /// Two voters' own checks: one who never voted (no token), one who voted (one token).
    public let voterChecks: [LetterCheck]
    public let resultText: String
    /// `scrutineer verify` on the record the demo left: `election.db`, then `ledger.jsonl`.
    public let verification: [(record: String, valid: Bool, matchesExpected: Bool, summary: String)]
    /// With `--server`: what the voters, the witnesses and `scrutineer verify URL` showed.
    public var server: DemoServerReport? = nil
}
