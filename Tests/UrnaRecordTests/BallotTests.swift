import Testing
import UrnaCrypto
import UrnaRecord

@Suite(.serialized) struct BallotTests {
    static let fixture = Result { try RecordFixture() }

    func expectRefused(_ code: RecordError.Code, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("expected \(code)", sourceLocation: sourceLocation)
        } catch let error as RecordError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func castBallotVerifiesAndDecrypts() throws {
        let f = try Self.fixture.get()
        let (request, token) = try f.token(district: "north")
        let choices: [String: Set<String>] = ["mayor": ["bob"], "council-north": ["dan", "frank"]]
        let (ballot, secrets) = try BallotBuilder.encrypt(election: f.election, district: "north", choices: choices,
                                                          credential: request.credential, token: token)
        try BallotCheck.verify(ballot, in: f.election)
        // JSON round trip keeps the canonical bytes and the tracking code.
        let decoded = try CanonicalJSON.decode(Ballot.self, from: CanonicalJSON.encode(ballot))
        #expect(decoded.canonicalBytes == ballot.canonicalBytes)
        #expect(decoded.trackingCode == ballot.trackingCode)
        #expect(Ballot.shortTrackingCode(ballot.trackingCode).count == 19)
        // Decrypting each selection gives back the choices.
        let table = try DiscreteLogTable(bound: 1)
        for contest in ballot.contests {
            for selection in contest.selections {
                let value = try selection.ciphertext.decrypt(secretKey: f.jointSecret, table: table)
                #expect((value == 1) == (choices[contest.id]?.contains(selection.id) ?? false))
            }
        }
        // A spoiled ballot's nonces reproduce it; a lie about the choices does not.
        let spoiled = SpoiledBody(ballot: ballot, secrets: secrets)
        try spoiled.checkNonces(jointKey: f.election.jointKey)
        let lie = SpoiledBody(ballot: ballot, secrets: .init(nonces: secrets.nonces, choices: ["mayor": ["alice"], "council-north": ["dan", "frank"]]))
        expectRefused(.spoiledMismatch) { try lie.checkNonces(jointKey: f.election.jointKey) }
        // The revealed plaintext must name exactly the ballot's contests, candidates and selections.
        func revealed(nonces: [String: [String: Scalar]], choices: [String: [String]]) throws -> SpoiledBody {
            try CanonicalJSON.decode(SpoiledBody.self, from: CanonicalJSON.encode(Probe(ballot: ballot, nonces: nonces, choices: choices)))
        }
        let base = secrets.choices.mapValues { $0.sorted() }
        expectRefused(.spoiledMismatch) { try revealed(nonces: secrets.nonces, choices: base.merging(["lottery": []]) { $1 }).checkNonces(jointKey: f.election.jointKey) }
        expectRefused(.spoiledMismatch) { try revealed(nonces: secrets.nonces, choices: base.merging(["mayor": ["bob", "bob"]]) { $1 }).checkNonces(jointKey: f.election.jointKey) }
        expectRefused(.spoiledMismatch) { try revealed(nonces: secrets.nonces, choices: base.merging(["mayor": ["zed"]]) { $1 }).checkNonces(jointKey: f.election.jointKey) }
        var extra = secrets.nonces
        extra["mayor"]?["zed"] = .one
        expectRefused(.spoiledMismatch) { try revealed(nonces: extra, choices: base).checkNonces(jointKey: f.election.jointKey) }
        var missing = secrets.nonces
        missing["mayor"]?["bob"] = nil
        expectRefused(.spoiledMismatch) { try revealed(nonces: missing, choices: base).checkNonces(jointKey: f.election.jointKey) }
        try revealed(nonces: secrets.nonces, choices: base).checkNonces(jointKey: f.election.jointKey)
    }

    @Test func everyRefusalHasItsCode() throws {
        let f = try Self.fixture.get()
        let (request, token) = try f.token(district: "south")
        let credential = request.credential
        func build(_ district: String = "south", _ choices: [String: Set<String>] = ["mayor": ["alice"]],
                   token t: Ballot.Token? = nil, key: Ed25519PrivateKey? = nil, ranges: [String: ClosedRange<Int>] = [:]) throws -> Ballot {
            try BallotBuilder.encrypt(election: f.election, district: district, choices: choices,
                                      credential: key ?? credential, token: t ?? token, sumRanges: ranges).ballot
        }
        let good = try build()
        try BallotCheck.verify(good, in: f.election)

        // Client-side refusals.
        expectRefused(.sumOutOfRange) { _ = try build("south", ["mayor": ["alice", "bob"]]) }
        expectRefused(.ballotShape) { _ = try build("south", ["council-north": ["dan"]]) }
        expectRefused(.ballotShape) { _ = try build("south", ["mayor": ["zed"]]) }
        expectRefused(.unknownDistrict) { _ = try build("east") }

        // Over-voting with a proof for the wrong range is refused by the checker.
        let overvote = try build("south", ["mayor": ["alice", "bob"]], ranges: ["mayor": 0...2])
        expectRefused(.sumOutOfRange) { try BallotCheck.verify(overvote, in: f.election) }

        // A token issued for another district: the service names the mistake for the voter; the
        // verifier checks a token under its own district's key only (finding 8: no retry per key).
        let wrongDistrict = try build("north", ["mayor": ["bob"], "council-north": ["dan"]])
        expectRefused(.tokenWrongDistrict) { try BallotCheck.verify(wrongDistrict, in: f.election, diagnoseWrongDistrict: true) }
        expectRefused(.badToken) { try BallotCheck.verify(wrongDistrict, in: f.election) }
        // A token for another credential (replay of someone else's token under a fresh key).
        expectRefused(.badToken) { try BallotCheck.verify(try build(key: Ed25519PrivateKey()), in: f.election) }
        // A tampered token signature byte.
        var badSignature = token.signature.bytes
        badSignature[10] ^= 1
        expectRefused(.badToken) {
            try BallotCheck.verify(try build(token: Ballot.Token(prefix: token.prefix.bytes, signature: badSignature)), in: f.election)
        }

        // Tampering after signing: the credential signature breaks.
        let c = good.contests[0]
        let swapped = Ballot.Contest(id: c.id, selections: [c.selections[1], c.selections[0]] + c.selections.dropFirst(2), sumProof: c.sumProof)
        expectRefused(.ballotShape) { try BallotCheck.verify(rebuilt(good, contests: [swapped]), in: f.election) }
        let s0 = c.selections[0]
        let tamperedCiphertext = Ballot.Selection(
            id: s0.id, ciphertext: ElGamalCiphertext(a: s0.ciphertext.a, b: try s0.ciphertext.b.adding(Point.generator())), proof: s0.proof)
        let tamperedBallot = rebuilt(good, contests: [Ballot.Contest(id: c.id, selections: [tamperedCiphertext] + c.selections.dropFirst(), sumProof: c.sumProof)])
        expectRefused(.badSignature) { try BallotCheck.verify(tamperedBallot, in: f.election) }
        // … and a re-signed tampered ballot fails its proof instead.
        expectRefused(.badProof) { try BallotCheck.verify(resigned(tamperedBallot, credential), in: f.election) }
        // A proof whose response is altered, re-signed: only the group equation catches it.
        let p = s0.proof
        let badResponse = RangeProof(min: 0, branches: [p.branches[0], .init(a: p.branches[1].a, b: p.branches[1].b, challenge: p.branches[1].challenge, response: p.branches[1].response + .one)])
        let badProofBallot = resigned(rebuilt(good, contests: [Ballot.Contest(id: c.id, selections: [Ballot.Selection(id: s0.id, ciphertext: s0.ciphertext, proof: badResponse)] + c.selections.dropFirst(), sumProof: c.sumProof)]), credential)
        expectRefused(.badProof) { try BallotCheck.verify(badProofBallot, in: f.election) }

        // Another election.
        let other = Ballot(electionHash: SHA256.hash([1]), district: good.district, credential: good.credential.bytes,
                           token: good.token, contests: good.contests, signature: good.signature.bytes)
        expectRefused(.wrongElection) { try BallotCheck.verify(other, in: f.election) }
        // A malformed credential.
        expectRefused(.badCredential) {
            try BallotCheck.verify(Ballot(electionHash: good.electionHash.bytes, district: good.district, credential: [1, 2],
                                          token: good.token, contests: good.contests, signature: good.signature.bytes), in: f.election)
        }
        // Malformed points never decode.
        let json = String(decoding: try CanonicalJSON.encode(good), as: UTF8.self)
        let a = good.contests[0].selections[0].ciphertext.a.hex
        let broken = json.replacingOccurrences(of: a, with: "02" + String(repeating: "f", count: 64))
        expectRefused(.malformed) { _ = try CanonicalJSON.decode(Ballot.self, from: Array(broken.utf8)) }
    }

    func rebuilt(_ ballot: Ballot, contests: [Ballot.Contest]) -> Ballot {
        Ballot(electionHash: ballot.electionHash.bytes, district: ballot.district, credential: ballot.credential.bytes,
               token: ballot.token, contests: contests, signature: ballot.signature.bytes)
    }

    func resigned(_ ballot: Ballot, _ key: Ed25519PrivateKey) -> Ballot {
        Ballot(electionHash: ballot.electionHash.bytes, district: ballot.district, credential: ballot.credential.bytes,
               token: ballot.token, contests: ballot.contests, signature: (try? key.signature(for: ballot.canonicalBytes)) ?? [])
    }
}

/// A spoiled body with arbitrary fields, to build malformed ones through JSON.
struct Probe: Encodable {
    let ballot: Ballot
    let nonces: [String: [String: Scalar]]
    let choices: [String: [String]]
}
