import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaService
import UrnaServiceFixtures
import UrnaTrustee

/// `Specs/election-record.md` §4.4a through the service: the joint key waits for every trustee's
/// signed check, and a check the service cannot attribute to its trustee is refused.
@Suite("Trustee checks in the service")
struct TrusteeCheckServiceTests {
    /// Commits all three trustees; trustee 3 sends trustee 1 a share that fails the Feldman check.
    static func committed(faultyShare: Bool = true) throws -> ServiceFixture {
        let f = try ServiceFixture()
        try f.pledgeAll(faults: faultyShare ? [3: [1: .wrongValue]] : [:])
        for index in f.trustees.indices {
            try f.service.importCommitment(f.commitment(index))
        }
        return f
    }

    func check(_ f: ServiceFixture, _ index: Int) throws -> TrusteeCheckMessage {
        try f.trustees[index].check(electionBodyBytes: f.service.electionBodyBytes, commitments: f.service.trusteeCommitments)
    }

    func refusal(_ body: () throws -> Void) -> ServiceError? {
        do { try body() } catch let error as ServiceError { return error } catch { return nil }
        return nil
    }

    @Test("open is refused until every trustee's check is in, naming who is missing and the commands")
    func openWaitsForEveryCheck() throws {
        let f = try Self.committed()
        let error = try #require(refusal { try f.service.openVoting() })
        #expect(error.code == .incomplete)
        #expect(error.reason.contains("1 ('t1'), 2 ('t2'), 3 ('t3')"), "\(error)")
        #expect(error.reason.contains("urna trustee check") && error.reason.contains("urna trustee import"), "\(error)")
        try f.service.importCheck(check(f, 1))
        let still = try #require(refusal { _ = try f.service.publishJointKey() })
        #expect(still.reason.contains("1 ('t1'), 3 ('t3')") && !still.reason.contains("2 ('t2')"), "\(still)")
        #expect(f.service.jointKeyBody == nil)
    }

    @Test("after every check the complaint is recorded, the accused disqualified, and open succeeds")
    func checksLetTheCeremonyComplete() throws {
        let f = try Self.committed()
        let judged = try f.service.importCheck(check(f, 0))
        #expect(judged.map(\.complaint.accused) == [3] && judged.allSatisfy(\.upheld))
        var status = try f.service.status()
        #expect(status.ceremony.checked == [1] && status.ceremony.disqualified == [3])
        #expect(status.ceremony.complaints.map { [$0.accuser, $0.accused] } == [[1, 3]] && status.ceremony.complaints.allSatisfy(\.upheld))
        try f.service.importCheck(check(f, 1))
        try f.service.importCheck(check(f, 2))
        try f.importRoll()
        try f.service.openVoting()
        #expect(f.service.jointKeyBody?.qualified == [1, 2])
        status = try f.service.status()
        #expect(status.ceremony.checked == [1, 2, 3] && status.ceremony.qualified == [1, 2] && status.ceremony.disqualified == [3])
        #expect(f.service.trusteeChecks.map(\.complaints) == [[3], [], []])
    }

    @Test("a second check, a forged signature, a check before every commitment and a complaint after the check are refused")
    func badChecksAreRefused() throws {
        let f = try Self.committed(faultyShare: false)
        let honest = try check(f, 1)
        try f.service.importCheck(honest)
        expectRefused(.duplicateTrusteeMessage) { try f.service.importCheck(honest) }
        // A "no complaint" in trustee 3's name signed with a key the commission holds.
        let secret = try Scalar.random()
        let bodies = try f.service.trusteeCommitments.map { try CanonicalJSON.encode($0) }
        let context = TrusteeCheckBody.signatureContext(
            setupDigest: ElectionBody.setupDigest(bodyBytes: f.service.electionBodyBytes), trustee: 3,
            checked: TrusteeCheckBody.checkedDigest(commitmentBodies: bodies), complaints: [])
        let forged = TrusteeCheckBody(trustee: 3, complaints: [],
                                      signature: try SchnorrProof.prove(secret: secret, publicKey: try Point.base(secret), context: context))
        // Its identity signature, made with an identity key the commission made, fails first…
        let commissionSigned = try forged.signed(with: Ed25519PrivateKey(), setupDigest: f.setupDigest)
        let refused = try #require(refusal { try f.service.importCheck(TrusteeCheckMessage(check: commissionSigned, complaints: [])) })
        #expect(refused.code == .badIdentitySignature && refused.reason.contains("trustee 3 ('t3')"), "\(refused)")
        // …and even with trustee 3's identity key (stolen), the Schnorr signature by E_3 still fails.
        expectRefused(ServiceError.Code(rawValue: "bad-check")) {
            try f.service.importCheck(TrusteeCheckMessage(check: f.signed(forged, by: 2), complaints: []))
        }
        // A complaint by trustee 2 after its check.
        let complaint = try f.trustees[1].makeComplaint(against: f.service.trusteeCommitments[0], electionBodyBytes: f.service.electionBodyBytes)
        expectRefused(.wrongPhase) { try f.service.importComplaint(complaint) }
        // A message whose complaints are not the check's list.
        let mine = try check(f, 0)
        expectRefused(.invalidInput) { try f.service.importCheck(TrusteeCheckMessage(check: mine.check, complaints: [complaint])) }
        #expect(f.service.trusteeChecks.map(\.trustee) == [2])
    }

    @Test("a check is refused before every trustee has committed")
    func checkBeforeEveryCommitment() throws {
        let f = try ServiceFixture()
        try f.pledgeAll()
        try f.service.importCommitment(f.commitment(0))
        try f.service.importCommitment(f.commitment(1))
        // The trustee tool itself refuses…
        #expect(throws: RecordError.self) { _ = try check(f, 0) }
        // …and so does the service for a check signed over two commitments only.
        _ = try f.trustees[0].receiveShares(electionBodyBytes: f.service.electionBodyBytes, commitments: f.service.trusteeCommitments)
        let bodies = try f.service.trusteeCommitments.map { try CanonicalJSON.encode($0) }
        let context = TrusteeCheckBody.signatureContext(
            setupDigest: ElectionBody.setupDigest(bodyBytes: f.service.electionBodyBytes), trustee: 1,
            checked: TrusteeCheckBody.checkedDigest(commitmentBodies: bodies), complaints: [])
        let secret = try Scalar.random()
        let early = try f.signed(TrusteeCheckBody(trustee: 1, complaints: [],
                                                  signature: try SchnorrProof.prove(secret: secret, publicKey: try Point.base(secret), context: context)),
                                 by: 0)
        expectRefused(ServiceError.Code(rawValue: "bad-check")) { try f.service.importCheck(TrusteeCheckMessage(check: early, complaints: [])) }
    }

    @Test("checks survive reopening the election")
    func checksAreRebuiltFromTheLedger() throws {
        let f = try Self.committed()
        for index in 0..<3 { try f.service.importCheck(check(f, index)) }
        try f.reopen()
        #expect(f.service.trusteeChecks.count == 3)
        try f.importRoll()
        try f.service.openVoting()
        #expect(f.service.jointKeyBody?.qualified == [1, 2])
    }

    @Test("a commitment whose share re-uses another trustee's ephemeral key is refused (crypto.md §5.3 step 6)")
    func copiedEphemeralIsRefused() throws {
        let f = try ServiceFixture()
        try f.pledgeAll()
        let c1 = try f.commitment(0)
        let c2 = try f.commitment(1)
        try f.service.importCommitment(c1)
        try f.service.importCommitment(c2)
        // Trustee 3 copies trustee 2's share to 1 (Y and proof, with a garbage box), and r·Y of
        // trustee 1's share to 2 with that share's proof.
        let honest3 = try f.commitment(2)
        let s21 = try #require(c2.shares["1"]), s12 = try #require(c1.shares["2"])
        for shares in [
            ["1": try EncryptedShare(ephemeral: s21.ephemeral, proof: s21.proof, box: try RandomBytes.generate(60)),
             "2": try #require(honest3.shares["2"])],
            ["1": try #require(honest3.shares["1"]),
             "2": try EncryptedShare(ephemeral: try s12.ephemeral.multiplied(by: try Scalar.random()), proof: s12.proof,
                                     box: try RandomBytes.generate(60))],
        ] {
            let forged = try f.signed(TrusteeCommitmentBody(trustee: 3, commitments: honest3.commitments, proof: honest3.proof, shares: shares),
                                      by: 2)
            expectRefused(ServiceError.Code(rawValue: "bad-commitment")) { try f.service.importCommitment(forged) }
        }
        #expect(f.service.trusteeCommitments.count == 2)
        try f.service.importCommitment(honest3)
        #expect(f.service.trusteeCommitments.count == 3)
    }
}
