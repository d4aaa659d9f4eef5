import UrnaCrypto
import UrnaRecord

extension ElectionService {
    /// Records trustee `i`'s commitments, proof and encrypted shares. The first one moves the
    /// election from setup into the key ceremony (a `ceremony` entry and a checkpoint).
    public func importCommitment(_ body: TrusteeCommitmentBody) throws {
        try adminLock.withLock {
            let (election, bytes) = try lock.withLock { () throws -> (ElectionBody, [UInt8]) in
                try state.require([.setup, .keyCeremony], for: "import a trustee commitment")
                guard let election = state.electionBody else { throw ServiceError(.noElection, "no election entry") }
                guard state.jointKey == nil else {
                    throw ServiceError(.wrongPhase, "the joint key is already published; commitments are closed")
                }
                guard state.commitments[body.trustee] == nil else {
                    throw ServiceError(.duplicateTrusteeMessage, "trustee \(body.trustee) has already committed")
                }
                return (election, state.electionBodyBytes)
            }
            try Self.wrap("trustee commitment refused") {
                try CeremonyCheck.verifyCommitment(body, election: election, setupDigest: ElectionBody.setupDigest(bodyBytes: bytes))
            }
            // The first valid commitment moves the election from setup into the key ceremony.
            if lock.withLock({ state.phase == .setup }) { try enter(.ceremony, from: [.setup], action: "begin the key ceremony") }
            try append(.trusteeCommitment, body, checkpoint: true)
        }
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
                return (election, state.electionBodyBytes, state.commitments[body.accused])
            }
            guard let accused else {
                throw ServiceError(.incomplete, "trustee \(body.accused) has no commitment to complain about")
            }
            let upheld = try Self.wrap("complaint refused") {
                try CeremonyCheck.judge(body, accusedCommitment: accused, election: election,
                                        setupDigest: ElectionBody.setupDigest(bodyBytes: bytes))
            }
            try append(.complaint, body, checkpoint: true)
            return upheld
        }
    }

    /// Computes and publishes the joint key once every trustee has committed, excluding trustees
    /// against whom a complaint is upheld.
    public func publishJointKey() throws -> JointKeyBody {
        try adminLock.withLock {
            let (election, bytes, commitments, complaints) = try lock.withLock {
                () throws -> (ElectionBody, [UInt8], [Int: TrusteeCommitmentBody], [ComplaintBody]) in
                try state.require([.keyCeremony], for: "publish the joint key")
                guard state.jointKey == nil else { throw ServiceError(.duplicateTrusteeMessage, "the joint key is already published") }
                guard let election = state.electionBody else { throw ServiceError(.noElection, "no election entry") }
                return (election, state.electionBodyBytes, state.commitments, state.complaints)
            }
            let missing = election.trustees.map(\.index).filter { commitments[$0] == nil }
            guard missing.isEmpty else {
                throw ServiceError(.incomplete, "waiting for the commitments of trustee(s) \(missing.map(String.init).joined(separator: ", "))")
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
            try enter(.open, from: [.keyCeremony], action: "open the election")
        }
    }
}
