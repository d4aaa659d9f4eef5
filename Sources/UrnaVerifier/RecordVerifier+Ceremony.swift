import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The key ceremony (`Specs/election-record.md` §4.3–§4.5). PENDING: the checks come from the
/// trustee branch's `CeremonyCheck`.
extension RecordVerifier {
    func handleCommitment(_ entry: RecordEntry) {}

    func handleComplaint(_ entry: RecordEntry) {}

    func handleJointKey(_ entry: RecordEntry) {
        state.jointKeySeen = true
        guard let body = try? CanonicalJSON.decode(JointKeyBody.self, from: entry.body) else {
            fail(.ceremonyJointKey, entry.seq, "the joint-key body does not decode")
            return
        }
        adoptJointKey(body)
    }

    /// Builds the election context every ballot is checked against, from the published key.
    func adoptJointKey(_ body: JointKeyBody) {
        state.jointKey = StoredPoint(body.jointKey)
        state.qualified = body.qualified
        state.publicShares = body.publicShares.mapValues(StoredPoint.init)
        guard let bytes = state.electionBody?.bytes else { return }
        context = try? ElectionContext(electionBodyBytes: bytes, jointKey: body.jointKey)
    }
}
