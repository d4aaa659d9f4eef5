import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// Regression tests for the findings of the dishonest-commission review (issue 8). Each record is
/// built as a commission holding every token key and the ledger key would build it: fully
/// re-chained and re-signed, so only the semantic checks can catch it.
@Suite("Soundness regressions: records a dishonest commission can sign")
struct SoundnessRegressionTests {
    /// Verifies a rebuilt export; the verifier must return a report (never trap).
    static func verify(_ path: String) throws -> VerificationReport {
        try Scrutineer.verify(path: path, options: ElectionFixture.options())
    }

    static func expectFailure(_ report: VerificationReport, _ check: Check, at seq: UInt64?, containing text: String? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!report.isValid, sourceLocation: sourceLocation)
        let found = report.failures.contains { $0.check == check && $0.seq == seq && (text.map($0.reason.contains) ?? true) }
        #expect(found, "expected \(check.rawValue) at \(seq.map(String.init) ?? "record"); got \(report.failures)",
                sourceLocation: sourceLocation)
    }

    /// The drafts with `inserted` placed before entry `index`.
    static func inserting(_ drafts: [Draft], _ inserted: [Draft], before index: Int) -> [Draft] {
        Array(drafts[..<index]) + inserted + Array(drafts[index...])
    }

    // MARK: - Finding 1: a credential belongs to one district

    /// A north voter's credential gets a south token minted by the commission (or by a colluding
    /// south voter) and casts again in south, re-voting on: it must not count, and must fail
    /// `ballot.credential-district` — before the fix its north ballot was subtracted from south's sums.
    @Test func aReVoteInAnotherDistrictIsNotCounted() throws {
        let f = try ElectionFixture.revoting.get()
        let (path, seq) = try Self.crossDistrictReVote(f)
        let report = try Self.verify(path)
        Self.expectFailure(report, .ballotCredentialDistrict, at: seq, containing: "north")
        // Not counted, and north's ballot not subtracted anywhere: the published tally still matches.
        #expect((report.result(of: .tallyAggregates)?.failed ?? 0) == 0, "\(report.failures)")
        #expect(report.recomputedResult == f.expected)
    }

    /// The record of ``aReVoteInAnotherDistrictIsNotCounted()``: voter 0's credential (north) casts
    /// again in south with a south token the commission minted for it, just before `close`.
    static func crossDistrictReVote(_ f: ElectionFixture) throws -> (path: String, seq: UInt64?) {
        let index = f.ballotSeqs[0]  // north
        let credential = try need(f.credentials[index], "credential")
        let southKey = try need(f.context.tokenKeys["south"], "south key")
        let signing = try need(try ElectionFixture.tokenKeys.get()["south"], "south signing key")
        let request = try TokenRequest.make(electionID: f.manifest.electionID, district: "south", tokenKey: southKey,
                                            credential: credential)
        let token = try request.finalize(blindSignature: signing.blindSign(request.blindedMessage), tokenKey: southKey)
        let south = try BallotBuilder.encrypt(election: f.context, district: "south", choices: ["mayor": ["carol"]],
                                              credential: credential, token: token).ballot
        let close = Int(f.seq("close"))
        let drafts = inserting(f.drafts, [Draft(kind: "ballot", body: try CanonicalJSON.encode(south))], before: close)
        return (try f.writeExport(drafts), UInt64(close))
    }

    // MARK: - Finding 3: no index from a record reaches a trapping conversion

    /// A joint key listing trustee -1 (with a public share): before the fix the published list was
    /// adopted as it stood and `UInt32(trustee)` trapped in the share checks, killing
    /// `scrutineer verify` and `cosign`.
    @Test(arguments: [-1, 1 << 32, 0, 256])
    func aJointKeyWithAnOutOfRangeIndexIsRefused(index: Int) throws {
        let f = try ElectionFixture.shared.get()
        let jointSeq = Int(f.seq("joint-key")), shareSeq = Int(f.seq("share1"))
        let joint = try CanonicalJSON.decode(JointKeyBody.self, from: f.drafts[jointSeq].body)
        let share = try CanonicalJSON.decode(TallyShareBody.self, from: f.drafts[shareSeq].body)
        var publicShares = joint.publicShares
        publicShares[String(index)] = try need(joint.publicShares["1"], "public share")
        let forged = JointKeyBody(jointKey: joint.jointKey, qualified: [index] + joint.qualified, publicShares: publicShares)
        var drafts = Tampering.replacing(f.drafts, jointSeq, body: try CanonicalJSON.encode(forged))
        drafts = Tampering.replacing(drafts, shareSeq, body: try CanonicalJSON.encode(TallyShareBody(trustee: index, shares: share.shares)))
        let report = try Self.verify(try f.writeExport(drafts))
        Self.expectFailure(report, .ceremonyJointKey, at: UInt64(jointSeq), containing: "outside")
    }

    /// A tally share from trustee -1, 0, 256 or 2^32 fails `tally.share-proof`; the record is read to the end.
    @Test(arguments: [-1, 1 << 32, 0, 256])
    func aTallyShareWithAnOutOfRangeIndexIsRefused(index: Int) throws {
        let f = try ElectionFixture.shared.get()
        let shareSeq = Int(f.seq("share1"))
        let share = try CanonicalJSON.decode(TallyShareBody.self, from: f.drafts[shareSeq].body)
        let drafts = Tampering.replacing(f.drafts, shareSeq, body: try CanonicalJSON.encode(TallyShareBody(trustee: index, shares: share.shares)))
        let report = try Self.verify(try f.writeExport(drafts))
        Self.expectFailure(report, .tallyShareProof, at: UInt64(shareSeq), containing: "outside")
        #expect(report.entries == UInt64(f.drafts.count))
    }

    // MARK: - Finding 4: the discrete-log search is bounded by the verifier's own count

    /// A tally claiming 2^40 ballots in a district with none: before the fix the baby-step table was
    /// sized from the claim (minutes and gigabytes per bound). Now the aggregates check fails and the
    /// counts are not decrypted at all.
    @Test func aHugeClaimedBallotCountIsNeverSearched() throws {
        let f = try ElectionFixture.shared.get()
        let tallySeq = Int(f.seq("tally"))
        let tally = try CanonicalJSON.decode(TallyBody.self, from: f.drafts[tallySeq].body)
        var districts = tally.districts
        let west = try need(districts["west"]?["mayor"], "west aggregate")
        districts["west"]?["mayor"] = .init(ballots: 1 << 40, selections: west.selections)
        let drafts = Tampering.replacing(f.drafts, tallySeq, body: try CanonicalJSON.encode(TallyBody(districts: districts)))
        let report = try Self.verify(try f.writeExport(drafts))
        Self.expectFailure(report, .tallyAggregates, at: UInt64(tallySeq))
        Self.expectFailure(report, .tallyCombination, at: f.seq("result"), containing: "not decrypted")
        #expect(report.recomputedResult == nil)
    }

    /// The combination itself refuses a claimed count that is not the verifier's.
    @Test func combineRefusesAClaimThatIsNotTheCount() throws {
        let f = try ElectionFixture.shared.get()
        let tally = try CanonicalJSON.decode(TallyBody.self, from: f.drafts[Int(f.seq("tally"))].body)
        let shares = try ["share1", "share2"].map { try CanonicalJSON.decode(TallyShareBody.self, from: f.drafts[Int(f.seq($0))].body) }
        var counted = f.expected.districts.mapValues(\.ballots)
        #expect(try TallyCheck.combine(tally: tally, shares: shares, threshold: 2, countedBallots: counted) == f.expected)
        counted["north"] = (counted["north"] ?? 0) - 1
        #expect(throws: RecordError.self) {
            _ = try TallyCheck.combine(tally: tally, shares: shares, threshold: 2, countedBallots: counted)
        }
    }

    // MARK: - Finding 12: every entry is covered by a signed checkpoint

    /// The last signed checkpoint covers only up to `close`: the tally, shares and result are
    /// signed by no one. Before the fix this verified as VALID.
    @Test func anUnsignedTailFails() throws {
        let f = try ElectionFixture.shared.get()
        let close = Int(f.seq("close"))
        let report = try Self.verify(try f.writeExport(f.drafts, checkpointSize: close + 1))
        Self.expectFailure(report, .coverage, at: UInt64(close + 1))
        #expect(report.failures.allSatisfy { $0.check == .coverage }, "\(report.failures)")
    }

    @Test func aFullyCoveredRecordPassesCoverage() throws {
        let f = try ElectionFixture.shared.get()
        let report = try Self.verify(f.databasePath)
        #expect(report.isValid, "\(report.failures)")
        #expect((report.result(of: .coverage)?.passed ?? 0) == 1)
    }

    // MARK: - Finding 16: complaint ordering rules (election-record.md §4.4)

    @Test func aSecondComplaintForThePairFails() throws {
        let f = try ElectionFixture.shared.get()
        let complaint = Int(f.seq("complaint"))
        let drafts = Self.inserting(f.drafts, [f.drafts[complaint]], before: complaint + 1)
        let report = try Self.verify(try f.writeExport(drafts))
        Self.expectFailure(report, .ceremonyComplaint, at: UInt64(complaint + 1), containing: "second complaint")
    }

    @Test func aComplaintBeforeTheAccusersCommitmentFails() throws {
        let f = try ElectionFixture.shared.get()
        let complaintSeq = Int(f.seq("complaint"))
        let body = try CanonicalJSON.decode(ComplaintBody.self, from: f.drafts[complaintSeq].body)
        let accuserSeq = Int(f.seq("commitment\(body.accuser)"))
        // The accuser's commitment moves after its complaint (still before the joint key).
        var drafts = f.drafts
        let commitment = drafts.remove(at: accuserSeq)
        drafts.insert(commitment, at: complaintSeq)
        let report = try Self.verify(try f.writeExport(drafts))
        Self.expectFailure(report, .ceremonyComplaint, at: UInt64(complaintSeq - 1), containing: "accuser")
    }
}

// MARK: - Finding 2: a trustee acts on the bytes it verified

/// A source that serves the genuine record on the first read and a forged one on every later read,
/// as a commission serving the file to a trustee could.
final class TwoFacedSource: RecordSource, @unchecked Sendable {
    let genuine: any RecordSource
    let forged: any RecordSource
    private let lock = NSLock()
    private(set) var reads = 0

    init(genuine: any RecordSource, forged: any RecordSource) {
        self.genuine = genuine
        self.forged = forged
    }

    var name: String { genuine.name }
    func publishedVerifierKey() throws -> String? { try genuine.publishedVerifierKey() }
    func checkpointNotes() throws -> [String] { try genuine.checkpointNotes() }
    func estimatedEntryCount() throws -> UInt64? { try genuine.estimatedEntryCount() }
    func subtreeReader() throws -> (any MerkleSubtreeReader)? { nil }
    func entries(from seq: UInt64) throws -> any RecordEntryReader {
        let first = lock.withLock { reads += 1; return reads == 1 }
        return try (first ? genuine : forged).entries(from: seq)
    }
}

extension SoundnessRegressionTests {
    /// Before the fix, `urna trustee decrypt` verified the record, then read it again for the tally:
    /// the second read could hand it a "tally" whose aggregate is one voter's ballot. Now the tally
    /// comes from the verification pass itself, and the record is read once.
    @Test func aTrusteeUsesTheTallyItVerified() throws {
        let f = try ElectionFixture.shared.get()
        let tallySeq = Int(f.seq("tally"))
        let genuine = try CanonicalJSON.decode(TallyBody.self, from: f.drafts[tallySeq].body)
        // The forged tally: north's aggregates replaced by the first voter's own ciphertexts.
        let voter = try f.ballot(at: f.ballotSeqs[0])
        var districts = genuine.districts
        for contest in voter.contests {
            var selections: [String: ElGamalCiphertext] = [:]
            for selection in contest.selections { selections[selection.id] = selection.ciphertext }
            districts["north"]?[contest.id] = .init(ballots: 1, selections: selections)
        }
        let forgedPath = try f.writeExport(Tampering.replacing(f.drafts, tallySeq, body: try CanonicalJSON.encode(TallyBody(districts: districts))))
        let source = TwoFacedSource(genuine: try Scrutineer.openSource(path: f.exportPath),
                                    forged: try Scrutineer.openSource(path: forgedPath))
        let record = try Scrutineer.verifiedRecord(source: source, options: ElectionFixture.options())
        #expect(record.report.isValid, "\(record.report.failures)")
        #expect(record.tally == genuine)
        #expect(record.electionBody == f.drafts[0].body)
        #expect(record.commitments.map(\.trustee) == [1, 2, 3])
        #expect(source.reads == 1)
    }
}

extension Tampering {
    /// The dishonest-commission records of the regression tests, as tamperings (for the corpus the
    /// independent verifier is run on).
    static let soundness: [Tampering] = [
        Tampering(name: "a re-vote in another district with a minted token", check: .ballotCredentialDistrict) { _ in
            try SoundnessRegressionTests.crossDistrictReVote(try ElectionFixture.revoting.get())
        },
        Tampering(name: "an unsigned tail after close", check: .coverage) { fixture in
            let close = Int(fixture.seq("close"))
            return (try fixture.writeExport(fixture.drafts, checkpointSize: close + 1), UInt64(close + 1))
        },
        Tampering(name: "a second complaint for the same pair", check: .ceremonyComplaint) { fixture in
            let complaint = Int(fixture.seq("complaint"))
            let drafts = SoundnessRegressionTests.inserting(fixture.drafts, [fixture.drafts[complaint]], before: complaint + 1)
            return (try fixture.writeExport(drafts), UInt64(complaint + 1))
        },
        Tampering(name: "a tally claiming 2^40 ballots in an empty district", check: .tallyAggregates) { fixture in
            let tallySeq = Int(fixture.seq("tally"))
            let tally = try CanonicalJSON.decode(TallyBody.self, from: fixture.drafts[tallySeq].body)
            var districts = tally.districts
            let west = try need(districts["west"]?["mayor"], "west aggregate")
            districts["west"]?["mayor"] = .init(ballots: 1 << 40, selections: west.selections)
            let drafts = replacing(fixture.drafts, tallySeq, body: try CanonicalJSON.encode(TallyBody(districts: districts)))
            return (try fixture.writeExport(drafts), UInt64(tallySeq))
        },
        Tampering(name: "a ballot under the identity credential, signed R = O, S = 0", check: .ballotShape) { fixture in
            let ballot = try SmallOrderCredentialRecordTests.forgedBallot(fixture, credential: SmallOrderCredentialRecordTests.identity)
            let close = Int(fixture.seq("close"))
            let drafts = SoundnessRegressionTests.inserting(fixture.drafts, [Draft(kind: "ballot", body: try CanonicalJSON.encode(ballot))],
                                                            before: close)
            return (try fixture.writeExport(drafts), UInt64(close))
        },
        Tampering(name: "a ballot carrying a voter_id outside its signed bytes", check: .ballotShape) { fixture in
            let seq = fixture.ballotSeqs[1]
            let changed = Array(fixture.drafts[seq].body.dropLast()) + Array(#","voter_id":"voter-0042"}"#.utf8)
            return (try fixture.writeExport(replacing(fixture.drafts, seq, body: changed)), UInt64(seq))
        },
        Tampering(name: "an election body with a duplicate revoting key", check: .manifest) { fixture in
            let text = String(decoding: fixture.drafts[0].body, as: UTF8.self)
            let changed = text.replacingOccurrences(of: "\"revoting\":false", with: "\"revoting\":true,\"revoting\":false")
            return (try fixture.writeExport(replacing(fixture.drafts, 0, body: Array(changed.utf8))), 0)
        },
        Tampering(name: "a tally body with a number written 2.0", check: .tallyAggregates) { fixture in
            let seq = Int(fixture.seq("tally"))
            let text = String(decoding: fixture.drafts[seq].body, as: UTF8.self)
            let changed = text.replacingOccurrences(of: "\"ballots\":0", with: "\"ballots\":0.0")
            return (try fixture.writeExport(replacing(fixture.drafts, seq, body: Array(changed.utf8))), UInt64(seq))
        },
        Tampering(name: "a tally share of trustee -1", check: .tallyShareProof) { fixture in
            let shareSeq = Int(fixture.seq("share1"))
            let share = try CanonicalJSON.decode(TallyShareBody.self, from: fixture.drafts[shareSeq].body)
            let drafts = replacing(fixture.drafts, shareSeq, body: try CanonicalJSON.encode(TallyShareBody(trustee: -1, shares: share.shares)))
            return (try fixture.writeExport(drafts), UInt64(shareSeq))
        },
    ]
}
