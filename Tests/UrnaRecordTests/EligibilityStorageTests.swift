import Foundation
import Testing
import UrnaCrypto
@testable import UrnaRecord

/// The roll's compact storage: every pseudonym reads back with its district, commitment and
/// issued flag; codes are judged as before; the encoded form survives a round trip; and an odd
/// commitment (not 32 bytes, in a body nobody checked) matches no code instead of shifting others.
@Suite struct EligibilityStorageTests {
    @Test func rollIssuanceAndRoundTrip() throws {
        let fixture = try RecordFixture()
        let electionID = fixture.manifest.electionID
        var eligibility = Eligibility(election: fixture.election.body, setupDigest: [UInt8](repeating: 7, count: 32))
        var codes: [Pseudonym: (district: String, code: ActivationCode)] = [:]
        for (district, count) in [("north", 300), ("south", 200)] {
            var pseudonyms: [String: HexBytes] = [:]
            for _ in 0..<count {
                let pseudonym = try #require(Pseudonym(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) }))
                let code = try ActivationCode.generate()
                codes[pseudonym] = (district, code)
                pseudonyms[pseudonym.hex] = HexBytes(code.commitment(electionID: electionID, pseudonym: pseudonym.bytes))
            }
            let outcome = eligibility.add(roll: RollBody(district: district, pseudonyms: pseudonyms, identitySignature: nil))
            #expect(outcome.added == count && outcome.repeated.isEmpty)
        }
        // One odd commitment of 31 bytes.
        let odd = try #require(Pseudonym(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) }))
        eligibility.add(roll: RollBody(district: "south", pseudonyms: [odd.hex: HexBytes([UInt8](repeating: 1, count: 31))], identitySignature: nil))
        #expect(eligibility.voterCount == 501)
        #expect(eligibility.voter(odd)?.commitment.bytes.count == 31)

        // Issue every third pseudonym; one with a wrong code, one in the wrong district.
        let sorted = codes.keys.sorted()
        var batches: [String: [String: String]] = [:]
        for pseudonym in sorted.enumerated().filter({ $0.offset % 3 == 0 }).map(\.element) {
            batches[codes[pseudonym]?.district ?? "", default: [:]][pseudonym.hex] = codes[pseudonym]?.code.canonical
        }
        let wrongCode = sorted[1], wrongDistrict = sorted[2]
        batches[codes[wrongCode]?.district ?? "", default: [:]][wrongCode.hex] = try ActivationCode.generate().canonical
        let otherDistrict = codes[wrongDistrict]?.district == "north" ? "south" : "north"
        batches[otherDistrict, default: [:]][wrongDistrict.hex] = codes[wrongDistrict]?.code.canonical
        batches["south", default: [:]][odd.hex] = try ActivationCode.generate().canonical
        let issues = eligibility.add(issuance: IssuanceBody(districts: batches))
        #expect(issues.filter { $0.fault == nil }.count == (sorted.count + 2) / 3)
        #expect(issues.first { $0.pseudonym == wrongCode }?.fault == .codeMismatch)
        #expect(issues.first { $0.pseudonym == wrongDistrict }?.fault == .otherDistrict(codes[wrongDistrict]?.district ?? ""))
        #expect(issues.first { $0.pseudonym == odd }?.fault == .codeMismatch)
        // A second issuance of an issued pseudonym is refused.
        let first = sorted[0]
        let again = eligibility.add(issuance: IssuanceBody(districts: [codes[first]?.district ?? "": [first.hex: codes[first]?.code.canonical ?? ""]]))
        #expect(again.first?.fault == .alreadyIssued)

        // Every voter reads back as stored, before and after an encode/decode round trip.
        let decoded = try JSONDecoder().decode(Eligibility.self, from: JSONEncoder().encode(eligibility))
        for model in [eligibility, decoded] {
            #expect(model.voterCount == 501)
            #expect(model.rollSizes == ["north": 300, "south": 201] && model.issued == eligibility.issued)
            for (index, pseudonym) in sorted.enumerated() {
                let voter = try #require(model.voter(pseudonym))
                #expect(voter.district == codes[pseudonym]?.district)
                #expect(voter.commitment.bytes == codes[pseudonym]?.code.commitment(electionID: electionID, pseudonym: pseudonym.bytes))
                #expect(voter.issued == (index % 3 == 0))
            }
            #expect(model.voter(odd)?.commitment.bytes == [UInt8](repeating: 1, count: 31))
            #expect(model.voter(try #require(Pseudonym(bytes: [UInt8](repeating: 0, count: 16)))) == nil)
        }
    }
}
