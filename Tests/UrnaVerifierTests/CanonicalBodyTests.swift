import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// A dishonest commission writes bodies that other JSON readers would read differently, or that
/// carry data outside the signed bytes; the verifier refuses them (`Specs/election-record.md` §1,
/// review findings 7 and 14). Each record is re-chained and its checkpoint re-signed.
@Suite("Verifier: entry bodies must be canonical (RFC 8785) and carry no unknown field")
struct CanonicalBodyVerifierTests {
    func verifyReplacing(_ fixture: ElectionFixture, seq: Int, body: [UInt8]) throws -> VerificationReport {
        var drafts = fixture.drafts
        drafts[seq].body = body
        return try Scrutineer.verify(path: try fixture.writeExport(drafts), options: ElectionFixture.options())
    }

    func expectCaught(_ report: VerificationReport, _ check: Check, seq: Int, naming fragment: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!report.isValid, sourceLocation: sourceLocation)
        let failure = report.failures.first { $0.check == check && $0.seq == UInt64(seq) }
        #expect(failure != nil, "expected \(check.rawValue) at \(seq); got \(report.failures)", sourceLocation: sourceLocation)
        #expect(failure?.reason.contains(fragment) == true, "\(String(describing: failure))", sourceLocation: sourceLocation)
    }

    @Test("a ballot with a voter_id outside its signed bytes fails ballot.shape at its entry")
    func ballotWithVoterID() throws {
        let fixture = try ElectionFixture.shared.get()
        let seq = fixture.ballotSeqs[1]
        let body = fixture.drafts[seq].body
        #expect(body.last == UInt8(ascii: "}"))
        // "voter_id" sorts after every ballot field, so the body stays in JCS form.
        let changed = Array(body.dropLast()) + Array(#","voter_id":"voter-0042"}"#.utf8)
        expectCaught(try verifyReplacing(fixture, seq: seq, body: changed), .ballotShape, seq: seq, naming: "unknown field 'voter_id'")
    }

    @Test("an election body with a duplicate key fails the manifest check at seq 0")
    func electionWithDuplicateKey() throws {
        let fixture = try ElectionFixture.shared.get()
        let text = String(decoding: fixture.drafts[0].body, as: UTF8.self)
        #expect(text.contains("\"revoting\":false"))
        let changed = Array(text.replacingOccurrences(of: "\"revoting\":false", with: "\"revoting\":true,\"revoting\":false").utf8)
        expectCaught(try verifyReplacing(fixture, seq: 0, body: changed), .manifest, seq: 0, naming: "duplicate key 'revoting'")
    }

    @Test("a tally body with white space fails at its entry")
    func tallyWithWhiteSpace() throws {
        let fixture = try ElectionFixture.shared.get()
        let seq = Int(fixture.seq("tally"))
        let report = try verifyReplacing(fixture, seq: seq, body: fixture.drafts[seq].body + [0x0A])
        #expect(!report.isValid)
        #expect(report.failures.contains { $0.seq == UInt64(seq) && $0.reason.contains("white space") }, "\(report.failures)")
    }
}
