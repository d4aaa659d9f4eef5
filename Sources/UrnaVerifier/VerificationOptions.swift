import Foundation

/// How to verify a record.
public struct VerificationOptions: Sendable {
    /// A ledger verifier key the observer trusts (obtained out of band). When set, the election
    /// entry's `ledger_key` must equal it; otherwise the election entry's key is used.
    public var trustedLedgerKey: String?
    /// Incremental verification: the directory holding the state of the last run
    /// (`Specs/verification.md` §5). Nil verifies from scratch and remembers nothing.
    public var stateDirectory: URL?
    /// Entries read per chunk; ballots of a chunk are verified in parallel. 512 verifies as fast
    /// as 1,024 did with 25 MB less in flight; 256 costs a fifth more CPU (`BENCHMARKS.md`, memory).
    public var chunkSize = 512
    /// Worker threads for ballot verification (default: every core).
    public var workers = Parallel.defaultWorkers
    /// Check proof equations in batches (random linear combination, bisected on failure). Off
    /// checks every equation singly: the same verdict, slower (a baseline for benchmarks).
    public var batchProofs = true
    /// At most this many failures are listed in the report (all are counted).
    public var maxReportedFailures = 1000

    public init() {}
}

/// Where a verification is, reported after each chunk.
public struct VerificationProgress: Sendable {
    /// Entries read so far.
    public let entries: UInt64
    /// The source's estimate of its size, if known.
    public let totalEntries: UInt64?
    /// Ballot and spoiled entries verified so far.
    public let ballots: Int
    public let elapsedSeconds: Double
    /// True while re-hashing entries verified by an earlier run (incremental mode).
    public let replaying: Bool
}
