import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaService
import UrnaServiceFixtures
import UrnaTrustee

/// `urna trustee import` through the service, attacked by the commission (which holds every key
/// but the trustees' identity keys) and by a rushing trustee (`Specs/election-record.md` §4.2a,
/// §4.2b): each message is refused before anything is appended.
@Suite("Identity signatures and pledges in the service")
struct IdentityServiceTests {
    func refusal(_ body: () throws -> Void) -> ServiceError? {
        do { try body() } catch let error as ServiceError { return error } catch { return nil }
        return nil
    }

    /// `body` signed by the commission with an identity key it made.
    func commissionSigned<Body: TrusteeSignedBody>(_ body: Body, _ f: ServiceFixture) throws -> Body {
        try body.withIdentitySignature(nil).signed(with: Ed25519PrivateKey(), setupDigest: f.setupDigest)
    }

    @Test("a pledge signed with the commission's key, or carrying a signature made for another kind or election, is refused")
    func forgedPledges() throws {
        let f = try ServiceFixture()
        let pledge = try f.trustees[0].pledge(electionBodyBytes: f.service.electionBodyBytes)
        let error = try #require(refusal { try f.service.importPledge(commissionSigned(pledge, f)) })
        #expect(error.code == .badIdentitySignature && error.reason.contains("trustee 1 ('t1')")
                && error.reason.contains("urna trustee"), "\(error)")
        // Trustee 1's own key, but a signature made for a trustee-commitment over the same bytes.
        let key = try f.trustees[0].identityPrivateKey()
        let otherKind = try IdentitySignature.sign(key, setupDigest: f.setupDigest, kind: .trusteeCommitment,
                                                   unsignedBody: pledge.unsignedBytes())
        expectRefused(.badIdentitySignature) { try f.service.importPledge(pledge.withIdentitySignature(HexBytes(otherKind))) }
        // Trustee 1's own key, but for another election.
        let otherElection = try IdentitySignature.sign(key, setupDigest: SHA256.hash([1]), kind: .trusteePledge,
                                                       unsignedBody: pledge.unsignedBytes())
        expectRefused(.badIdentitySignature) { try f.service.importPledge(pledge.withIdentitySignature(HexBytes(otherElection))) }
        #expect(f.service.trusteePledges.isEmpty && f.service.phase == .setup)
        // The trustee's own pledge is recorded once; the same file again records nothing.
        #expect(try f.service.importPledge(pledge))
        #expect(try f.service.importPledge(pledge) == false)
        #expect(f.service.trusteePledges == [pledge] && f.service.phase == .keyCeremony)
    }

    @Test("commitments wait for every pledge, must be the pledged ones, and close the pledges")
    func pledgeOrdering() throws {
        let f = try ServiceFixture()
        for index in 0..<2 { try f.service.importPledge(f.trustees[index].pledge(electionBodyBytes: f.service.electionBodyBytes)) }
        // Trustee 1 reveals before trustee 3 pledged: refused, naming trustee 3; its own tool refuses too.
        let early = try #require(f.trustees[0].commitment)
        let error = try #require(refusal { try f.service.importCommitment(early) })
        #expect(error.code == .incomplete && error.reason.contains("3 ('t3')") && error.reason.contains("urna trustee pledge"), "\(error)")
        do {
            _ = try f.trustees[0].commit(electionBodyBytes: f.service.electionBodyBytes, pledges: f.service.trusteePledges)
            Issue.record("the trustee tool revealed before every pledge was in")
        } catch let error as RecordError {
            #expect(error.code == .pledgesMissing && error.reason.contains("3 ('t3')"), "\(error)")
        }
        try f.service.importPledge(f.trustees[2].pledge(electionBodyBytes: f.service.electionBodyBytes))
        // A rushing trustee 3 reveals another polynomial than the one it pledged (signed with its own key).
        let honest3 = try f.commitment(2)
        let rushing = try f.signed(Self.otherPolynomial(honest3, f), by: 2)
        expectRefused(.invalidInput) { try f.service.importCommitment(rushing) }
        // A commitment in trustee 2's name signed with the commission's key.
        expectRefused(.badIdentitySignature) { try f.service.importCommitment(commissionSigned(f.commitment(1), f)) }
        #expect(f.service.trusteeCommitments.isEmpty)
        try f.service.importCommitment(f.commitment(0))
        // Once a commitment is revealed, no pledge may come (a second, different pledge of a trustee neither).
        let late = try f.signed(TrusteePledgeBody(trustee: 3, commitments: rushing.commitments, setupDigest: f.setupDigest), by: 2)
        expectRefused(.duplicateTrusteeMessage) { try f.service.importPledge(late) }
        #expect(try f.service.importPledge(f.service.trusteePledges[2]) == false)   // the recorded one again: a no-op
        try f.service.importCommitment(f.commitment(1))
        try f.service.importCommitment(honest3)
        #expect(f.service.trusteeCommitments.count == 3)
    }

    @Test("status counts pledges; after a commitment the same pledge re-imported records nothing, and pledges survive reopening")
    func pledgeStatusAndReopen() throws {
        // Every trustee has pledged before any commitment can be recorded, so after one a pledge can
        // only repeat a recorded one (a no-op) or differ from it (refused: pledgeOrdering).
        let f = try ServiceFixture()
        try f.pledgeAll()
        try f.service.importCommitment(f.commitment(0))
        let again = try f.trustees[1].pledge(electionBodyBytes: f.service.electionBodyBytes)
        #expect(try f.service.importPledge(again) == false)
        try f.reopen()
        let status = try f.service.status()
        #expect(status.ceremony.pledged == [1, 2, 3] && status.ceremony.committed == [1])
        #expect(f.service.trusteePledges.count == 3)
    }

    @Test("a complaint, check or tally share signed with the commission's key is refused")
    func forgedCeremonyAndTallyMessages() throws {
        let f = try TrusteeCheckServiceTests.committed()
        let message = try f.trustees[0].check(electionBodyBytes: f.service.electionBodyBytes, commitments: f.service.trusteeCommitments)
        let complaint = try #require(message.complaints.first)
        // The complaint forged: refused alone and inside the check message.
        expectRefused(.badIdentitySignature) { try f.service.importComplaint(commissionSigned(complaint, f)) }
        expectRefused(.badIdentitySignature) {
            try f.service.importCheck(TrusteeCheckMessage(check: message.check, complaints: [try commissionSigned(complaint, f)]))
        }
        expectRefused(.badIdentitySignature) {
            try f.service.importCheck(TrusteeCheckMessage(check: try commissionSigned(message.check, f), complaints: message.complaints))
        }
        #expect(f.service.complaints.isEmpty && f.service.trusteeChecks.isEmpty)
        try f.service.importCheck(message)
        for index in 1..<3 {
            try f.service.importCheck(f.trustees[index].check(electionBodyBytes: f.service.electionBodyBytes,
                                                              commitments: f.service.trusteeCommitments))
        }
        try f.importRoll()
        try f.service.openVoting()
        try f.service.closeVoting()
        let tally = try f.service.tally()
        let jointKey = try #require(f.service.jointKeyBody)
        let share = try f.trustees[0].decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: f.service.electionBodyBytes)
        let error = try #require(refusal { try f.service.importTallyShare(commissionSigned(share, f)) })
        #expect(error.code == .badIdentitySignature && error.reason.contains("trustee 1 ('t1')"), "\(error)")
        #expect(try f.service.importTallyShare(share))
    }

    /// `body` with the commitments and proof of another polynomial (same shares: the reveal is refused first).
    static func otherPolynomial(_ body: TrusteeCommitmentBody, _ f: ServiceFixture) throws -> TrusteeCommitmentBody {
        let polynomial = try SecretPolynomial.random(threshold: body.commitments.points.count)
        let commitments = try polynomial.commitments()
        let proof = try SchnorrProof.prove(secret: polynomial.coefficients[0], publicKey: commitments.constantTerm,
                                           context: TrusteeCommitmentBody.proofContext(setupDigest: f.setupDigest, trustee: body.trustee))
        return TrusteeCommitmentBody(trustee: body.trustee, commitments: commitments, proof: proof, shares: body.shares)
    }
}
