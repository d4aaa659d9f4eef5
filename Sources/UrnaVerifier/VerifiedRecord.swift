import UrnaRecord

/// A record verified in one pass, with the bodies a trustee needs taken from that pass
/// (``Scrutineer/verifiedRecord(source:options:progress:)``): the election entry's bytes, the
/// valid trustee commitments, the joint key and the tally exactly as they were verified.
public struct VerifiedRecord: Sendable {
    public let report: VerificationReport
    /// The `election` entry's stored body bytes (empty if the record has none).
    public let electionBody: [UInt8]
    /// The valid `trustee-commitment` bodies, by trustee index ascending.
    public let commitments: [TrusteeCommitmentBody]
    public let jointKey: JointKeyBody?
    public let tally: TallyBody?

    init(report: VerificationReport, state: VerifierState, jointKey: JointKeyBody?, tally: TallyBody?) {
        self.report = report
        electionBody = state.electionBody?.bytes ?? []
        commitments = state.commitments.sorted { $0.key < $1.key }.compactMap {
            try? CanonicalJSON.decode(TrusteeCommitmentBody.self, from: $0.value.bytes)
        }
        self.jointKey = jointKey
        self.tally = tally
    }
}
