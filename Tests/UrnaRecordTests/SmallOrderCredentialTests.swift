import Testing
import UrnaCrypto
import UrnaRecord

/// Review finding 11: a ballot "signed" by the identity point. With credential A = O and
/// signature R = O, S = 0, RFC 8032's equation [S]B = R + [k]A holds for any ballot. A
/// dishonest commission holds the token keys, so it can issue a valid token for A = O and
/// stuff ballots no voter signed. The strict Ed25519 rules refuse the credential.
@Suite(.serialized) struct SmallOrderCredentialTests {
    static let fixture = Result { try RecordFixture() }
    static let identity: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 31)

    /// A ballot for `district` whose credential is `credential`, with a token issued by the
    /// fixture's key for that credential, valid proofs bound to it, and `signature`.
    static func forgedBallot(_ f: RecordFixture, district: String, credential: [UInt8], signature: [UInt8]) throws -> Ballot {
        let tokenKey = try #require(f.election.tokenKeys[district])
        let signingKey = try #require(f.tokenKeys[district])
        // The commission's token for the forged credential (the blind protocol run by itself).
        let message = try BlindRSA.tokenMessage(electionID: f.manifest.electionID, districtID: district,
                                                credentialPublicKey: credential)
        let prepared = try tokenKey.prepare(message, variant: .sha384PSSRandomized)
        let (blinded, inverse) = try tokenKey.blind(prepared, variant: .sha384PSSRandomized)
        let tokenSignature = try tokenKey.finalize(signingKey.blindSign(blinded), preparedMessage: prepared,
                                                   inverse: inverse, variant: .sha384PSSRandomized)
        let token = Ballot.Token(prefix: Array(prepared.prefix(BlindRSA.messagePrefixLength)), signature: tokenSignature)
        // Valid 0/1 and sum proofs bound to the forged credential (a vote for nobody).
        var contests: [Ballot.Contest] = []
        for contest in f.manifest.contests(inDistrict: district) {
            var selections: [Ballot.Selection] = []
            var sumNonce = Scalar.zero
            for candidate in contest.candidates {
                let (ciphertext, nonce) = try ElGamalCiphertext.encrypt(0, publicKey: f.election.jointKey)
                let context = Ballot.proofContext(electionHash: f.election.electionHash, district: district,
                                                  contest: contest.id, selection: candidate.id, credential: credential)
                let proof = try RangeProof.prove(ciphertext: ciphertext, value: 0, nonce: nonce, range: 0...1,
                                                 publicKey: f.election.jointKey, context: context)
                selections.append(Ballot.Selection(id: candidate.id, ciphertext: ciphertext, proof: proof))
                sumNonce += nonce
            }
            let context = Ballot.proofContext(electionHash: f.election.electionHash, district: district,
                                              contest: contest.id, selection: nil, credential: credential)
            let sum = try ElGamalCiphertext.sum(selections.map(\.ciphertext))
            let sumProof = try RangeProof.prove(ciphertext: sum, value: 0, nonce: sumNonce, range: contest.min...contest.max,
                                                publicKey: f.election.jointKey, context: context)
            contests.append(Ballot.Contest(id: contest.id, selections: selections, sumProof: sumProof))
        }
        return Ballot(electionHash: f.election.electionHash, district: district, credential: credential,
                      token: token, contests: contests, signature: signature)
    }

    @Test func identityCredentialWithNullSignatureIsRefused() throws {
        let f = try Self.fixture.get()
        // R = O, S = 0.
        let nullSignature = Self.identity + [UInt8](repeating: 0, count: 32)
        let ballot = try Self.forgedBallot(f, district: "south", credential: Self.identity, signature: nullSignature)
        do {
            try BallotCheck.verify(ballot, in: f.election)
            Issue.record("a ballot signed by the identity credential was accepted")
        } catch let error as RecordError {
            #expect(error.code == .badCredential, "\(error)")
        }
    }

    @Test func everySmallOrderCredentialIsRefused() throws {
        let f = try Self.fixture.get()
        let smallOrder = [
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        ]
        for hex in smallOrder {
            let credential = try Hex.decode(hex)
            let ballot = try Self.forgedBallot(f, district: "south", credential: credential,
                                               signature: Self.identity + [UInt8](repeating: 0, count: 32))
            #expect(throws: RecordError.self) { try BallotCheck.verify(ballot, in: f.election) }
        }
    }

    @Test func theForgeryRecipeAcceptsARealCredential() throws {
        // Control: the same construction with a real key and its signature verifies, so the
        // refusal above is about the credential, not about how the ballot was built.
        let f = try Self.fixture.get()
        let key = try Ed25519PrivateKey()
        let unsigned = try Self.forgedBallot(f, district: "south", credential: key.publicKey.rawRepresentation, signature: [])
        let ballot = Ballot(electionHash: unsigned.electionHash.bytes, district: unsigned.district,
                            credential: unsigned.credential.bytes, token: unsigned.token, contests: unsigned.contests,
                            signature: try key.signature(for: unsigned.canonicalBytes))
        try BallotCheck.verify(ballot, in: f.election)
    }
}
