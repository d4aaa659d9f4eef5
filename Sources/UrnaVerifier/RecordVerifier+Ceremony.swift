import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The key ceremony (`Specs/election-record.md` §4.3–§4.5), with the record library's
/// ``CeremonyCheck``: every commitment, complaint and trustee check is checked as it comes, and
/// the joint key, which needs every trustee's check, is recomputed from the valid commitments
/// and the upheld complaints.
extension RecordVerifier {
    func handleCommitment(_ entry: RecordEntry) {
        guard let election, let setupDigest else {
            fail(.ceremonyCommitment, entry.seq, "no valid election entry to check the commitment against")
            return
        }
        let body: TrusteeCommitmentBody
        do {
            body = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: entry.body)
        } catch {
            fail(.ceremonyCommitment, entry.seq, "the commitment body does not decode: \(error)")
            return
        }
        guard identityAccepted(body, entry, election: election, setupDigest: setupDigest, orElse: .ceremonyCommitment) else { return }
        // A commitment signed by its trustee reveals a polynomial: no pledge may follow (§4.2a).
        if state.firstRevealSeq == nil { state.firstRevealSeq = entry.seq }
        guard state.committed.insert(body.trustee).inserted else {
            fail(.ceremonyCommitment, entry.seq, "a second commitment entry of trustee \(body.trustee)")
            return
        }
        guard revealAccepted(body, entry, election: election, setupDigest: setupDigest) else { return }
        do {
            for equation in try CeremonyCheck.commitmentEquations(body, election: election, setupDigest: setupDigest)
            where try !equation.holds() {
                throw RecordError(.badCommitment, "trustee \(body.trustee): \(equation.name) does not hold")
            }
            pass(.ceremonyCommitment)
            state.commitments[body.trustee] = HexBytes(entry.body)
        } catch let error as RecordError {
            fail(.ceremonyCommitment, entry.seq, error.reason)
        } catch {
            fail(.ceremonyCommitment, entry.seq, "\(error)")
        }
    }

    func handleComplaint(_ entry: RecordEntry) {
        guard let election, let setupDigest else {
            fail(.ceremonyComplaint, entry.seq, "no valid election entry to judge the complaint against")
            return
        }
        let body: ComplaintBody
        do {
            body = try CanonicalJSON.decode(ComplaintBody.self, from: entry.body)
        } catch {
            fail(.ceremonyComplaint, entry.seq, "the complaint body does not decode: \(error)")
            return
        }
        guard identityAccepted(body, entry, election: election, setupDigest: setupDigest, orElse: .ceremonyComplaint) else { return }
        // §4.4: one complaint per (accuser, accused) pair; both trustees filed a valid commitment
        // entry before it (indices are 1…255 once decoded).
        guard state.complaintPairs.insert(256 * body.accuser + body.accused).inserted else {
            fail(.ceremonyComplaint, entry.seq, "a second complaint of trustee \(body.accuser) against trustee \(body.accused)")
            return
        }
        guard state.commitments[body.accuser] != nil else {
            fail(.ceremonyComplaint, entry.seq, "the accuser, trustee \(body.accuser), has no valid commitment before this complaint")
            return
        }
        // §4.4a: a trustee's check closes its complaints.
        guard !state.checksFiled.contains(body.accuser) else {
            fail(.ceremonyComplaint, entry.seq, "trustee \(body.accuser)'s complaint comes after its trustee-check entry, which closed its complaints")
            return
        }
        guard let bytes = state.commitments[body.accused]?.bytes,
              let accused = try? CanonicalJSON.decode(TrusteeCommitmentBody.self, from: bytes) else {
            fail(.ceremonyComplaint, entry.seq, "trustee \(body.accused) has no valid commitment before this complaint")
            return
        }
        do {
            if try CeremonyCheck.judge(body, accusedCommitment: accused, election: election, setupDigest: setupDigest) {
                state.disqualified.insert(body.accused)
            }
            state.complaintBodies.append(HexBytes(entry.body))
            pass(.ceremonyComplaint)
        } catch let error as RecordError {
            fail(.ceremonyComplaint, entry.seq, error.reason)
        } catch {
            fail(.ceremonyComplaint, entry.seq, "\(error)")
        }
    }

    /// A trustee's check (§4.4a): one per trustee, after every valid commitment, listing exactly the
    /// complaints it filed before, signed with its encryption key.
    func handleCheck(_ entry: RecordEntry) {
        guard let election, let setupDigest else {
            fail(.ceremonyCheck, entry.seq, "no valid election entry to check the trustee check against")
            return
        }
        let body: TrusteeCheckBody
        do {
            body = try CanonicalJSON.decode(TrusteeCheckBody.self, from: entry.body)
        } catch {
            fail(.ceremonyCheck, entry.seq, "the trustee-check body does not decode: \(error)")
            return
        }
        guard identityAccepted(body, entry, election: election, setupDigest: setupDigest, orElse: .ceremonyCheck) else { return }
        guard state.checksFiled.insert(body.trustee).inserted else {
            fail(.ceremonyCheck, entry.seq, "a second trustee-check entry of trustee \(body.trustee)")
            return
        }
        // Complaint pairs are stored as 256·accuser + accused (indices 1…255).
        let filed = Set(state.complaintPairs.filter { $0 / 256 == body.trustee }.map { $0 % 256 })
        do {
            try CeremonyCheck.verifyCheck(body, election: election, setupDigest: setupDigest,
                                          commitmentBodies: state.commitments.mapValues(\.bytes), complaintsFiled: filed)
            state.checks[body.trustee] = HexBytes(entry.body)
            pass(.ceremonyCheck)
        } catch let error as RecordError {
            fail(.ceremonyCheck, entry.seq, error.reason)
        } catch {
            fail(.ceremonyCheck, entry.seq, "\(error)")
        }
    }

    func handleJointKey(_ entry: RecordEntry) {
        state.jointKeySeen = true
        let body: JointKeyBody
        do {
            body = try CanonicalJSON.decode(JointKeyBody.self, from: entry.body)
        } catch {
            fail(.ceremonyJointKey, entry.seq, "the joint-key body does not decode: \(error); no ballot can be checked")
            return
        }
        if let election {
            var commitments: [Int: TrusteeCommitmentBody] = [:]
            for (index, bytes) in state.commitments {
                commitments[index] = try? CanonicalJSON.decode(TrusteeCommitmentBody.self, from: bytes.bytes)
            }
            do {
                try CeremonyCheck.requireChecks(election: election, checked: Set(state.checks.keys))
                let expected = try CeremonyCheck.jointKey(election: election, commitments: commitments,
                                                          disqualified: state.disqualified)
                var problems: [String] = []
                if expected.qualified != body.qualified {
                    problems.append("qualified \(body.qualified), expected \(expected.qualified)")
                }
                if expected.jointKey != body.jointKey {
                    problems.append("joint_key \(body.jointKey.hex.prefix(16))… is not the sum of the qualified C_i0 (\(expected.jointKey.hex.prefix(16))…)")
                }
                for (index, share) in expected.publicShares.sorted(by: { $0.key < $1.key }) where body.publicShares[index] != share {
                    problems.append("public share of trustee \(index) is not Σ_i Σ_l j^l·C_il")
                }
                for index in Set(body.publicShares.keys).subtracting(expected.publicShares.keys).sorted() {
                    problems.append("a public share for '\(index)', which is not a qualified trustee")
                }
                if problems.isEmpty {
                    pass(.ceremonyJointKey)
                } else {
                    fail(.ceremonyJointKey, entry.seq, problems.joined(separator: "; "))
                }
            } catch let error as RecordError {
                fail(.ceremonyJointKey, entry.seq, error.reason)
            } catch {
                fail(.ceremonyJointKey, entry.seq, "\(error)")
            }
        }
        // Ballots are checked against the key as published: that is the key voters encrypted to.
        adoptJointKey(body)
    }

    /// Builds the election context every ballot is checked against.
    func adoptJointKey(_ body: JointKeyBody) {
        state.jointKey = StoredPoint(body.jointKey)
        state.qualified = body.qualified
        state.publicShares = body.publicShares.mapValues(StoredPoint.init)
        guard let bytes = state.electionBody?.bytes, let election else { return }
        context = try? ElectionContext(body: election, bodyBytes: bytes, tokenKeys: tokenKeys, jointKey: body.jointKey)
    }

    /// The joint-key body as published (for the share checks).
    var publishedJointKey: JointKeyBody? {
        guard let key = state.jointKey?.point else { return nil }
        return JointKeyBody(jointKey: key, qualified: state.qualified, publicShares: state.publicShares.mapValues(\.point))
    }
}
