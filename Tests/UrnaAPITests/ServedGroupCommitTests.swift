import Foundation
import Testing
import UrnaCrypto
import UrnaHTTP
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// Issuance and casting under concurrent load through the real socket: issued tokens are
/// group-committed and ballots' proofs batch-checked, and every guarantee of the single path
/// still holds.
@Suite(.serialized) struct ServedGroupCommitTests {
    /// Many voters ask at the same moment: every answer is a valid, distinct blind signature whose
    /// row is already committed when it arrives (another connection to the store sees it); the
    /// same request again gets the same answer, a different request is refused.
    @Test func concurrentIssuanceIsDurableDistinctAndOncePerPseudonym() throws {
        let served = try ServedFixture(voters: 24)
        let letters = served.letters
        let context = served.context
        let requests = try letters.map { letter in
            try TokenRequest.make(electionID: served.election.manifest.electionID, district: letter.district,
                                  tokenKey: #require(context.tokenKeys[letter.district]))
        }
        let answers = ServedFixture.together(letters.count) { index in
            try served.requestToken(letters[index], blinded: requests[index].blindedMessage)
        }
        var signatures: [[UInt8]] = []
        for (index, answer) in answers.enumerated() {
            let response = try answer.get()
            let blind = try #require(ServedFixture.blindSignature(response), "\(response.status) \(response.text)")
            let key = try #require(context.tokenKeys[letters[index].district])
            _ = try requests[index].finalize(blindSignature: blind, tokenKey: key)
            signatures.append(blind)
        }
        #expect(Set(signatures).count == letters.count)

        // Durable on answer: a separate read-only opening of the election sees every row now.
        let reader = try ElectionService.open(directory: served.election.directory, readOnly: true)
        #expect(try reader.issuedCounts() == ["north": 12, "south": 12])
        reader.close()

        // The same requests again (concurrently): the same answers; different ones: refused.
        let replays = ServedFixture.together(letters.count) { index in
            try served.requestToken(letters[index], blinded: requests[index].blindedMessage)
        }
        for (index, replay) in replays.enumerated() {
            #expect(ServedFixture.blindSignature(try replay.get()) == signatures[index])
        }
        let other = try TokenRequest.make(electionID: served.election.manifest.electionID, district: letters[0].district,
                                          tokenKey: #require(context.tokenKeys[letters[0].district]))
        let refused = try served.requestToken(letters[0], blinded: other.blindedMessage)
        #expect(refused.status == 409 && refused.problem?.code == "already-issued", "\(refused.status) \(refused.text)")
    }

    /// One pseudonym asked twice at the same moment, with two different requests: exactly one
    /// is answered, the other refused `already-issued`; with the same request twice, both get
    /// the same signature.
    @Test func racingRequestsForOnePseudonym() throws {
        let served = try ServedFixture(voters: 2)
        let letter = served.letters[0]
        let key = try #require(served.context.tokenKeys[letter.district])
        let electionID = served.election.manifest.electionID
        let first = try TokenRequest.make(electionID: electionID, district: letter.district, tokenKey: key)
        let second = try TokenRequest.make(electionID: electionID, district: letter.district, tokenKey: key)
        let blinded = [first.blindedMessage, second.blindedMessage]
        let conflicting = ServedFixture.together(8) { index in try served.requestToken(letter, blinded: blinded[index % 2]) }
        let responses = try conflicting.map { try $0.get() }
        let answered = responses.enumerated().filter { $0.element.status == 200 }
        #expect(!answered.isEmpty)
        // Every answer is for the one request that won; every other request was refused.
        let winners = Set(answered.map { $0.offset % 2 })
        #expect(winners.count == 1)
        for (index, response) in responses.enumerated() where !winners.contains(index % 2) {
            #expect(response.status == 409 && response.problem?.code == "already-issued", "\(response.status) \(response.text)")
        }
        #expect(Set(answered.compactMap { ServedFixture.blindSignature($0.element) }).count == 1)

        let other = served.letters[1]
        let same = try TokenRequest.make(electionID: electionID, district: other.district,
                                         tokenKey: #require(served.context.tokenKeys[other.district]))
        let twice = ServedFixture.together(4) { _ in try served.requestToken(other, blinded: same.blindedMessage) }
        let signatures = try twice.map { try #require(ServedFixture.blindSignature(try $0.get())) }
        #expect(Set(signatures).count == 1)
    }

    /// Ballots cast at the same moment, one of them with a forged proof (re-signed, so only the
    /// proof's group equation catches it): only that one is refused, `bad-proof`, naming the
    /// equation; every other gets its receipt with an entry of its own.
    @Test func aForgedBallotInABatchIsTheOnlyOneRefused() throws {
        let served = try ServedFixture(voters: 16)
        var ballots = try served.letters.map { try served.ballot($0) }
        let forged = 5
        ballots[forged].0 = try Self.forgedProof(ballots[forged].0, credential: ballots[forged].1)
        let cast = ballots.map(\.0)
        let responses = try ServedFixture.together(cast.count) { index in try served.cast(cast[index]) }.map { try $0.get() }
        var seqs = Set<UInt64>()
        for (index, response) in responses.enumerated() {
            if index == forged {
                #expect(response.status == 403 && response.problem?.code == "bad-proof", "\(response.status) \(response.text)")
                #expect(response.problem?.detail.contains("does not hold") == true, "\(response.text)")
            } else {
                #expect(response.status == 201, "\(response.status) \(response.text)")
                let receipt = try Receipt.decode(response.body)
                #expect(receipt.trackingCode.bytes == cast[index].trackingCode)
                seqs.insert(receipt.seq)
            }
        }
        #expect(seqs.count == cast.count - 1)
        // The same valid ballots again at once: each refused as a replay, none recorded twice.
        let again = try ServedFixture.together(4) { index in try served.cast(cast[index]) }.map { try $0.get() }
        for response in again { #expect(response.problem?.code == "ballot-replayed", "\(response.text)") }
    }

    /// The ballot with its first selection's proof response changed, signed again by its credential.
    static func forgedProof(_ ballot: Ballot, credential: Ed25519PrivateKey) throws -> Ballot {
        let contest = ballot.contests[0]
        let selection = contest.selections[0]
        let proof = selection.proof
        let branch = proof.branches[1]
        let altered = RangeProof(min: proof.min, branches: [proof.branches[0],
                                                            .init(a: branch.a, b: branch.b, challenge: branch.challenge, response: branch.response + .one)])
        let contests = [Ballot.Contest(id: contest.id, selections: [Ballot.Selection(id: selection.id, ciphertext: selection.ciphertext, proof: altered)]
                                       + contest.selections.dropFirst(), sumProof: contest.sumProof)] + ballot.contests.dropFirst()
        let unsigned = Ballot(electionHash: ballot.electionHash.bytes, district: ballot.district, credential: ballot.credential.bytes,
                              token: ballot.token, contests: contests, signature: ballot.signature.bytes)
        return Ballot(electionHash: unsigned.electionHash.bytes, district: unsigned.district, credential: unsigned.credential.bytes,
                      token: unsigned.token, contests: unsigned.contests, signature: try credential.signature(for: unsigned.canonicalBytes))
    }
}
