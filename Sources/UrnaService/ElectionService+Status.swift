import UrnaRecord

extension ElectionService {
    public struct Status: Sendable {
        public struct District: Sendable {
            public let id: String
            public let roll: Int
            public let issued: Int
            /// Ballot entries naming this district (cast; before the tally not all of them need count).
            public let ballots: Int
            /// Spoiled (audited) ballots naming this district.
            public let spoiled: Int
        }

        /// A recorded complaint and how it was judged from the record (§4.4).
        public struct Complaint: Sendable, Hashable {
            public let accuser: Int
            public let accused: Int
            public let upheld: Bool
        }

        /// The key ceremony and the tally's decryption, trustee by trustee.
        public struct Ceremony: Sendable {
            /// The election's trustees, by index.
            public let trustees: [ElectionBody.Trustee]
            /// Trustees whose pledge is recorded, ascending.
            public let pledged: [Int]
            /// Trustees whose commitment is recorded, ascending.
            public let committed: [Int]
            /// Trustees whose check (no complaint, or its complaints) is recorded, ascending.
            public let checked: [Int]
            public let complaints: [Complaint]
            /// Trustees disqualified by an upheld complaint (once the joint key is out: those it
            /// does not count as qualified), ascending.
            public let disqualified: [Int]
            /// The joint key's qualified trustees, once it is published.
            public let qualified: [Int]?
            /// Trustees whose tally share is recorded, ascending.
            public let tallyShares: [Int]

            /// Trustees (from `indices`) not in `done`.
            public func missing(_ done: [Int], among indices: [Int]? = nil) -> [ElectionBody.Trustee] {
                let wanted = Set(indices ?? trustees.map(\.index))
                return trustees.filter { wanted.contains($0.index) && !done.contains($0.index) }
            }
        }

        public let electionID: String
        public let phase: Phase
        public let ledgerSize: UInt64
        public let trustees: Int
        public let trusteesCommitted: Int
        public let threshold: Int
        public let ceremony: Ceremony
        public let tallyPublished: Bool
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
                ceremony: ceremonyStatus(body), tallyPublished: state.tally != nil,
                districts: body.manifest.districts.map { .init(id: $0.id, roll: roll[$0.id] ?? 0, issued: issued[$0.id] ?? 0,
                                                              ballots: state.castByDistrict[$0.id] ?? 0, spoiled: state.spoiledByDistrict[$0.id] ?? 0) },
                ballotsCast: state.ballotsCast, spoiled: state.spoiled)
        }
    }

    /// The ceremony's progress; call under `lock`. Complaints are judged from the record as a
    /// verifier would (a complaint the service recorded was checked before, so judging succeeds).
    private func ceremonyStatus(_ election: ElectionBody) -> Status.Ceremony {
        let setupDigest = ElectionBody.setupDigest(bodyBytes: state.electionBodyBytes)
        let complaints = state.complaints.map { complaint -> Status.Complaint in
            let upheld = state.commitments[complaint.accused].flatMap {
                try? CeremonyCheck.judge(complaint, accusedCommitment: $0, election: election, setupDigest: setupDigest)
            } ?? false
            return Status.Complaint(accuser: complaint.accuser, accused: complaint.accused, upheld: upheld)
        }
        let disqualified: [Int]
        if let jointKey = state.jointKey {
            disqualified = election.trustees.map(\.index).filter { !jointKey.qualified.contains($0) }
        } else {
            disqualified = Set(complaints.filter(\.upheld).map(\.accused)).sorted()
        }
        return Status.Ceremony(
            trustees: election.trustees, pledged: state.pledges.keys.sorted(), committed: state.commitments.keys.sorted(), checked: state.checks.keys.sorted(),
            complaints: complaints, disqualified: disqualified, qualified: state.jointKey?.qualified,
            tallyShares: state.tallyShares.keys.sorted())
    }
}

/// Public-record bodies, for in-process trustees and clients (the same bytes are in the ledger).
extension ElectionService {
    /// The stored bytes of the `election` entry.
    public var electionBodyBytes: [UInt8] { lock.withLock { state.electionBodyBytes } }
    /// The recorded `trustee-pledge` bodies, by trustee ascending.
    public var trusteePledges: [TrusteePledgeBody] {
        lock.withLock { state.pledges.keys.sorted().compactMap { state.pledges[$0] } }
    }
    public var trusteeCommitments: [TrusteeCommitmentBody] {
        lock.withLock { state.commitments.keys.sorted().compactMap { state.commitments[$0] } }
    }
    /// The recorded `trustee-check` bodies, by trustee ascending.
    public var trusteeChecks: [TrusteeCheckBody] {
        lock.withLock { state.checks.keys.sorted().compactMap { state.checks[$0] } }
    }
    /// The recorded `complaint` bodies, in record order.
    public var complaints: [ComplaintBody] { lock.withLock { state.complaints } }
    public var jointKeyBody: JointKeyBody? { lock.withLock { state.jointKey } }
    public var tallyBody: TallyBody? { lock.withLock { state.tally } }
    public var result: ResultBody? { lock.withLock { state.result } }
}
