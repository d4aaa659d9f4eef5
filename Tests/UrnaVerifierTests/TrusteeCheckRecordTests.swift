import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaVerifier

/// The trustees' checks (`Specs/election-record.md` §4.4a), attacked as a dishonest commission
/// would: it holds the ledger key, so every record here is fully re-chained and re-signed, and
/// only the ceremony checks can catch it. The fixture's ceremony is: commitments of trustees
/// 1–3, trustee 1's complaint against trustee 3 (upheld), the checks of trustees 1 (`[3]`), 2 and
/// 3 (`[]`), then the joint key (qualified 1, 2).
@Suite("Trustee checks: a joint key needs every trustee's signed check")
struct TrusteeCheckRecordTests {
    @Test("the honest record holds one valid check per trustee")
    func honestRecordPasses() throws {
        let f = try ElectionFixture.shared.get()
        let report = try Scrutineer.verify(path: f.exportPath, options: ElectionFixture.options())
        #expect(report.isValid, "\(report.failures)")
        #expect(report.result(of: .ceremonyCheck)?.passed == 3)
        let check1 = try CanonicalJSON.decode(TrusteeCheckBody.self, from: f.drafts[Int(f.seq("check1"))].body)
        #expect(check1.complaints == [3])
    }

    @Test(arguments: Tampering.trusteeChecks)
    func forgedCeremony(_ tampering: Tampering) throws {
        try tampering.expectCaught()
    }

    @Test("the joint key's failure names the trustees whose check is missing")
    func missingChecksAreNamed() throws {
        let f = try ElectionFixture.shared.get()
        let checks = ["check1", "check2", "check3"].map { Int(f.seq($0)) }
        let drafts = f.drafts.enumerated().filter { !checks.contains($0.offset) }.map(\.element)
        let report = try Scrutineer.verify(path: try f.writeExport(drafts), options: ElectionFixture.options())
        SoundnessRegressionTests.expectFailure(report, .ceremonyJointKey, at: f.seq("joint-key") - 3,
                                               containing: "no valid trustee-check entry from trustee(s) 1 ('t1'), 2 ('t2'), 3 ('t3')")
    }
}

extension Tampering {
    static func removing(_ drafts: [Draft], _ indices: [Int]) -> [Draft] {
        drafts.enumerated().filter { !indices.contains($0.offset) }.map(\.element)
    }

    static func moving(_ drafts: [Draft], from: Int, before: Int) -> [Draft] {
        var drafts = drafts
        let moved = drafts.remove(at: from)
        drafts.insert(moved, at: before > from ? before - 1 : before)
        return drafts
    }

    static let trusteeChecks: [Tampering] = [
        Tampering(name: "the joint key published without any trustee check", check: .ceremonyJointKey) { f in
            let checks = ["check1", "check2", "check3"].map { Int(f.seq($0)) }
            return (try f.writeExport(removing(f.drafts, checks)), f.seq("joint-key") - 3)
        },
        Tampering(name: "the joint key published without trustee 2's check", check: .ceremonyJointKey) { f in
            (try f.writeExport(removing(f.drafts, [Int(f.seq("check2"))])), f.seq("joint-key") - 1)
        },
        Tampering(name: "a complaint dropped and its accuser's check rewritten to no complaint", check: .ceremonyCheck) { f in
            // The commission cannot sign for trustee 1: it keeps the old signature over [3].
            let seq = Int(f.seq("check1"))
            let check = try CanonicalJSON.decode(TrusteeCheckBody.self, from: f.drafts[seq].body)
            var drafts = replacing(f.drafts, seq, body: try CanonicalJSON.encode(
                f.signed(TrusteeCheckBody(trustee: check.trustee, complaints: [], signature: check.signature))))
            drafts = removing(drafts, [Int(f.seq("complaint"))])
            return (try f.writeExport(drafts), UInt64(seq - 1))
        },
        Tampering(name: "a no-complaint check forged with the commission's own key", check: .ceremonyCheck) { f in
            let seq = Int(f.seq("check2"))
            let secret = try Scalar.random()
            let forged = try forgedCheck(f, trustee: 2, complaints: [], secret: secret, publicKey: try Point.base(secret))
            return (try f.writeExport(replacing(f.drafts, seq, body: try CanonicalJSON.encode(forged))), UInt64(seq))
        },
        Tampering(name: "a second check of the same trustee", check: .ceremonyCheck) { f in
            let seq = Int(f.seq("check2"))
            return (try f.writeExport(SoundnessRegressionTests.inserting(f.drafts, [f.drafts[seq]], before: seq + 1)), UInt64(seq + 1))
        },
        Tampering(name: "a check before a trustee's commitment", check: .ceremonyCheck) { f in
            let commitment3 = Int(f.seq("commitment3"))
            return (try f.writeExport(moving(f.drafts, from: Int(f.seq("check2")), before: commitment3)), UInt64(commitment3))
        },
        Tampering(name: "a complaint moved after its accuser's check", check: .ceremonyComplaint) { f in
            let complaint = Int(f.seq("complaint"))
            return (try f.writeExport(moving(f.drafts, from: complaint, before: Int(f.seq("check1")) + 1)), UInt64(complaint + 1))
        },
        Tampering(name: "a check listing a complaint the record does not hold", check: .ceremonyCheck) { f in
            (try f.writeExport(removing(f.drafts, [Int(f.seq("complaint"))])), f.seq("check1") - 1)
        },
        Tampering(name: "a check after the joint key", check: .phaseOrder) { f in
            let jointKey = Int(f.seq("joint-key"))
            return (try f.writeExport(moving(f.drafts, from: Int(f.seq("check3")), before: jointKey + 1)), UInt64(jointKey))
        },
        Tampering(name: "a check of a trustee index outside 1…n", check: .ceremonyCheck) { f in
            let seq = Int(f.seq("check3"))
            let check = try CanonicalJSON.decode(TrusteeCheckBody.self, from: f.drafts[seq].body)
            let extra = Draft(kind: "trustee-check", body: try CanonicalJSON.encode(
                TrusteeCheckBody(trustee: 4, complaints: [], signature: check.signature, identitySignature: check.identitySignature)))
            return (try f.writeExport(SoundnessRegressionTests.inserting(f.drafts, [extra], before: seq + 1)), UInt64(seq + 1))
        },
        Tampering(name: "trustee 3's commitment swapped for the commission's after the checks", check: .ceremonyCheck) { f in
            let seq = Int(f.seq("commitment3"))
            let drafts = replacing(f.drafts, seq, body: try CanonicalJSON.encode(try commissionCommitment(f, trustee: 3)))
            return (try f.writeExport(drafts), f.seq("check1"))
        },
    ]

    /// A check for `trustee` signed with `secret` (not the trustee's key).
    static func forgedCheck(_ f: ElectionFixture, trustee: Int, complaints: [Int], secret: Scalar, publicKey: Point) throws -> TrusteeCheckBody {
        let bodies = (1...3).map { f.drafts[Int(f.seq("commitment\($0)"))].body }
        let context = TrusteeCheckBody.signatureContext(
            setupDigest: ElectionBody.setupDigest(bodyBytes: f.electionBytes), trustee: trustee,
            checked: TrusteeCheckBody.checkedDigest(commitmentBodies: bodies), complaints: complaints)
        // Identity-signed by the trustee (as with a stolen identity key): the Schnorr signature by
        // E_j is what these tamperings test.
        return try f.signed(TrusteeCheckBody(trustee: trustee, complaints: complaints,
                                             signature: try SchnorrProof.prove(secret: secret, publicKey: publicKey, context: context)))
    }

    /// A valid commitment for `trustee` made by the commission (commitments are not signed by the
    /// trustee: only its checks and complaints are).
    static func commissionCommitment(_ f: ElectionFixture, trustee: Int) throws -> TrusteeCommitmentBody {
        let election = try CanonicalJSON.decode(ElectionBody.self, from: f.electionBytes)
        let digest = ElectionBody.setupDigest(bodyBytes: f.electionBytes)
        let polynomial = try SecretPolynomial.random(threshold: election.threshold)
        let commitments = try polynomial.commitments()
        let proof = try SchnorrProof.prove(secret: polynomial.coefficients[0], publicKey: commitments.constantTerm,
                                           context: TrusteeCommitmentBody.proofContext(setupDigest: digest, trustee: trustee))
        var shares: [String: EncryptedShare] = [:]
        for other in election.trustees where other.index != trustee {
            shares[String(other.index)] = try EncryptedShare.seal(
                try polynomial.evaluate(at: other.index), to: other.encryptionKey,
                context: TrusteeCommitmentBody.shareContext(setupDigest: digest, sender: trustee, recipient: other.index))
        }
        let body = TrusteeCommitmentBody(trustee: trustee, commitments: commitments, proof: proof, shares: shares)
        try CeremonyCheck.verifyCommitment(body, election: election, setupDigest: digest)
        return body
    }
}
