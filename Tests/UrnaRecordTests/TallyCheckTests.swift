import Testing
import UrnaCrypto
import UrnaRecord

/// A dealt 2-of-3 key (one polynomial `f`, `s_j = f(j)`, `K = f(0)·G`), a hand-made tally of known
/// counts, and the trustees' partial decryptions, built from the primitives.
struct DealtTally {
    let polynomial: SecretPolynomial
    let jointKey: JointKeyBody
    let electionHash: [UInt8]
    let tally: TallyBody
    /// district → contest → candidate → plaintext count.
    let counts: [String: [String: [String: Int]]]
    /// Trustees' identity keys, index j − 1, and the setup digest they sign for (any 32 bytes here).
    let identities: [Ed25519PrivateKey]
    let setupDigest = SHA256.hash(Array("a test setup".utf8))

    init() throws {
        polynomial = try SecretPolynomial.random(threshold: 2)
        identities = try (1...3).map { _ in try Ed25519PrivateKey() }
        let key = try Point.base(polynomial.coefficients[0])
        var publicShares: [String: Point] = [:]
        for j in 1...3 { publicShares[String(j)] = try Point.base(polynomial.evaluate(at: j)) }
        jointKey = JointKeyBody(jointKey: key, qualified: [1, 2, 3], publicShares: publicShares)
        electionHash = SHA256.hash(Array("a test election".utf8))
        counts = ["north": ["mayor": ["alice": 2, "bob": 1, "carol": 0], "council-north": ["dan": 3, "erin": 0, "frank": 1]],
                  "south": ["mayor": ["alice": 1, "bob": 0, "carol": 0]],
                  "east": ["mayor": ["alice": 0, "bob": 0, "carol": 0]]]
        let ballots = ["north": 3, "south": 1, "east": 0]
        let zero = ElGamalCiphertext(a: try Point.infinity(), b: try Point.infinity())
        var districts: [String: [String: TallyBody.ContestAggregate]] = [:]
        for (district, contests) in counts {
            for (contest, candidates) in contests {
                let selections = try candidates.mapValues { count in
                    ballots[district] == 0 ? zero : try ElGamalCiphertext.encrypt(count, publicKey: key).ciphertext
                }
                districts[district, default: [:]][contest] = .init(ballots: ballots[district]!, selections: selections)
            }
        }
        tally = TallyBody(districts: districts)
    }

    /// Trustee `j`'s honest `tally-share` body for `tally`.
    func share(_ j: Int, of tally: TallyBody? = nil) throws -> TallyShareBody {
        let secret = try polynomial.evaluate(at: j)
        let publicShare = try Point.base(secret)
        var shares: [String: [String: [String: TallyShareBody.Share]]] = [:]
        for (district, contests) in (tally ?? self.tally).districts {
            for (contest, aggregate) in contests {
                for (candidate, ciphertext) in aggregate.selections {
                    let value: TallyShareBody.Share
                    if ciphertext.a.isInfinity {
                        value = .init(share: ciphertext.a, proof: nil)
                    } else {
                        let m = try ciphertext.a.multiplied(by: secret)
                        let context = TallyBody.shareContext(electionHash: electionHash, district: district, contest: contest,
                                                             candidate: candidate, trustee: j)
                        value = .init(share: m, proof: try ChaumPedersenProof.prove(secret: secret, x: publicShare,
                                                                                     y: ciphertext.a, z: m, context: context))
                    }
                    shares[district, default: [:]][contest, default: [:]][candidate] = value
                }
            }
        }
        return try TallyShareBody(trustee: j, shares: shares).signed(with: identities[j - 1], setupDigest: setupDigest)
    }

    func verify(_ body: TallyShareBody, jointKey: JointKeyBody? = nil) throws {
        try TallyCheck.verifyShare(body, tally: tally, jointKey: jointKey ?? self.jointKey, electionHash: electionHash)
    }
}

/// Replaces one share of a body.
func replacing(_ body: TallyShareBody, _ district: String, _ contest: String, _ candidate: String,
               with share: TallyShareBody.Share?) -> TallyShareBody {
    var shares = body.shares
    shares[district]?[contest]?[candidate] = share
    return TallyShareBody(trustee: body.trustee, shares: shares)
}

@Suite struct TallyCheckTests {
    @Test func zeroAggregatesAndInfiniteSharesRoundTripAsJSON() throws {
        let t = try DealtTally()
        let bytes = try CanonicalJSON.encode(t.tally)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""east":{"mayor":{"ballots":0,"selections":{"alice":{"a":"00","b":"00"}"#))
        #expect(try CanonicalJSON.decode(TallyBody.self, from: bytes) == t.tally)
        let share = try t.share(2)
        let shareBytes = try CanonicalJSON.encode(share)
        #expect(String(decoding: shareBytes, as: UTF8.self).contains(#""east":{"mayor":{"alice":{"share":"00"}"#))
        #expect(try CanonicalJSON.decode(TallyShareBody.self, from: shareBytes) == share)
        // Infinity stays refused where no field allows it, and the tally refuses bad points.
        #expect(throws: (any Error).self) {
            _ = try CanonicalJSON.decode(ElGamalCiphertext.self, from: Array(#"{"a":"00","b":"00"}"#.utf8))
        }
        for bad in [#"{"ballots":0,"selections":{"x":{"a":"01","b":"00"}}}"#,
                    #"{"ballots":0,"selections":{"x":{"a":"00"}}}"#,
                    #"{"ballots":-1,"selections":{"x":{"a":"00","b":"00"}}}"#] {
            expectRecordError(.malformed) { _ = try CanonicalJSON.decode(TallyBody.ContestAggregate.self, from: Array(bad.utf8)) }
        }
        expectRecordError(.malformed) {
            _ = try CanonicalJSON.decode(TallyShareBody.Share.self, from: Array(#"{"share":"0200"}"#.utf8))
        }
    }

    @Test func verifiesAndCombinesAnyQuorum() throws {
        let t = try DealtTally()
        let shares = try (1...3).map { try t.share($0) }
        for share in shares {
            try t.verify(share)
            let equations = try TallyCheck.shareEquations(share, tally: t.tally, jointKey: t.jointKey, electionHash: t.electionHash)
            #expect(equations.count == 2 * (6 + 3))   // two equations per finite aggregate
            #expect(try equations.allSatisfy { try $0.holds() })
        }
        for quorum in [[0, 1], [0, 2], [1, 2], [0, 1, 2]] {
            let result = try TallyCheck.combine(tally: t.tally, shares: quorum.map { shares[$0] }, threshold: 2)
            #expect(result.trustees == quorum.map { $0 + 1 })
            #expect(result.districts.mapValues(\.contests) == t.counts)
            #expect(result.districts.mapValues(\.ballots) == ["north": 3, "south": 1, "east": 0])
            #expect(result.totals["mayor"] == ["alice": 3, "bob": 1, "carol": 0])
            #expect(result.totals["council-north"] == ["dan": 3, "erin": 0, "frank": 1])
        }
        // Order of the shares does not matter; trustees are listed ascending.
        let reversed = try TallyCheck.combine(tally: t.tally, shares: [shares[2], shares[0]], threshold: 2)
        #expect(reversed.trustees == [1, 3])
        #expect(reversed.districts.mapValues(\.contests) == t.counts)
    }

    @Test func refusesBadShares() throws {
        let t = try DealtTally()
        let good = try t.share(2)
        func refused(_ body: TallyShareBody, jointKey: JointKeyBody? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
            expectRecordError(.badTallyShare, { try t.verify(body, jointKey: jointKey) }, sourceLocation: sourceLocation)
        }
        let original = try #require(good.shares["north"]?["mayor"]?["alice"])
        let proof = try #require(original.proof)
        // A tampered share point (with its proof), a tampered proof, a missing proof, "00" for a finite A.
        refused(replacing(good, "north", "mayor", "alice",
                          with: .init(share: try original.share.adding(Point.generator()), proof: proof)))
        refused(replacing(good, "north", "mayor", "alice",
                          with: .init(share: original.share, proof: ChaumPedersenProof(
                              commitmentG: proof.commitmentG, commitmentY: proof.commitmentY,
                              challenge: proof.challenge, response: proof.response + .one))))
        refused(replacing(good, "north", "mayor", "alice",
                          with: .init(share: original.share, proof: ChaumPedersenProof(
                              commitmentG: proof.commitmentY, commitmentY: proof.commitmentG,
                              challenge: proof.challenge, response: proof.response))))
        refused(replacing(good, "north", "mayor", "alice", with: .init(share: original.share, proof: nil)))
        refused(replacing(good, "north", "mayor", "alice", with: .init(share: try Point.infinity(), proof: nil)))
        // Another aggregate's share (its proof is for another context).
        refused(replacing(good, "north", "mayor", "alice", with: good.shares["north"]?["mayor"]?["bob"]))
        // For an (O, O) aggregate: a finite share, or "00" with a proof.
        refused(replacing(good, "east", "mayor", "alice", with: original))
        refused(replacing(good, "east", "mayor", "alice", with: .init(share: try Point.infinity(), proof: proof)))
        // Trustee 2's shares claimed by trustee 1 or 3; a trustee that is not qualified.
        refused(TallyShareBody(trustee: 1, shares: good.shares))
        refused(TallyShareBody(trustee: 3, shares: good.shares))
        let only12 = JointKeyBody(jointKey: t.jointKey.jointKey, qualified: [1, 3],
                                  publicShares: t.jointKey.publicShares.filter { $0.key != "2" })
        refused(good, jointKey: only12)
        refused(TallyShareBody(trustee: 9, shares: good.shares))
        // Missing or extra district, contest, candidate.
        var shares = good.shares
        shares["south"] = nil
        refused(TallyShareBody(trustee: 2, shares: shares))
        shares = good.shares
        shares["west"] = shares["south"]
        refused(TallyShareBody(trustee: 2, shares: shares))
        shares = good.shares
        shares["north"]?["council-north"] = nil
        refused(TallyShareBody(trustee: 2, shares: shares))
        shares = good.shares
        shares["south"]?["council-north"] = good.shares["north"]?["council-north"]
        refused(TallyShareBody(trustee: 2, shares: shares))
        refused(replacing(good, "north", "mayor", "carol", with: nil))
        refused(replacing(good, "north", "mayor", "dave", with: original))
        // Against another election hash every proof fails.
        expectRecordError(.badTallyShare) {
            try TallyCheck.verifyShare(good, tally: t.tally, jointKey: t.jointKey, electionHash: SHA256.hash([1]))
        }
        // The batch path returns the failing equation rather than throwing.
        let tampered = replacing(good, "north", "mayor", "alice", with: .init(share: original.share, proof: ChaumPedersenProof(
            commitmentG: proof.commitmentG, commitmentY: proof.commitmentY, challenge: proof.challenge, response: proof.response + .one)))
        let equations = try TallyCheck.shareEquations(tampered, tally: t.tally, jointKey: t.jointKey, electionHash: t.electionHash)
        let failing = try equations.filter { try !$0.holds() }
        #expect(failing.count == 2)
        #expect(failing.allSatisfy { $0.name.hasPrefix("north/mayor/alice:") })
    }

    @Test func combineRefusals() throws {
        let t = try DealtTally()
        let shares = try (1...3).map { try t.share($0) }
        // Fewer than the threshold, a trustee twice, no shares.
        expectRecordError(.tooFewTrustees) { _ = try TallyCheck.combine(tally: t.tally, shares: [shares[0]], threshold: 2) }
        expectRecordError(.tooFewTrustees) { _ = try TallyCheck.combine(tally: t.tally, shares: [], threshold: 1) }
        expectRecordError(.badTally) { _ = try TallyCheck.combine(tally: t.tally, shares: [shares[0], shares[0]], threshold: 2) }
        // A single share below the threshold decrypts to garbage: no count is found in range.
        expectRecordError(.countOutOfRange) {
            _ = try TallyCheck.combine(tally: t.tally, shares: [shares[0]], threshold: 1)
        }
        // A count above the district's ballots: the north aggregate for dan encrypts 3, claim 2 ballots.
        var districts = t.tally.districts
        districts["north"] = districts["north"]!.mapValues { .init(ballots: 2, selections: $0.selections) }
        let capped = TallyBody(districts: districts)
        expectRecordError(.countOutOfRange) {
            _ = try TallyCheck.combine(tally: capped, shares: [shares[0], shares[1]], threshold: 2)
        }
        // Contests of one district disagreeing on the ballot count.
        districts = t.tally.districts
        districts["north"]?["mayor"] = .init(ballots: 4, selections: t.tally.districts["north"]!["mayor"]!.selections)
        expectRecordError(.badTally) {
            _ = try TallyCheck.combine(tally: TallyBody(districts: districts), shares: [shares[0], shares[1]], threshold: 2)
        }
        // An (O, O) aggregate decrypts to 0 without shares; a zero-ballot district with B ≠ O has no count.
        districts = t.tally.districts
        districts["east"]?["mayor"] = .init(ballots: 0, selections: [
            "alice": ElGamalCiphertext(a: try Point.infinity(), b: try Point.generator())])
        expectRecordError(.countOutOfRange) {
            _ = try TallyCheck.combine(tally: TallyBody(districts: districts), shares: [shares[0], shares[1]], threshold: 2)
        }
        // A share missing from a body (not verified first).
        expectRecordError(.badTally) {
            _ = try TallyCheck.combine(tally: t.tally, shares: [replacing(shares[0], "north", "mayor", "bob", with: nil), shares[1]],
                                       threshold: 2)
        }
    }

    @Test func computeSumsTheCountedBallots() throws {
        let f = try RecordFixture()
        var ballots: [Ballot] = []
        let choices: [(String, [String: Set<String>])] = [
            ("north", ["mayor": ["alice"], "council-north": ["dan", "erin"]]),
            ("north", ["mayor": ["bob"], "council-north": ["dan"]]),
            ("south", ["mayor": ["alice"]]),
        ]
        for (district, choice) in choices {
            let (request, token) = try f.token(district: district)
            ballots.append(try BallotBuilder.encrypt(election: f.election, district: district, choices: choice,
                                                     credential: request.credential, token: token).ballot)
        }
        let tally = try TallyBody.compute(manifest: f.manifest, counted: ballots)
        #expect(tally.districts["north"]?["mayor"]?.ballots == 2)
        #expect(tally.districts["south"]?["mayor"]?.ballots == 1)
        #expect(Set(tally.districts.keys) == ["north", "south"])
        #expect(Set(tally.districts["north"]!.keys) == ["mayor", "council-north"])
        let table = try DiscreteLogTable(bound: 2)
        func decrypt(_ d: String, _ c: String, _ s: String) throws -> Int {
            try #require(tally.districts[d]?[c]?.selections[s]).decrypt(secretKey: f.jointSecret, table: table)
        }
        #expect(try decrypt("north", "mayor", "alice") == 1)
        #expect(try decrypt("north", "mayor", "bob") == 1)
        #expect(try decrypt("north", "mayor", "carol") == 0)
        #expect(try decrypt("north", "council-north", "dan") == 2)
        #expect(try decrypt("north", "council-north", "erin") == 1)
        #expect(try decrypt("south", "mayor", "alice") == 1)
        #expect(try decrypt("south", "mayor", "bob") == 0)

        // No ballots: every aggregate is (O, O). Adding then removing a ballot returns to it.
        let empty = try TallyBody.compute(manifest: f.manifest, counted: [])
        #expect(empty.districts.values.allSatisfy { $0.values.allSatisfy { aggregate in
            aggregate.ballots == 0 && aggregate.selections.values.allSatisfy { $0.a.isInfinity && $0.b.isInfinity }
        } })
        var accumulator = try TallyBody.Accumulator(manifest: f.manifest)
        for ballot in ballots { try accumulator.add(ballot) }
        try accumulator.remove(ballots[2])
        try accumulator.add(ballots[2])
        #expect(accumulator.body == tally)
        try accumulator.remove(ballots[2])
        #expect(accumulator.body.districts["south"] == empty.districts["south"])
        expectRecordError(.badTally) { try accumulator.remove(ballots[2]) }

        // A ballot for an unknown district, or of the wrong shape, is refused.
        let b = ballots[0]
        let elsewhere = Ballot(electionHash: b.electionHash.bytes, district: "west", credential: b.credential.bytes,
                               token: b.token, contests: b.contests, signature: b.signature.bytes)
        expectRecordError(.unknownDistrict) { _ = try TallyBody.compute(manifest: f.manifest, counted: [elsewhere]) }
        let misshapen = Ballot(electionHash: b.electionHash.bytes, district: "south", credential: b.credential.bytes,
                               token: b.token, contests: b.contests, signature: b.signature.bytes)
        expectRecordError(.ballotShape) { _ = try TallyBody.compute(manifest: f.manifest, counted: [misshapen]) }
    }
}
