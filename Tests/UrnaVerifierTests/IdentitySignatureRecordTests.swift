import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaTrustee
@testable import UrnaVerifier

/// Trustees are who they say (`Specs/crypto.md` §6, `Specs/election-record.md` §4.2a–§4.2b): the
/// commission holds every key but the trustees' identity keys. Each record below is re-chained and
/// re-signed with the ledger key (the commission can), and must fail the named check at the
/// named entry, in scrutineer and (through the corpus) in the independent verifier.
@Suite("Identity signatures and the pledge round in the record")
struct IdentitySignatureRecordTests {
    @Test(arguments: Tampering.identity)
    func tampering(_ tampering: Tampering) throws {
        let report = try tampering.expectCaught()
        #expect((report.result(of: tampering.check)?.failed ?? 0) > 0)
    }

    @Test("the valid record passes identity.signature for every trustee entry, pledges and reveals")
    func validRecordCounts() throws {
        let f = try ElectionFixture.shared.get()
        let report = try Scrutineer.verify(path: f.exportPath, options: ElectionFixture.options())
        #expect(report.isValid, "\(report.failures)")
        // 3 pledges, 3 commitments, 1 complaint, 3 checks, 2 tally shares.
        #expect(report.result(of: .identitySignature)?.passed == 12)
        #expect(report.result(of: .ceremonyPledge)?.passed == 3)
        #expect(report.result(of: .ceremonyReveal)?.passed == 3)
        #expect(report.identityKeys?.map(\.name) == ["t1", "t2", "t3", "registrar"])
        #expect(report.identityKeys?.map(\.role) == ["trustee", "trustee", "trustee", "registrar"])
        #expect(report.identityKeys?.allSatisfy { $0.fingerprint.count == 39 } == true)
        #expect(report.identityKeys?.last?.fingerprint == f.registrar.fingerprint)
        let text = report.renderText()
        #expect(text.contains("trustee  t1 (1) identity key fingerprint \(IdentityKeyFingerprint.of(f.keyFiles[0].identityKey.bytes))"), "\(text)")
    }

    /// A body of entry `name` with its identity signature replaced by `signature(unsignedBytes)`.
    static func resigned<Body: TrusteeSignedBody>(_ f: ElectionFixture, _ name: String, as type: Body.Type,
                                                  _ signature: ([UInt8]) throws -> [UInt8]) throws -> (String, UInt64) {
        let seq = Int(f.seq(name))
        let body = try CanonicalJSON.decode(type, from: f.drafts[seq].body)
        let forged = body.withIdentitySignature(HexBytes(try signature(try body.unsignedBytes())))
        return (try f.writeExport(Tampering.replacing(f.drafts, seq, body: try CanonicalJSON.encode(forged))), UInt64(seq))
    }

    /// The body of entry `name`, signed by the commission with an identity key it made.
    static func commissionSigned<Body: TrusteeSignedBody>(_ f: ElectionFixture, _ name: String, as type: Body.Type) throws -> (String, UInt64) {
        let key = try Ed25519PrivateKey()
        return try resigned(f, name, as: type) {
            try IdentitySignature.sign(key, setupDigest: ElectionBody.setupDigest(bodyBytes: f.electionBytes),
                                       kind: Body.entryKind, unsignedBody: $0)
        }
    }
}

extension Tampering {
    static let identity: [Tampering] = [
        // The commission writes trustee messages in a trustee's name, signed with a key it made.
        Tampering(name: "a pledge in trustee 1's name signed with the commission's key", check: .identitySignature) { f in
            try IdentitySignatureRecordTests.commissionSigned(f, "pledge1", as: TrusteePledgeBody.self)
        },
        Tampering(name: "a commitment in trustee 2's name signed with the commission's key", check: .identitySignature) { f in
            try IdentitySignatureRecordTests.commissionSigned(f, "commitment2", as: TrusteeCommitmentBody.self)
        },
        Tampering(name: "a complaint in trustee 1's name signed with the commission's key", check: .identitySignature) { f in
            try IdentitySignatureRecordTests.commissionSigned(f, "complaint", as: ComplaintBody.self)
        },
        Tampering(name: "a check in trustee 2's name signed with the commission's key", check: .identitySignature) { f in
            try IdentitySignatureRecordTests.commissionSigned(f, "check2", as: TrusteeCheckBody.self)
        },
        Tampering(name: "a tally share in trustee 1's name signed with the commission's key", check: .identitySignature) { f in
            try IdentitySignatureRecordTests.commissionSigned(f, "share1", as: TallyShareBody.self)
        },
        // Trustee 2's own signature over the same bytes, but made for another entry kind.
        Tampering(name: "a check whose signature trustee 2 made for another entry kind", check: .identitySignature) { f in
            let key = try f.keyFiles[1].identityPrivateKey()
            return try IdentitySignatureRecordTests.resigned(f, "check2", as: TrusteeCheckBody.self) {
                try IdentitySignature.sign(key, setupDigest: ElectionBody.setupDigest(bodyBytes: f.electionBytes),
                                           kind: .trusteeCommitment, unsignedBody: $0)
            }
        },
        // Trustee 1's own signature over the same bytes, made for another election.
        Tampering(name: "a pledge whose signature trustee 1 made for another election", check: .identitySignature) { f in
            let key = try f.keyFiles[0].identityPrivateKey()
            return try IdentitySignatureRecordTests.resigned(f, "pledge1", as: TrusteePledgeBody.self) {
                try IdentitySignature.sign(key, setupDigest: SHA256.hash(Array("another election".utf8)),
                                           kind: .trusteePledge, unsignedBody: $0)
            }
        },
        // A signature copied from another entry of the same trustee (its commitment's, on its pledge).
        Tampering(name: "a pledge carrying the signature of trustee 3's commitment", check: .identitySignature) { f in
            let commitment = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: f.drafts[Int(f.seq("commitment3"))].body)
            return try IdentitySignatureRecordTests.resigned(f, "pledge3", as: TrusteePledgeBody.self) { _ in
                try need(commitment.identitySignature, "signature").bytes
            }
        },
        // A rushing trustee (3, signing with its own key) reveals a polynomial other than the pledged one.
        Tampering(name: "a rushing trustee reveals commitments other than its pledge", check: .ceremonyReveal) { f in
            let seq = Int(f.seq("commitment3"))
            let other = try f.signed(try commissionCommitment(f, trustee: 3))
            return (try f.writeExport(replacing(f.drafts, seq, body: try CanonicalJSON.encode(other))), UInt64(seq))
        },
        // Trustee 1 reveals before trustee 3 has pledged (the pledge moved after the commitment):
        // the commitment fails the reveal, and the late pledge fails as a pledge after a commitment.
        Tampering(name: "a commitment before every pledge is in", check: .ceremonyReveal) { f in
            let drafts = moving(f.drafts, from: Int(f.seq("pledge3")), before: Int(f.seq("commitment1")) + 1)
            return (try f.writeExport(drafts), f.seq("pledge3"))
        },
        Tampering(name: "a pledge after a commitment", check: .ceremonyPledge) { f in
            let drafts = moving(f.drafts, from: Int(f.seq("pledge3")), before: Int(f.seq("commitment1")) + 1)
            return (try f.writeExport(drafts), f.seq("commitment1"))
        },
        Tampering(name: "a second pledge of the same trustee", check: .ceremonyPledge) { f in
            let seq = Int(f.seq("pledge2"))
            return (try f.writeExport(SoundnessRegressionTests.inserting(f.drafts, [f.drafts[seq]], before: seq + 1)), UInt64(seq + 1))
        },
        Tampering(name: "a pledge after the joint key", check: .phaseOrder) { f in
            let seq = Int(f.seq("joint-key"))
            let extra = f.drafts[Int(f.seq("pledge1"))]
            return (try f.writeExport(SoundnessRegressionTests.inserting(f.drafts, [extra], before: seq + 1)), UInt64(seq + 1))
        },
        Tampering(name: "a pledge of a trustee index outside 1…n", check: .ceremonyPledge) { f in
            let seq = Int(f.seq("pledge3"))
            let pledge = try CanonicalJSON.decode(TrusteePledgeBody.self, from: f.drafts[seq].body)
            let extra = Draft(kind: "trustee-pledge", body: try CanonicalJSON.encode(
                TrusteePledgeBody(trustee: 4, commitmentsHash: pledge.commitmentsHash, identitySignature: pledge.identitySignature)))
            return (try f.writeExport(SoundnessRegressionTests.inserting(f.drafts, [extra], before: seq + 1)), UInt64(seq + 1))
        },
        // A body that no longer decodes is judged under its own check before its signature (§4.2b step 1).
        Tampering(name: "a check whose complaint index does not decode, not re-signed", check: .ceremonyCheck) { f in
            let seq = Int(f.seq("check1"))
            let text = String(decoding: f.drafts[seq].body, as: UTF8.self)
            let edited = text.replacingOccurrences(of: "\"complaints\":[3]", with: "\"complaints\":[4294967299]")
            #expect(edited != text)
            return (try f.writeExport(replacing(f.drafts, seq, body: Array(edited.utf8))), UInt64(seq))
        },
        Tampering(name: "a check whose Schnorr commitment is the point at infinity, not re-signed", check: .ceremonyCheck) { f in
            let seq = Int(f.seq("check2"))
            let check = try CanonicalJSON.decode(TrusteeCheckBody.self, from: f.drafts[seq].body)
            let text = String(decoding: f.drafts[seq].body, as: UTF8.self)
            let edited = text.replacingOccurrences(of: check.signature.commitment.hex, with: "00")
            return (try f.writeExport(replacing(f.drafts, seq, body: Array(edited.utf8))), UInt64(seq))
        },
        Tampering(name: "a commitment with no identity_signature", check: .ceremonyCommitment) { f in
            let seq = Int(f.seq("commitment2"))
            let body = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: f.drafts[seq].body)
            return (try f.writeExport(replacing(f.drafts, seq, body: try CanonicalJSON.encode(body.withIdentitySignature(nil)))), UInt64(seq))
        },
    ]
}
