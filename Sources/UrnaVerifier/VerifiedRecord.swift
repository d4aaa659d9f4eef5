import UrnaRecord

/// A record verified in one pass, with the bodies a trustee needs taken from that pass
/// (``Scrutineer/verifiedRecord(source:options:progress:)``): the election entry's bytes, the
/// valid trustee pledges, commitments, checks and complaints, the joint key and the tally exactly as they were verified.
public struct VerifiedRecord: Sendable {
    public let report: VerificationReport
    /// The `election` entry's stored body bytes (empty if the record has none).
    public let electionBody: [UInt8]
    /// The valid `trustee-pledge` bodies, by trustee index ascending.
    public let pledges: [TrusteePledgeBody]
    /// The valid `trustee-commitment` bodies, by trustee index ascending.
    public let commitments: [TrusteeCommitmentBody]
    /// The valid `trustee-check` bodies, by trustee index ascending.
    public let checks: [TrusteeCheckBody]
    /// The valid `complaint` bodies, in record order.
    public let complaints: [ComplaintBody]
    public let jointKey: JointKeyBody?
    public let tally: TallyBody?

    init(report: VerificationReport, state: VerifierState, jointKey: JointKeyBody?, tally: TallyBody?) {
        self.report = report
        electionBody = state.electionBody?.bytes ?? []
        pledges = state.pledges.sorted { $0.key < $1.key }.compactMap {
            try? CanonicalJSON.decode(TrusteePledgeBody.self, from: $0.value.bytes)
        }
        commitments = state.commitments.sorted { $0.key < $1.key }.compactMap {
            try? CanonicalJSON.decode(TrusteeCommitmentBody.self, from: $0.value.bytes)
        }
        checks = state.checks.sorted { $0.key < $1.key }.compactMap {
            try? CanonicalJSON.decode(TrusteeCheckBody.self, from: $0.value.bytes)
        }
        complaints = state.complaintBodies.compactMap { try? CanonicalJSON.decode(ComplaintBody.self, from: $0.bytes) }
        self.jointKey = jointKey
        self.tally = tally
    }
}
