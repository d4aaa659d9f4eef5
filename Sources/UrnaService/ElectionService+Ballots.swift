import UrnaCrypto
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord

extension ElectionService {
    /// What a voter gets back for a cast ballot.
    public struct CastReceipt: Sendable, Hashable {
        public let seq: UInt64
        public let trackingCode: [UInt8]
        /// The hash of the ballot's entry (what the receipt's inclusion proof is for).
        public let entryHash: [UInt8]
        public var shortTrackingCode: String { Ballot.shortTrackingCode(trackingCode) }
    }

    /// Checks and records a ballot (`Specs/election-record.md` §5.5–§5.6). Refuses, with a specific
    /// code: wrong phase, malformed JSON or points, wrong election, unknown district, bad shape, bad
    /// token, token for another district, bad signature, bad proof, sum out of range, used credential.
    public func castBallot(json: [UInt8]) throws -> CastReceipt {
        let ballot = try Self.wrap("ballot") { try CanonicalJSON.decodeInput(Ballot.self, from: json) }
        return try castBallot(ballot)
    }

    /// - Parameter canonicalBody: the ballot's canonical encoding when the caller already has it
    ///   (a body read by ``Ballot/readCanonical(_:)``), stored as it is instead of encoding again.
    public func castBallot(_ ballot: Ballot, canonicalBody: [UInt8]? = nil) throws -> CastReceipt {
        try phaseGate.shared { try castWhileOpen(ballot, canonicalBody: canonicalBody) }
    }

    private func castWhileOpen(_ ballot: Ballot, canonicalBody: [UInt8]?) throws -> CastReceipt {
        let (context, revoting) = try lock.withLock { () throws -> (ElectionContext, Bool) in
            try state.require([.open], for: "cast a ballot")
            return (try state.requireContext(), state.manifest?.revoting ?? false)
        }
        try Self.wrap("ballot refused") { try checkBatched(ballot, in: context) }
        let credential = ballot.credential.bytes
        try reserve(credential, ballot: ballot) { used in
            guard revoting || used.ballots == 0 else {
                throw ServiceError(.credentialUsed, "this credential has already cast a ballot and re-voting is not allowed")
            }
        }
        defer { release(credential) }
        let entry = try append(.ballot, ballot, ballot: ballot, encoded: canonicalBody)
        return CastReceipt(seq: entry.seq, trackingCode: ballot.trackingCode, entryHash: entry.hash)
    }

    /// Records a spoiled (challenged) ballot with its revealed nonces, within the credential's limit.
    public func spoilBallot(_ spoiled: SpoiledBody) throws -> UInt64 {
        try phaseGate.shared { try spoilWhileOpen(spoiled) }
    }

    private func spoilWhileOpen(_ spoiled: SpoiledBody) throws -> UInt64 {
        let (context, limit) = try lock.withLock { () throws -> (ElectionContext, Int) in
            try state.require([.open], for: "spoil a ballot")
            return (try state.requireContext(), state.manifest?.spoilLimit ?? 0)
        }
        try Self.wrap("spoiled ballot refused") {
            try checkBatched(spoiled.ballot, in: context)
            // Re-encrypting with the revealed nonces is CPU work too: through the same gate.
            try CPUGate.process.run { try spoiled.checkNonces(jointKey: context.jointKey) }
        }
        let credential = spoiled.ballot.credential.bytes
        try reserve(credential, ballot: spoiled.ballot) { used in
            guard used.spoils < limit else {
                throw ServiceError(.spoilLimit, "this credential has spoiled \(used.spoils) ballots; the limit is \(limit)")
            }
        }
        defer { release(credential) }
        return try append(.spoiled, spoiled, ballot: spoiled.ballot).seq
    }

    /// Every check of §5.5: the token, the credential's signature and the proofs' challenges
    /// and ranges here, the proofs' group equations in a batch with concurrent ballots'.
    private func checkBatched(_ ballot: Ballot, in context: ElectionContext) throws {
        // The checks themselves one per core (CPUGate); the batch's equations after, outside the gate.
        let equations = try CPUGate.process.run {
            try BallotCheck.equations(ballot, in: context, diagnoseWrongDistrict: true)
        }
        try proofBatcher.check(equations)
    }

    /// Claims `credential` for one append after `check` approves its current use. A ballot
    /// already in the record (cast or spoiled) is a replay and is refused, and so is a ballot
    /// under a credential already used in another district (a credential belongs to one
    /// district for the whole election, `Specs/election-record.md` §5.6).
    private func reserve(_ credential: [UInt8], ballot: Ballot,
                         _ check: (CredentialUse) throws -> Void) throws {
        try lock.withLock {
            guard !state.ballotSignatures.contains(ballot.signature.bytes) else {
                throw ServiceError(.ballotReplayed, "this exact ballot is already in the record (cast or spoiled); encrypt a new one")
            }
            guard !reserved.contains(credential) else {
                throw ServiceError(.credentialUsed, "another ballot under this credential is being recorded")
            }
            let used = state.credentials[credential] ?? CredentialUse(district: ballot.district)
            guard used.district == ballot.district else {
                throw ServiceError(.credentialOtherDistrict,
                                   "this credential was already used in district '\(used.district)'; it cannot vote or spoil in '\(ballot.district)'")
            }
            try check(used)
            reserved.insert(credential)
        }
    }

    private func release(_ credential: [UInt8]) {
        lock.withLock { _ = reserved.remove(credential) }
    }

    /// Closes voting: publishes the remaining issuances, then the `close` entry and a checkpoint.
    public func closeVoting() throws {
        try phaseGate.exclusive {
            try adminLock.withLock {
                try lock.withLock { try state.require([.open], for: "close the election") }
                try flushIssuance()
                try enter(.close, from: [.open], action: "close the election")
            }
        }
    }
}

extension ElectionService {
    /// The voter's receipt for the ballot at `seq` (`Specs/election-record.md` §7): its inclusion
    /// proof under a signed checkpoint that covers it (one is signed now if none does yet).
    public func receipt(seq: UInt64) throws -> Receipt {
        try receipt(seq: seq, under: checkpoint(covering: seq))
    }

    /// The receipt of a ballot just cast, under `checkpoint`: its entry is not read back nor
    /// decoded again (the cast knows its seq, hash and tracking code).
    public func receipt(for cast: CastReceipt, under checkpoint: ServedCheckpoint) throws -> Receipt {
        guard checkpoint.size > cast.seq else {
            throw ServiceError(.internalFailure, "the checkpoint of size \(checkpoint.size) does not cover entry \(cast.seq)")
        }
        let proof = try inclusionProof(seq: cast.seq, size: checkpoint.size)
        let electionID = lock.withLock { state.manifest?.electionID ?? "" }
        return try Self.wrap("receipt") {
            try Receipt(electionID: electionID, trackingCode: cast.trackingCode, seq: cast.seq, entryHash: cast.entryHash,
                        checkpoint: checkpoint.note, inclusionProof: proof)
        }
    }
}
