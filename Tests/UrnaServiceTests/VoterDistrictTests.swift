import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// Issue 9, reproduction 1: a token request for another district than the voter's own is
/// refused before anything is recorded, so the voter's one token is never burnt.
@Suite struct VoterDistrictTests {
    @Test func aRequestForAnotherDistrictRecordsNothing() throws {
        let f = try ServiceFixture()
        let codes = try f.openWithRoll()
        let v1 = try #require(codes["v1"])  // north
        let context = try f.service.electionContext()
        let south = try #require(context.tokenKeys["south"]), north = try #require(context.tokenKeys["north"])
        let wrong = try TokenRequest.make(electionID: f.manifest.electionID, district: "south", tokenKey: south)
        expectRefused(.voterOtherDistrict) {
            _ = try f.service.issueToken(pseudonym: f.pseudonym("v1"), activationCode: v1.code, district: "south", blindedMessage: wrong.blindedMessage)
        }
        #expect(try f.service.issuedCounts().isEmpty)
        // The district lookup needs the code, and gives the roll's district.
        #expect(try f.service.voterDistrict(pseudonym: f.pseudonym("v1"), activationCode: v1.code) == "north")
        expectRefused(.notAuthorized) { _ = try f.service.voterDistrict(pseudonym: f.pseudonym("v1"), activationCode: try #require(codes["v2"]).code) }
        expectRefused(.notAuthorized) { _ = try f.service.voterDistrict(pseudonym: f.pseudonym("nobody"), activationCode: v1.code) }
        // The right district still gets its token, which verifies.
        let right = try TokenRequest.make(electionID: f.manifest.electionID, district: "north", tokenKey: north)
        let signature = try f.service.issueToken(pseudonym: f.pseudonym("v1"), activationCode: v1.code, district: "north", blindedMessage: right.blindedMessage)
        _ = try right.finalize(blindSignature: signature, tokenKey: north)
        #expect(try f.service.issuedCounts() == ["north": 1])
    }

    @Test func theDistrictLookupNeedsAnOpenElection() throws {
        let f = try ServiceFixture()
        let codes = try f.importRoll()
        expectRefused(.wrongPhase) { _ = try f.service.voterDistrict(pseudonym: f.pseudonym("v1"), activationCode: try #require(codes["v1"]).code) }
    }
}
