import Testing
import UrnaCrypto
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// Review finding 11 at the service: tokens are blind, so the service cannot see that a voter
/// (or anyone holding an activation code) asks for a token on the identity credential. With
/// it, R = O and S = 0 "sign" any ballot, and the token, public in the ballot, lets anyone
/// cast under that credential. The service must refuse the credential when the ballot arrives.
@Suite struct SmallOrderCredentialServiceTests {
    static let identity: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 31)

    @Test func ballotUnderTheIdentityCredentialIsRefused() throws {
        let f = try ServiceFixture()
        let codes = try f.openWithRoll()
        let code = try #require(codes["v3"])
        let context = try f.service.electionContext()
        let tokenKey = try #require(context.tokenKeys[code.district])
        // A genuine token, blindly issued, for the identity credential.
        let message = try BlindRSA.tokenMessage(electionID: f.manifest.electionID, districtID: code.district,
                                                credentialPublicKey: Self.identity)
        let prepared = try tokenKey.prepare(message, variant: .sha384PSSRandomized)
        let (blinded, inverse) = try tokenKey.blind(prepared, variant: .sha384PSSRandomized)
        let blindSignature = try f.service.issueToken(pseudonym: code.pseudonym, activationCode: code.code, blindedMessage: blinded)
        let token = Ballot.Token(prefix: Array(prepared.prefix(BlindRSA.messagePrefixLength)),
                                 signature: try tokenKey.finalize(blindSignature, preparedMessage: prepared, inverse: inverse,
                                                                  variant: .sha384PSSRandomized))
        // Valid proofs bound to the identity credential, and the null signature (R = O, S = 0).
        var contests: [Ballot.Contest] = []
        for contest in context.manifest.contests(inDistrict: code.district) {
            var selections: [Ballot.Selection] = []
            var sumNonce = Scalar.zero
            for candidate in contest.candidates {
                let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(0, publicKey: context.jointKey)
                let proofContext = Ballot.proofContext(electionHash: context.electionHash, district: code.district,
                                                       contest: contest.id, selection: candidate.id, credential: Self.identity)
                selections.append(Ballot.Selection(id: candidate.id, ciphertext: ciphertext, proof: try RangeProof.prove(
                    ciphertext: ciphertext, value: 0, nonce: nonce, range: 0...1, publicKey: context.jointKey, context: proofContext)))
                sumNonce += nonce
            }
            let proofContext = Ballot.proofContext(electionHash: context.electionHash, district: code.district,
                                                   contest: contest.id, selection: nil, credential: Self.identity)
            contests.append(Ballot.Contest(id: contest.id, selections: selections, sumProof: try RangeProof.prove(
                ciphertext: try ElGamalCiphertext.sum(selections.map(\.ciphertext)), value: 0, nonce: sumNonce,
                range: contest.min...contest.max, publicKey: context.jointKey, context: proofContext)))
        }
        let ballot = Ballot(electionHash: context.electionHash, district: code.district, credential: Self.identity,
                            token: token, contests: contests, signature: Self.identity + [UInt8](repeating: 0, count: 32))
        expectRefused(.badCredential) { _ = try f.service.castBallot(ballot) }
    }
}
