import UrnaRecord

extension ElectionService {
    public struct Status: Sendable {
        public struct District: Sendable {
            public let id: String
            public let roll: Int
            public let issued: Int
        }

        public let electionID: String
        public let phase: Phase
        public let ledgerSize: UInt64
        public let trustees: Int
        public let trusteesCommitted: Int
        public let threshold: Int
        public let districts: [District]
        public let ballotsCast: Int
        public let spoiled: Int
    }

    public func status() throws -> Status {
        let roll = try rollCounts(), issued = try issuedCounts()
        return try lock.withLock { () throws -> Status in
            guard let body = state.electionBody else { throw ServiceError(.noElection, "no election entry") }
            return Status(
                electionID: body.manifest.electionID, phase: state.phase, ledgerSize: ledger.size,
                trustees: body.trustees.count, trusteesCommitted: state.commitments.count, threshold: body.threshold,
                districts: body.manifest.districts.map { .init(id: $0.id, roll: roll[$0.id] ?? 0, issued: issued[$0.id] ?? 0) },
                ballotsCast: state.ballotsCast, spoiled: state.spoiled)
        }
    }
}

/// Public-record bodies, for in-process trustees and clients (the same bytes are in the ledger).
extension ElectionService {
    /// The stored bytes of the `election` entry.
    public var electionBodyBytes: [UInt8] { lock.withLock { state.electionBodyBytes } }
    public var trusteeCommitments: [TrusteeCommitmentBody] {
        lock.withLock { state.commitments.keys.sorted().compactMap { state.commitments[$0] } }
    }
    public var jointKeyBody: JointKeyBody? { lock.withLock { state.jointKey } }
    public var tallyBody: TallyBody? { lock.withLock { state.tally } }
    public var result: ResultBody? { lock.withLock { state.result } }
}
