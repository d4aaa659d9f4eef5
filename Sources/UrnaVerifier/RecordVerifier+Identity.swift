import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// Trustees' identity signatures and the pledge round of the key ceremony
/// (`Specs/crypto.md` §6, `Specs/election-record.md` §4.2a).
extension RecordVerifier {
    /// Checks a trustee body's `identity_signature` against the identity key of its signer in the
    /// election entry (`identity.signature`). An entry that fails is not the trustee's: it is
    /// reported and otherwise ignored (it takes no trustee's place and is judged no further). A
    /// signer index outside `1...n` names no identity key: the body breaks its kind's index rule
    /// and fails `kindCheck`.
    func identityAccepted<Body: TrusteeSignedBody>(_ body: Body, _ entry: RecordEntry, election: ElectionBody,
                                                   setupDigest: [UInt8], orElse kindCheck: Check) -> Bool {
        let n = election.trustees.count
        guard (1...n).contains(body.signer) else {
            fail(kindCheck, entry.seq,
                 "\(Body.entryKind.rawValue) of trustee \(body.signer): the index is outside 1...\(n), so it names no trustee of the election")
            return false
        }
        do {
            try body.verifyIdentitySignature(election: election, setupDigest: setupDigest)
            pass(.identitySignature)
            return true
        } catch let error as RecordError {
            fail(.identitySignature, entry.seq, error.reason)
        } catch {
            fail(.identitySignature, entry.seq, "\(error)")
        }
        return false
    }

    /// A `trustee-pledge` entry (§4.2a): signed by its trustee, one per trustee, before the first
    /// commitment is revealed.
    func handlePledge(_ entry: RecordEntry) {
        guard let election, let setupDigest else {
            fail(.ceremonyPledge, entry.seq, "no valid election entry to check the pledge against")
            return
        }
        let body: TrusteePledgeBody
        do {
            body = try CanonicalJSON.decode(TrusteePledgeBody.self, from: entry.body)
        } catch {
            fail(.ceremonyPledge, entry.seq, "the pledge body does not decode: \(error)")
            return
        }
        guard identityAccepted(body, entry, election: election, setupDigest: setupDigest, orElse: .ceremonyPledge) else { return }
        guard state.pledgesFiled.insert(body.trustee).inserted else {
            fail(.ceremonyPledge, entry.seq, "a second pledge of trustee \(body.trustee)")
            return
        }
        if let revealed = state.firstRevealSeq {
            fail(.ceremonyPledge, entry.seq,
                 "a pledge of trustee \(body.trustee) after the first trustee-commitment entry (seq \(revealed)): once a commitment is revealed, no trustee may pledge")
            return
        }
        guard body.commitmentsHash.bytes.count == 32 else {
            fail(.ceremonyPledge, entry.seq, "commitments_hash of trustee \(body.trustee) is \(body.commitmentsHash.bytes.count) bytes, not 32")
            return
        }
        state.pledges[body.trustee] = HexBytes(entry.body)
        pass(.ceremonyPledge)
    }

    /// The commit-reveal rule for a commitment (§4.2a, `ceremony.reveal`): every trustee of the
    /// election has a valid pledge before it, and its commitments hash to its trustee's pledge.
    func revealAccepted(_ body: TrusteeCommitmentBody, _ entry: RecordEntry, election: ElectionBody,
                        setupDigest: [UInt8]) -> Bool {
        let unpledged = election.trustees.filter { state.pledges[$0.index] == nil }
        guard unpledged.isEmpty else {
            let names = unpledged.map { "\($0.index) ('\(TerminalText.escaped($0.name))')" }.joined(separator: ", ")
            fail(.ceremonyReveal, entry.seq,
                 "trustee \(body.trustee) reveals its commitments before trustee(s) \(names) pledged: a trustee that pledges after seeing them could bias the joint key")
            return false
        }
        let hash = TrusteePledgeBody.commitmentsHash(setupDigest: setupDigest, trustee: body.trustee, commitments: body.commitments)
        let pledged = state.pledges[body.trustee].flatMap { try? CanonicalJSON.decode(TrusteePledgeBody.self, from: $0.bytes) }
        guard pledged?.commitmentsHash.bytes == hash else {
            fail(.ceremonyReveal, entry.seq,
                 "the commitments of trustee \(body.trustee) are not the ones it pledged (their hash differs from its trustee-pledge's commitments_hash)")
            return false
        }
        pass(.ceremonyReveal)
        return true
    }
}
