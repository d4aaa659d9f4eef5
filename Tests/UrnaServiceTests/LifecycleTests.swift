import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

@Suite struct LifecycleTests {
    @Test func actionsOutsideTheirPhaseAreRefused() throws {
        let f = try ServiceFixture()
        #expect(f.service.phase == .setup)
        expectRefused(.wrongPhase) { _ = try f.service.issueToken(pseudonym: f.pseudonym("v1"), activationCode: "x", blindedMessage: []) }
        expectRefused(.wrongPhase) { try f.service.closeVoting() }
        expectRefused(.wrongPhase) { _ = try f.service.tally() }
        expectRefused(.wrongPhase) { _ = try f.service.publishResult() }
        expectRefused(.wrongPhase) { try f.service.openVoting() }
        let codes = try f.openWithRoll()
        #expect(f.service.phase == .open)
        // The ceremony is over: no more commitments, and no second opening.
        expectRefused(.wrongPhase) { try f.service.importCommitment(f.commitment(0)) }
        expectRefused(.wrongPhase) { try f.service.openVoting() }
        expectRefused(.wrongPhase) { _ = try f.service.tally() }
        let (request, token) = try f.token(codes["v1"]!)
        let (ballot, _) = try f.ballot(request, token, district: "north", ["mayor": ["ann"], "council": ["cy"]])
        try f.service.closeVoting()
        expectRefused(.wrongPhase) { _ = try f.service.castBallot(ballot) }
        expectRefused(.wrongPhase) { _ = try f.service.issueToken(pseudonym: f.pseudonym("v2"), activationCode: codes["v2"]!.code, blindedMessage: []) }
        expectRefused(.wrongPhase) { _ = try f.service.importRoll(f.rollMessage()) }
        expectRefused(.wrongPhase) { try f.service.closeVoting() }
    }

    @Test func creatingOverAnElectionIsRefused() throws {
        let f = try ServiceFixture()
        expectRefused(.electionExists) {
            _ = try ElectionService.create(directory: f.directory, manifest: f.manifest, trustees: f.trustees.map(\.publicInfo),
                                           threshold: 2, registrar: f.registrar.publicInfo, tokenKeyBits: 2048)
        }
        expectRefused(.noElection) { _ = try ElectionService.open(directory: f.directory.appendingPathComponent("nothing")) }
    }

    @Test func ceremonyRefusals() throws {
        let f = try ServiceFixture()
        try f.pledgeAll()
        let body = try f.commitment(0)
        try f.service.importCommitment(body)
        #expect(f.service.phase == .keyCeremony)
        // The same commitment again (a rerun after an interrupt) is a no-op.
        #expect(try f.service.importCommitment(body) == false)
        #expect(f.service.trusteeCommitments.count == 1)
        // A different commitment in the name of a trustee who committed is refused.
        let other = try f.commitment(1)
        let renamed = String(decoding: try CanonicalJSON.encode(other), as: UTF8.self)
            .replacingOccurrences(of: "\"trustee\":\(other.trustee)", with: "\"trustee\":\(body.trustee)")
        let renamedBody = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: Array(renamed.utf8))
        #expect(renamedBody.trustee == body.trustee && renamedBody != body)
        expectRefused(.duplicateTrusteeMessage) { try f.service.importCommitment(renamedBody) }
        expectRefused(.incomplete) { try f.service.openVoting() }
        // A commitment whose Schnorr proof is altered.
        // (Signed by trustee 2 itself: it is the proof, not the signature, that fails.)
        let second = try f.commitment(1)
        let forged = try f.signed(TrusteeCommitmentBody(trustee: second.trustee, commitments: second.commitments,
                                                        proof: SchnorrProof(commitment: second.proof.commitment, challenge: second.proof.challenge,
                                                                            response: second.proof.response + .one),
                                                        shares: second.shares), by: 1)
        expectRefused(ServiceError.Code(rawValue: "bad-commitment")) { try f.service.importCommitment(forged) }
    }

    /// The private store holds the ledger and token keys: opened only while no one but the
    /// owner may read it, with the fix named; once `chmod 600` is done, it opens.
    @Test func privateStoreReadableByOthersIsRefused() throws {
        let f = try ServiceFixture()
        f.service.close()
        let path = f.directory.appendingPathComponent(ElectionService.privateFileName).path
        chmod(path, 0o644)
        expectRefused(.keyFile) { _ = try ElectionService.open(directory: f.directory) }
        do {
            _ = try ElectionService.open(directory: f.directory)
        } catch let error as ServiceError {
            #expect(error.reason.contains("chmod 600"), "\(error.reason)")
        }
        chmod(path, 0o600)
        let reopened = try ElectionService.open(directory: f.directory)
        reopened.close()
    }

    @Test func stateSurvivesReopening() throws {
        let f = try ServiceFixture()
        let codes = try f.openWithRoll()
        let (request, token) = try f.token(codes["v3"]!)
        let (ballot, _) = try f.ballot(request, token, district: "south", ["mayor": ["ben"]])
        _ = try f.service.castBallot(ballot)
        try f.reopen()
        #expect(f.service.phase == .open)
        // After a restart the record still refuses a replay, and a second ballot under the credential.
        expectRefused(.ballotReplayed) { _ = try f.service.castBallot(ballot) }
        expectRefused(.credentialUsed) { _ = try f.service.castBallot(f.ballot(request, token, district: "south", ["mayor": ["ann"]]).0) }
        // The issued token is remembered: the same request gets the same answer after a restart.
        let status = try f.service.status()
        #expect(status.ballotsCast == 1)
        #expect(status.districts.first { $0.id == "south" }?.issued == 1)
    }

    @Test func fullElectionWithThresholdDecryption() throws {
        let f = try ServiceFixture(revoting: true)
        let codes = try f.openWithRoll()
        let (r1, t1) = try f.token(codes["v1"]!)
        let first = try f.ballot(r1, t1, district: "north", ["mayor": ["ann"], "council": ["cy", "di"]]).0
        _ = try f.service.castBallot(first)
        // Re-voting: the later ballot under the same credential supersedes the first …
        _ = try f.service.castBallot(f.ballot(r1, t1, district: "north", ["mayor": ["ben"], "council": ["ed"]]).0)
        // … and the superseded ballot, public in the ledger, cannot be replayed to revert it.
        expectRefused(.ballotReplayed) { _ = try f.service.castBallot(first) }
        let (r3, t3) = try f.token(codes["v3"]!)
        _ = try f.service.castBallot(f.ballot(r3, t3, district: "south", ["mayor": ["ben"]]).0)
        try f.service.closeVoting()
        let tally = try f.service.tally()
        #expect(tally.districts["north"]?["mayor"]?.ballots == 1)
        expectRefused(.incomplete) { _ = try f.service.publishResult() }
        guard let jointKey = f.service.jointKeyBody else { Issue.record("no joint key"); return }
        let share = try f.trustees[2].decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: f.service.electionBodyBytes)
        #expect(try f.service.importTallyShare(share))
        #expect(try f.service.importTallyShare(share) == false)  // the same share again is a no-op
        expectRefused(.incomplete) { _ = try f.service.publishResult() }
        // A share with one altered point is refused.
        let good = try f.trustees[0].decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: f.service.electionBodyBytes)
        var shares = good.shares
        if let first = shares["south"]?["mayor"]?["ben"] {
            shares["south"]?["mayor"]?["ben"] = TallyShareBody.Share(share: try first.share.adding(Point.generator()), proof: first.proof)
        }
        expectRefused(ServiceError.Code(rawValue: "bad-tally-share")) {
            try f.service.importTallyShare(f.signed(TallyShareBody(trustee: good.trustee, shares: shares), by: 0))
        }
        // The same altered share unsigned by its trustee is refused for its identity signature.
        expectRefused(.badIdentitySignature) {
            try f.service.importTallyShare(TallyShareBody(trustee: good.trustee, shares: shares).signed(with: Ed25519PrivateKey(), setupDigest: f.setupDigest))
        }
        try f.service.importTallyShare(good)
        let result = try f.service.publishResult()
        #expect(result.trustees == [1, 3])
        #expect(result.districts["north"]?.contests == ["mayor": ["ann": 0, "ben": 1], "council": ["cy": 0, "di": 0, "ed": 1]])
        #expect(result.districts["south"]?.contests == ["mayor": ["ann": 0, "ben": 1]])
        #expect(result.totals["mayor"] == ["ann": 0, "ben": 2])
        #expect(f.service.phase == .published)
        expectRefused(.wrongPhase) { _ = try f.service.publishResult() }
    }
}
