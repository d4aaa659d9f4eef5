import UrnaCrypto
import UrnaRecord

extension ElectionService {
    /// Records trustee `i`'s pledge (`Specs/election-record.md` §4.2a) after checking its identity
    /// signature. The first one moves the election from setup into the key ceremony (a
    /// `ceremony` entry). Refused once any commitment is recorded (pledges must all come first)
    /// and for a second, different pledge of the same trustee. Returns false, and records
    /// nothing, when the very same pledge is already recorded.
    @discardableResult
    public func importPledge(_ body: TrusteePledgeBody) throws -> Bool {
        try adminLock.withLock {
            let (election, bytes, repeated) = try lock.withLock { () throws -> (ElectionBody, [UInt8], Bool) in
                try state.require([.setup, .keyCeremony], for: "import a trustee pledge")
                guard let election = state.electionBody else { throw ServiceError(.noElection, "no election entry") }
                if state.pledges[body.trustee] == body { return (election, [], true) }
                guard state.pledges[body.trustee] == nil else {
                    throw ServiceError(.duplicateTrusteeMessage, "trustee \(body.trustee) has already pledged")
                }
                guard state.commitments.isEmpty, state.jointKey == nil else {
                    throw ServiceError(.wrongPhase,
                                       "commitments are already being revealed (trustee(s) \(state.commitments.keys.sorted().map(String.init).joined(separator: ", "))), so no trustee may pledge any more; this election cannot complete its key ceremony with trustee \(body.trustee): create a new election")
                }
                return (election, state.electionBodyBytes, false)
            }
            guard !repeated else { return false }
            let setupDigest = ElectionBody.setupDigest(bodyBytes: bytes)
            try Self.requireIdentity(body, election: election, setupDigest: setupDigest)
            guard body.commitmentsHash.bytes.count == 32 else {
                throw ServiceError(.invalidInput, "trustee pledge refused: commitments_hash is not 32 bytes; ask trustee \(body.trustee) for the file 'urna trustee pledge' wrote")
            }
            // The first pledge moves the election from setup into the key ceremony.
            if lock.withLock({ state.phase == .setup }) { try enter(.ceremony, from: [.setup], action: "begin the key ceremony") }
            try append(.trusteePledge, body, checkpoint: true)
            return true
        }
    }

    /// Records trustee `i`'s commitments, proof and encrypted shares, once every trustee has
    /// pledged and only if they are the commitments `i` pledged (§4.2a, §4.3). Returns false,
    /// and records nothing, when the very same commitment is already recorded (a repeated
    /// import, e.g. after an interrupt, is harmless).
    @discardableResult
    public func importCommitment(_ body: TrusteeCommitmentBody) throws -> Bool {
        try adminLock.withLock {
            let (election, bytes, repeated, pledges) = try lock.withLock {
                () throws -> (ElectionBody, [UInt8], Bool, [Int: TrusteePledgeBody]) in
                try state.require([.keyCeremony], for: "import a trustee commitment")
                guard let election = state.electionBody else { throw ServiceError(.noElection, "no election entry") }
                guard state.jointKey == nil else {
                    throw ServiceError(.wrongPhase, "the joint key is already published; commitments are closed")
                }
                if state.commitments[body.trustee] == body { return (election, [], true, [:]) }
                guard state.commitments[body.trustee] == nil else {
                    throw ServiceError(.duplicateTrusteeMessage, "trustee \(body.trustee) has already committed")
                }
                return (election, state.electionBodyBytes, false, state.pledges)
            }
            guard !repeated else { return false }
            let setupDigest = ElectionBody.setupDigest(bodyBytes: bytes)
            try Self.requireIdentity(body, election: election, setupDigest: setupDigest)
            let unpledged = election.trustees.filter { pledges[$0.index] == nil }
            guard unpledged.isEmpty else {
                throw ServiceError(.incomplete,
                                   "trustee commitment refused: trustee(s) \(Self.named(unpledged)) have not pledged yet, and no commitment is revealed before every pledge is in: each runs `urna trustee pledge --key KEYFILE --record DIR --out PLEDGE.json`, then the commission runs `urna trustee import --dir DIR PLEDGE.json`")
            }
            let hash = TrusteePledgeBody.commitmentsHash(setupDigest: setupDigest, trustee: body.trustee, commitments: body.commitments)
            guard pledges[body.trustee]?.commitmentsHash.bytes == hash else {
                throw ServiceError(.invalidInput,
                                   "trustee commitment refused: the commitments of trustee \(body.trustee) are not the ones it pledged; it must reveal exactly its pledged polynomial (`urna trustee commit` with the key file that made the pledge)")
            }
            try Self.wrap("trustee commitment refused") {
                try CeremonyCheck.verifyCommitment(body, election: election, setupDigest: setupDigest)
            }
            try append(.trusteeCommitment, body, checkpoint: true)
            return true
        }
    }

    /// Refuses a trustee message whose identity signature fails (`Specs/crypto.md` §6), naming
    /// the trustee and what to do.
    static func requireIdentity<Body: TrusteeSignedBody>(_ body: Body, election: ElectionBody, setupDigest: [UInt8]) throws {
        do {
            try body.verifyIdentitySignature(election: election, setupDigest: setupDigest)
        } catch let error as RecordError {
            throw ServiceError(.badIdentitySignature,
                               "\(Body.entryKind.rawValue) refused: \(error.reason). Accept only the file the trustee's own 'urna trustee' command wrote, from the trustee in person; check with the trustee that the fingerprint of its identity key is the one in the election")
        }
    }

    /// True when this very check (and so its complaints) is already in the record.
    public func isRecorded(_ message: TrusteeCheckMessage) -> Bool {
        lock.withLock { state.checks[message.check.trustee] == message.check }
    }

    /// Records a trustee's complaint after checking its proof; whether it is upheld is decided
    /// (by anyone) from the record. Returns whether it is upheld.
    @discardableResult
    public func importComplaint(_ body: ComplaintBody) throws -> Bool {
        try adminLock.withLock {
            let (election, bytes, accused) = try lock.withLock { () throws -> (ElectionBody, [UInt8], TrusteeCommitmentBody?) in
                try state.require([.keyCeremony], for: "import a complaint")
                guard state.jointKey == nil else { throw ServiceError(.wrongPhase, "the joint key is already published") }
                guard let election = state.electionBody else { throw ServiceError(.noElection, "no election entry") }
                guard !state.complaints.contains(where: { $0.accuser == body.accuser && $0.accused == body.accused }) else {
                    throw ServiceError(.duplicateTrusteeMessage, "trustee \(body.accuser) already complained about trustee \(body.accused)")
                }
                guard state.commitments[body.accuser] != nil else {
                    throw ServiceError(.incomplete, "trustee \(body.accuser) has no commitment of its own yet; it cannot complain")
                }
                guard state.checks[body.accuser] == nil else {
                    throw ServiceError(.wrongPhase, "trustee \(body.accuser) already filed its check, which closes its complaints")
                }
                return (election, state.electionBodyBytes, state.commitments[body.accused])
            }
            guard let accused else {
                throw ServiceError(.incomplete, "trustee \(body.accused) has no commitment to complain about")
            }
            try Self.requireIdentity(body, election: election, setupDigest: ElectionBody.setupDigest(bodyBytes: bytes))
            let upheld = try Self.wrap("complaint refused") {
                try CeremonyCheck.judge(body, accusedCommitment: accused, election: election,
                                        setupDigest: ElectionBody.setupDigest(bodyBytes: bytes))
            }
            try append(.complaint, body, checkpoint: true)
            return upheld
        }
    }

    /// Records a trustee's check (`Specs/election-record.md` §4.4a) with its complaints: each
    /// complaint not yet recorded is checked and judged and appended first, then the check, whose
    /// signature and complaint list are checked as a verifier would. Returns the complaints with
    /// whether each is upheld. Refused before every trustee has committed, for a second check of
    /// the same trustee, or when the message's complaints are not the check's.
    @discardableResult
    public func importCheck(_ message: TrusteeCheckMessage) throws -> [(complaint: ComplaintBody, upheld: Bool)] {
        try adminLock.withLock {
            let check = message.check, j = message.check.trustee
            let (election, bytes, commitments, recorded) = try lock.withLock {
                () throws -> (ElectionBody, [UInt8], [Int: TrusteeCommitmentBody], [ComplaintBody]) in
                try state.require([.keyCeremony], for: "import a trustee check")
                guard state.jointKey == nil else { throw ServiceError(.wrongPhase, "the joint key is already published; checks are closed") }
                guard let election = state.electionBody else { throw ServiceError(.noElection, "no election entry") }
                guard state.checks[j] == nil else {
                    throw ServiceError(.duplicateTrusteeMessage, "trustee \(j) has already filed its check")
                }
                return (election, state.electionBodyBytes, state.commitments, state.complaints.filter { $0.accuser == j })
            }
            guard message.complaints.allSatisfy({ $0.accuser == j }),
                  message.complaints.map(\.accused).sorted() == check.complaints else {
                throw ServiceError(.invalidInput,
                                   "the check of trustee \(j) lists complaints against \(check.complaints), but the message carries complaints \(message.complaints.map { "\($0.accuser)→\($0.accused)" }); run `urna trustee check` again for a consistent message")
            }
            let unlisted = recorded.filter { !message.complaints.contains($0) }.map(\.accused)
            guard unlisted.isEmpty else {
                throw ServiceError(.invalidInput,
                                   "the record already holds complaints of trustee \(j) against \(unlisted) that this check's message does not carry; import the message `urna trustee check` wrote for this record")
            }
            let setupDigest = ElectionBody.setupDigest(bodyBytes: bytes)
            try Self.requireIdentity(check, election: election, setupDigest: setupDigest)
            var judged: [(complaint: ComplaintBody, upheld: Bool)] = []
            for complaint in message.complaints {
                try Self.requireIdentity(complaint, election: election, setupDigest: setupDigest)
                guard let accused = commitments[complaint.accused] else {
                    throw ServiceError(.incomplete, "trustee \(complaint.accused) has no commitment to complain about")
                }
                let upheld = try Self.wrap("complaint refused") {
                    try CeremonyCheck.judge(complaint, accusedCommitment: accused, election: election, setupDigest: setupDigest)
                }
                judged.append((complaint, upheld))
            }
            try Self.wrap("trustee check refused") {
                var bodies: [Int: [UInt8]] = [:]
                for (index, body) in commitments { bodies[index] = try CanonicalJSON.encode(body) }
                try CeremonyCheck.verifyCheck(check, election: election, setupDigest: setupDigest, commitmentBodies: bodies,
                                              complaintsFiled: Set(message.complaints.map(\.accused)))
            }
            for complaint in message.complaints where !recorded.contains(complaint) {
                try append(.complaint, complaint)
            }
            try append(.trusteeCheck, check, checkpoint: true)
            return judged
        }
    }

    /// "2 ('t2'), 3 ('t3')".
    static func named(_ trustees: [ElectionBody.Trustee]) -> String {
        trustees.map { "\($0.index) ('\(TerminalText.escaped($0.name))')" }.joined(separator: ", ")
    }

    /// Computes and publishes the joint key once every trustee has committed and filed its check,
    /// excluding trustees against whom a complaint is upheld.
    public func publishJointKey() throws -> JointKeyBody {
        try adminLock.withLock {
            let (election, bytes, commitments, complaints, checks) = try lock.withLock {
                () throws -> (ElectionBody, [UInt8], [Int: TrusteeCommitmentBody], [ComplaintBody], [Int: TrusteeCheckBody]) in
                try state.require([.keyCeremony], for: "publish the joint key")
                guard state.jointKey == nil else { throw ServiceError(.duplicateTrusteeMessage, "the joint key is already published") }
                guard let election = state.electionBody else { throw ServiceError(.noElection, "no election entry") }
                return (election, state.electionBodyBytes, state.commitments, state.complaints, state.checks)
            }
            let missing = election.trustees.filter { commitments[$0.index] == nil }
            guard missing.isEmpty else {
                throw ServiceError(.incomplete,
                                   "waiting for the commitments of trustee(s) \(Self.named(missing)): each runs `urna trustee commit --key KEYFILE --record DIR --out COMMIT.json`, then the commission runs `urna trustee import --dir DIR COMMIT.json`")
            }
            let unchecked = election.trustees.filter { checks[$0.index] == nil }
            guard unchecked.isEmpty else {
                throw ServiceError(.incomplete,
                                   "waiting for the checks of trustee(s) \(Self.named(unchecked)): each runs `urna trustee check --key KEYFILE --record DIR --out CHECK.json` and sends CHECK.json (complaints or none), then the commission runs `urna trustee import --dir DIR CHECK.json`")
            }
            let setupDigest = ElectionBody.setupDigest(bodyBytes: bytes)
            var disqualified = Set<Int>()
            for complaint in complaints {
                guard let accused = commitments[complaint.accused] else { continue }
                let upheld = try Self.wrap("judging a complaint") {
                    try CeremonyCheck.judge(complaint, accusedCommitment: accused, election: election, setupDigest: setupDigest)
                }
                if upheld { disqualified.insert(complaint.accused) }
            }
            let body = try Self.wrap("joint key") {
                try CeremonyCheck.jointKey(election: election, commitments: commitments, disqualified: disqualified)
            }
            try append(.jointKey, body, checkpoint: true)
            return body
        }
    }

    /// Opens voting (publishing the joint key first if needed).
    public func openVoting() throws {
        try adminLock.withLock {
            if lock.withLock({ state.phase == .keyCeremony && state.jointKey == nil }) { _ = try publishJointKey() }
            try lock.withLock {
                try state.require([.keyCeremony], for: "open the election")
                guard state.jointKey != nil else { throw ServiceError(.incomplete, "the joint key is not published") }
            }
            let incomplete = incompleteRoll()
            guard incomplete.isEmpty else {
                let list = incomplete.map { "'\($0.district)' has \($0.onRoll) of \($0.announced)" }.joined(separator: ", ")
                throw ServiceError(.incomplete, "the voter roll is not complete (\(list)); import the registrar's roll first: urna roll import --dir DIR ROLL.json")
            }
            try enter(.open, from: [.keyCeremony], action: "open the election")
        }
    }
}
