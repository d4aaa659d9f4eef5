import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// The rules a second verifier had to guess (issue 8, finding 16), now exact in `Specs/`, each
/// pinned by a record built as a dishonest commission would build it (re-chained, re-signed).
@Suite("Spec rules: ballot.unique, spoiled.limit and entry times")
struct SpecRuleTests {
    typealias R = SoundnessRegressionTests

    /// election-record.md §5.6: an earlier occurrence counts for `ballot.unique` whatever its own
    /// phase — a copy of a ballot placed before `open` (out of phase) makes the genuine one a replay.
    @Test func anOutOfPhaseEarlierOccurrenceCountsForBallotUnique() throws {
        let f = try ElectionFixture.shared.get()
        let ballotIndex = f.ballotSeqs[3]
        let open = Int(f.seq("open"))
        let drafts = R.inserting(f.drafts, [f.drafts[ballotIndex]], before: open)
        let report = try R.verify(try f.writeExport(drafts))
        R.expectFailure(report, .phaseOrder, at: UInt64(open))
        R.expectFailure(report, .ballotUnique, at: UInt64(ballotIndex + 1))
    }

    /// election-record.md §4.7: a valid spoil whose nonces do not check still uses up the limit
    /// (spoil_limit is 1 in the fixture), so the credential's genuine spoil after it exceeds it.
    @Test func aSpoilWithBadNoncesUsesUpTheLimit() throws {
        let f = try ElectionFixture.shared.get()
        // The same voter's fresh ballot, spoiled with a wrong nonce.
        let (spoiledIndex, ballot, secrets) = try Self.freshBallotOfTheFirstSpoiler(f)
        var nonces = secrets.nonces
        let contest = try need(ballot.contests.first?.id, "contest"), candidate = try need(ballot.contests.first?.selections.first?.id, "selection")
        nonces[contest]?[candidate] = try Scalar.random()
        let bad = try CanonicalJSON.encode(SpoiledBody(ballot: ballot, secrets: .init(nonces: nonces, choices: secrets.choices)))
        let drafts = R.inserting(f.drafts, [Draft(kind: "spoiled", body: bad)], before: spoiledIndex)
        let report = try R.verify(try f.writeExport(drafts))
        R.expectFailure(report, .spoiledNonces, at: UInt64(spoiledIndex))
        R.expectFailure(report, .spoiledLimit, at: UInt64(spoiledIndex + 1))
    }

    /// election-record.md §4.7: a spoil that fails a ballot check (here its signature) does not
    /// use up the limit: the genuine spoil after it is within the limit.
    @Test func anInvalidSpoilDoesNotUseUpTheLimit() throws {
        let f = try ElectionFixture.shared.get()
        let (spoiledIndex, ballot, secrets) = try Self.freshBallotOfTheFirstSpoiler(f)
        var signature = ballot.signature.bytes
        signature[0] ^= 1
        let forged = Tampering.rebuild(ballot, signature: signature)
        let bad = try CanonicalJSON.encode(SpoiledBody(ballot: forged, secrets: secrets))
        let drafts = R.inserting(f.drafts, [Draft(kind: "spoiled", body: bad)], before: spoiledIndex)
        let report = try R.verify(try f.writeExport(drafts))
        R.expectFailure(report, .ballotCredentialSignature, at: UInt64(spoiledIndex))
        #expect((report.result(of: .spoiledLimit)?.failed ?? 0) == 0, "\(report.failures)")
        #expect(report.failures.allSatisfy { $0.seq == UInt64(spoiledIndex) }, "\(report.failures)")
    }

    /// The first spoiled entry's index, and a fresh ballot of the same voter (same credential,
    /// token and choices) with its secrets.
    static func freshBallotOfTheFirstSpoiler(_ f: ElectionFixture) throws -> (Int, Ballot, BallotBuilder.Secrets) {
        let spoiledIndex = f.spoiledSeqs[0]
        let spoiled = try CanonicalJSON.decode(SpoiledBody.self, from: f.drafts[spoiledIndex].body)
        let credential = try need(f.credentials[spoiledIndex], "credential")
        let (ballot, secrets) = try BallotBuilder.encrypt(election: f.context, district: spoiled.ballot.district,
                                                          choices: spoiled.choices.mapValues(Set.init),
                                                          credential: credential, token: spoiled.ballot.token)
        return (spoiledIndex, ballot, secrets)
    }

    /// ledger.md §2.1: `0 ≤ time ≤ 2^63 − 1`; a line with time 2^63 is malformed, and the largest
    /// time is a valid field (no comparison with the verifier's clock).
    @Test func entryTimesAreBoundedByTheirFieldOnly() throws {
        let f = try ElectionFixture.shared.get()
        var lines = try f.exportLines()
        let last = lines.count - 1
        lines[last] = lines[last].replacingOccurrences(of: #""time":\d+"#, with: "\"time\":9223372036854775808", options: .regularExpression)
        let report = try R.verify(try f.writeRawExport(lines: lines))
        R.expectFailure(report, .entryFormat, at: UInt64(last))

        let times = [f.drafts.count - 1: Int64.max]
        let far = try R.verify(try f.writeExport(f.drafts, times: times))
        #expect(far.isValid, "\(far.failures)")
    }
}
