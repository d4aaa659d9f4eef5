import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// Review finding 11 end to end: the token-key holder issues a token for the identity
/// credential and casts a ballot "signed" by it with R = O, S = 0. The verifier must name
/// the entry (today's ballot checks accepted it; only the tally figures would disagree).
@Suite("A ballot under a small-order credential is caught at its entry")
struct SmallOrderCredentialRecordTests {
    static let identity: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 31)

    /// A south ballot (mayor: no selection) under `credential`, with a genuine token for it
    /// and proofs bound to it, "signed" R = O, S = 0.
    static func forgedBallot(_ fixture: ElectionFixture, credential: [UInt8]) throws -> Ballot {
        let district = "south"
        let context = fixture.context
        let tokenKey = try need(context.tokenKeys[district], "token key")
        let signingKey = try need(try ElectionFixture.tokenKeys.get()[district], "signing key")
        let message = try BlindRSA.tokenMessage(electionID: context.manifest.electionID, districtID: district,
                                                credentialPublicKey: credential)
        let prepared = try tokenKey.prepare(message, variant: .sha384PSSRandomized)
        let (blinded, inverse) = try tokenKey.blind(prepared, variant: .sha384PSSRandomized)
        let signature = try tokenKey.finalize(signingKey.blindSign(blinded), preparedMessage: prepared,
                                              inverse: inverse, variant: .sha384PSSRandomized)
        let token = Ballot.Token(prefix: Array(prepared.prefix(BlindRSA.messagePrefixLength)), signature: signature)
        var contests: [Ballot.Contest] = []
        for contest in context.manifest.contests(inDistrict: district) {
            var selections: [Ballot.Selection] = []
            var sumNonce = Scalar.zero
            for candidate in contest.candidates {
                let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(0, publicKey: context.jointKey)
                let proofContext = Ballot.proofContext(electionHash: context.electionHash, district: district,
                                                       contest: contest.id, selection: candidate.id, credential: credential)
                selections.append(Ballot.Selection(id: candidate.id, ciphertext: ciphertext, proof: try RangeProof.prove(
                    ciphertext: ciphertext, value: 0, nonce: nonce, range: 0...1, publicKey: context.jointKey, context: proofContext)))
                sumNonce += nonce
            }
            let proofContext = Ballot.proofContext(electionHash: context.electionHash, district: district,
                                                   contest: contest.id, selection: nil, credential: credential)
            let sum = try ElGamalCiphertext.sum(selections.map(\.ciphertext))
            contests.append(Ballot.Contest(id: contest.id, selections: selections, sumProof: try RangeProof.prove(
                ciphertext: sum, value: 0, nonce: sumNonce, range: contest.min...contest.max, publicKey: context.jointKey,
                context: proofContext)))
        }
        return Ballot(electionHash: context.electionHash, district: district, credential: credential, token: token,
                      contests: contests, signature: identity + [UInt8](repeating: 0, count: 32))
    }

    @Test func identityCredentialBallotFailsAtItsEntry() throws {
        let fixture = try ElectionFixture.shared.get()
        let ballot = try Self.forgedBallot(fixture, credential: Self.identity)
        var drafts = fixture.drafts
        let close = Int(fixture.seq("close"))
        drafts.insert(Draft(kind: "ballot", body: try CanonicalJSON.encode(ballot)), at: close)
        let report = try Scrutineer.verify(path: try fixture.writeExport(drafts), options: ElectionFixture.options())
        #expect(!report.isValid)
        let atEntry = report.failures.filter { $0.seq == UInt64(close) }
        #expect(atEntry.contains { [.ballotShape, .ballotCredentialSignature].contains($0.check) }, "\(report.failures)")
    }
}
