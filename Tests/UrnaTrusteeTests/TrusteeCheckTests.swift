import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaTrustee

/// A trustee's signed check (`Specs/election-record.md` §4.4a) and the tool's refusal of a record
/// that shows a check or complaint in its name it did not make.
@Suite("Trustee checks in the key file")
struct TrusteeCheckTests {
    func commitmentBodies(_ commitments: [Int: TrusteeCommitmentBody]) throws -> [[UInt8]] {
        try commitments.keys.sorted().compactMap { commitments[$0] }.map { try CanonicalJSON.encode($0) }
    }

    @Test("each trustee signs its check; the check verifies, is stable, and lists its complaints")
    func signedChecks() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let commitments = try e.commitAll(faults: [3: [1: .garbledBox]])
        let bodies = try Dictionary(uniqueKeysWithValues: commitments.map { ($0.key, try CanonicalJSON.encode($0.value)) })
        for index in 0..<3 {
            let message = try e.keyFiles[index].check(electionBodyBytes: e.bytes, commitments: Array(commitments.values))
            #expect(message.check.trustee == index + 1)
            #expect(message.check.complaints == (index == 0 ? [3] : []))
            #expect(message.complaints.map(\.accused) == message.check.complaints)
            try CeremonyCheck.verifyCheck(message.check, election: e.body, setupDigest: e.setupDigest, commitmentBodies: bodies,
                                          complaintsFiled: Set(message.check.complaints))
            // Asked again: the same signed check, byte for byte.
            #expect(try e.keyFiles[index].check(electionBodyBytes: e.bytes, commitments: Array(commitments.values)) == message)
            #expect(e.keyFiles[index].check == message.check)
        }
    }

    @Test("a check verifies only under its trustee's key, over these commitments, with exactly its complaints")
    func checkVerificationRefusals() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let commitments = try e.commitAll(faults: [3: [1: .wrongValue]])
        let bodies = try Dictionary(uniqueKeysWithValues: commitments.map { ($0.key, try CanonicalJSON.encode($0.value)) })
        let message = try e.keyFiles[0].check(electionBodyBytes: e.bytes, commitments: Array(commitments.values))
        func verify(_ check: TrusteeCheckBody, bodies: [Int: [UInt8]] = bodies, filed: Set<Int> = [3]) throws {
            try CeremonyCheck.verifyCheck(check, election: e.body, setupDigest: e.setupDigest, commitmentBodies: bodies, complaintsFiled: filed)
        }
        try verify(message.check)
        // The complaint entry is missing from the record, or an extra one is there.
        expectRecordError(.badCheck) { try verify(message.check, filed: []) }
        expectRecordError(.badCheck) { try verify(message.check, filed: [2, 3]) }
        // Claimed for another trustee, or with the list changed: the signature fails.
        expectRecordError(.badCheck) {
            try verify(TrusteeCheckBody(trustee: 2, complaints: [3], signature: message.check.signature))
        }
        expectRecordError(.badCheck) { try verify(TrusteeCheckBody(trustee: 1, complaints: [], signature: message.check.signature), filed: []) }
        // Out of range, self-accusing, unordered lists.
        expectRecordError(.badCheck) { try verify(TrusteeCheckBody(trustee: 4, complaints: [], signature: message.check.signature), filed: []) }
        expectRecordError(.badCheck) { try verify(TrusteeCheckBody(trustee: 1, complaints: [1], signature: message.check.signature), filed: [1]) }
        expectRecordError(.badCheck) {
            try verify(TrusteeCheckBody(trustee: 1, complaints: [3, 2], signature: message.check.signature), filed: [2, 3])
        }
        // Before trustee 3's commitment, or over a different commitment of trustee 2.
        var partial = bodies
        partial[3] = nil
        expectRecordError(.badCheck) { try verify(message.check, bodies: partial) }
        var swapped = bodies
        swapped[2] = bodies[3]
        expectRecordError(.badCheck) { try verify(message.check, bodies: swapped) }
        // Replayed into another election with the same trustees and commitments (another setup digest).
        let otherDigest = ElectionBody.setupDigest(bodyBytes: e.bytes + [0x20])
        expectRecordError(.badCheck) {
            try CeremonyCheck.verifyCheck(message.check, election: e.body, setupDigest: otherDigest, commitmentBodies: bodies,
                                          complaintsFiled: [3])
        }
    }

    @Test("a trustee cannot check before every commitment is in")
    func checkNeedsEveryCommitment() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let commitments = try e.commitAll()
        expectRecordError(.incompleteCeremony) {
            _ = try e.keyFiles[0].check(electionBodyBytes: e.bytes, commitments: [commitments[1]!, commitments[2]!])
        }
        #expect(e.keyFiles[0].check == nil)
    }

    @Test("the tool refuses a record showing a check or a complaint in its name that it did not make")
    func auditRefusesWhatIsNotMine() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let commitments = try e.commitAll(faults: [3: [1: .wrongValue]])
        let message = try e.keyFiles[0].check(electionBodyBytes: e.bytes, commitments: Array(commitments.values))
        let other = try e.keyFiles[1].check(electionBodyBytes: e.bytes, commitments: Array(commitments.values))
        // What it made passes, and so do other trustees' entries.
        try e.keyFiles[0].audit(checks: [message.check, other.check], complaints: message.complaints, electionBodyBytes: e.bytes)
        // A "no complaint" in trustee 1's name (whatever its signature).
        let forged = TrusteeCheckBody(trustee: 1, complaints: [], signature: message.check.signature)
        expectRecordError(.notMine) { try e.keyFiles[0].audit(checks: [forged], complaints: [], electionBodyBytes: e.bytes) }
        // A complaint in its name against trustee 2, which it never made.
        let invented = try e.keyFiles[0].makeComplaint(against: commitments[2]!, electionBodyBytes: e.bytes)
        expectRecordError(.notMine) { try e.keyFiles[0].audit(checks: [], complaints: [invented], electionBodyBytes: e.bytes) }
        // A trustee that never checked refuses a record with a check in its name.
        let third = TrusteeCheckBody(trustee: 3, complaints: [], signature: message.check.signature)
        expectRecordError(.notMine) { try e.keyFiles[2].audit(checks: [third], complaints: [], electionBodyBytes: e.bytes) }
    }

    @Test("the signed check survives writing and reading the key file")
    func checkIsStored() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let commitments = try e.commitAll()
        let message = try e.keyFiles[1].check(electionBodyBytes: e.bytes, commitments: Array(commitments.values))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("urna-check-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try e.keyFiles[1].write(to: path)
        var read = try TrusteeKeyFile.read(from: path)
        #expect(read.check == message.check)
        #expect(try read.check(electionBodyBytes: e.bytes, commitments: Array(commitments.values)).check == message.check)
    }
}
