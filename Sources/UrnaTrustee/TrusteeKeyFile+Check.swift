import UrnaCrypto
import UrnaRecord

/// The trustee's check (`Specs/election-record.md` §4.4a): a signed statement that it checked
/// every other trustee's share and which of them it complains about.
extension TrusteeKeyFile {
    /// Checks the shares of every trustee's commitment (``receiveShares(electionBodyBytes:commitments:)``)
    /// and signs the `trustee-check` body: the accused of its complaints, under a Schnorr proof of
    /// knowledge of the encryption secret whose context binds the election, this trustee, the
    /// commitments checked and the complaints. Returns the check with its complaints (the
    /// `trustee-check` message). Asked again over the same commitments it returns the same check.
    ///
    /// Throws `incomplete-ceremony` while a trustee's commitment is missing (a check covers them
    /// all), and `share-mismatch` if the commitments differ from those of an earlier check.
    public mutating func check(electionBodyBytes: [UInt8], commitments: [TrusteeCommitmentBody]) throws -> TrusteeCheckMessage {
        let (election, digest) = try Self.decodeElection(electionBodyBytes)
        var byIndex: [Int: TrusteeCommitmentBody] = [:]
        for body in commitments { byIndex[body.trustee] = body }
        let missing = election.trustees.filter { byIndex[$0.index] == nil }.map(\.index)
        guard missing.isEmpty else {
            throw RecordError(.incompleteCeremony,
                              "the record holds no commitment yet from trustee(s) \(missing.map(String.init).joined(separator: ", ")); a check covers every trustee's commitment: run `urna trustee check` again once the commission has imported them")
        }
        let complaints = try receiveShares(electionBodyBytes: electionBodyBytes, commitments: commitments)
        var ceremony = try ceremony(for: election, setupDigest: digest)
        let bodies = try election.trustees.compactMap { byIndex[$0.index] }.map { try CanonicalJSON.encode($0) }
        let checked = TrusteeCheckBody.checkedDigest(commitmentBodies: bodies)
        if let earlier = ceremony.check {
            guard earlier.checked.bytes == checked else {
                throw RecordError(.shareMismatch,
                                  "this key file already signed a check over other commitments; the record's commitments changed since — do not sign again, report it")
            }
            return TrusteeCheckMessage(check: earlier.body, complaints: complaints)
        }
        let accused = complaints.map(\.accused).sorted()
        let signature = try SchnorrProof.prove(
            secret: encryptionSecret, publicKey: encryptionKey,
            context: TrusteeCheckBody.signatureContext(setupDigest: digest, trustee: ceremony.index, checked: checked,
                                                       complaints: accused))
        let body = try sign(TrusteeCheckBody(trustee: ceremony.index, complaints: accused, signature: signature),
                            setupDigest: digest)
        ceremony.check = SignedCheck(checked: HexBytes(checked), body: body)
        self.ceremony = ceremony
        return TrusteeCheckMessage(check: body, complaints: complaints)
    }

    /// Refuses a record that shows a `trustee-check` or `complaint` entry in this trustee's name
    /// that this key file did not make (throws `not-mine`). A valid record cannot hold one (the
    /// check is signed and the complaint proven with this trustee's secret), so this is a second
    /// line: it also catches a stolen key, or a record assembled from another ceremony.
    public func audit(checks: [TrusteeCheckBody], complaints: [ComplaintBody], electionBodyBytes: [UInt8]) throws {
        let (election, digest) = try Self.decodeElection(electionBodyBytes)
        let me: Int
        if let ceremony, ceremony.setupDigest.bytes == digest { me = ceremony.index } else { me = try ownIndex(in: election) }
        let mine = ceremony?.setupDigest.bytes == digest ? ceremony : nil
        for check in checks where check.trustee == me {
            guard let made = mine?.check?.body, made == check else {
                throw RecordError(.notMine,
                                  "the record holds a trustee-check in the name of trustee \(me) ('\(name)') that this key file did not make; do not act on this record and report it (someone else holds this trustee's key, or the record was assembled)")
            }
        }
        for complaint in complaints where complaint.accuser == me {
            guard let made = mine?.complaints[String(complaint.accused)], made == complaint else {
                throw RecordError(.notMine,
                                  "the record holds a complaint of trustee \(me) ('\(name)') against trustee \(complaint.accused) that this key file did not make; do not act on this record and report it")
            }
        }
    }
}
