import Testing
import UrnaCrypto
import UrnaRecord
import UrnaTrustee

@Suite struct CeremonyTests {
    /// commit → every trustee receives shares → joint key → ballots → tally → a quorum decrypts
    /// (trustee 1 absent when k < n) → every share checks → the combination equals the plaintext totals.
    @Test(arguments: [(2, 3), (3, 5)])
    func fullCeremony(k: Int, n: Int) throws {
        var e = try TrusteeElection(n: n, k: k)
        let commitments = try e.commitAll()
        #expect(try e.receiveAll(commitments).isEmpty)
        for keyFile in e.keyFiles {
            #expect(keyFile.sharesReceived == (1...n).filter { $0 != keyFile.index })
            #expect(keyFile.complaints.isEmpty)
        }
        let jointKey = try CeremonyCheck.jointKey(election: e.body, commitments: commitments, disqualified: [])
        #expect(jointKey.qualified == Array(1...n))
        // The joint secret, which no one holds, is Σ a_i0: check K through the public shares' interpolation.
        let lambdas = try (1...k).map { try Threshold.lagrangeCoefficientAtZero(index: $0, participants: Array(1...k)) }
        let interpolated = try Point.linearCombination(
            generatorScalar: nil, zip(lambdas, (1...k).map { jointKey.publicShares[String($0)]! }).map { ($0, $1) })
        #expect(interpolated == jointKey.jointKey)

        let tally = try e.castAndTally(jointKey: jointKey)
        let quorum = Array((n - k + 1)...n)
        let result = try e.decrypt(tally, jointKey: jointKey, quorum: quorum)
        #expect(result.trustees == quorum)
        #expect(result.districts.mapValues(\.contests) == (try TrusteeElection.expected()))
        #expect(result.districts.mapValues(\.ballots) == ["north": 3, "south": 2, "east": 0])
        #expect(result.totals["mayor"] == ["alice": 2, "bob": 1, "carol": 1])
        #expect(result.totals["council"] == ["dan": 2, "erin": 2, "frank": 1])
        // Another quorum, with trustee 1, gives the same result.
        let other = try e.decrypt(tally, jointKey: jointKey, quorum: Array(1...k))
        #expect(other.districts == result.districts)
        #expect(try CanonicalJSON.decode(ResultBody.self, from: CanonicalJSON.encode(result)) == result)
    }

    /// A trustee that sends bad shares is caught by the recipients' complaints, disqualified, and the
    /// remaining trustees still hold a working key.
    @Test func cheatingTrusteeIsDisqualified() throws {
        var e = try TrusteeElection(n: 4, k: 2)
        // Trustee 1 sends trustee 2 a share that fails the Feldman check and trustee 3 a box that does not open.
        let commitments = try e.commitAll(faults: [1: [2: .wrongValue, 3: .garbledBox]])
        let complaints = try e.receiveAll(commitments)
        #expect(complaints.map(\.accuser).sorted() == [2, 3])
        #expect(complaints.allSatisfy { $0.accused == 1 })
        #expect(e.keyFiles[1].sharesReceived == [3, 4])
        #expect(e.keyFiles[3].sharesReceived == [1, 2, 3])
        var disqualified = Set<Int>()
        for complaint in complaints {
            let decoded = try CanonicalJSON.decode(ComplaintBody.self, from: CanonicalJSON.encode(complaint))
            let accused = try #require(commitments[decoded.accused])
            if try CeremonyCheck.judge(decoded, accusedCommitment: accused, election: e.body, setupDigest: e.setupDigest) {
                disqualified.insert(decoded.accused)
            }
        }
        #expect(disqualified == [1])
        // Receiving again returns the same complaints, byte for byte.
        #expect(try e.keyFiles[1].receiveShares(electionBodyBytes: e.bytes, commitments: Array(commitments.values))
            == complaints.filter { $0.accuser == 2 })

        let jointKey = try CeremonyCheck.jointKey(election: e.body, commitments: commitments, disqualified: disqualified)
        #expect(jointKey.qualified == [2, 3, 4])
        expectRecordError(.notQualified) {
            _ = try e.keyFiles[0].decrypt(tally: TallyBody(districts: [:]), jointKey: jointKey, electionBodyBytes: e.bytes)
        }
        let tally = try e.castAndTally(jointKey: jointKey)
        for quorum in [[2, 3], [3, 4]] {
            let result = try e.decrypt(tally, jointKey: jointKey, quorum: quorum)
            #expect(result.districts.mapValues(\.contests) == (try TrusteeElection.expected()))
        }

        // An unfounded complaint (trustee 4 about trustee 2's valid share) disqualifies no one.
        let unfounded = try e.keyFiles[3].makeComplaint(against: commitments[2]!, electionBodyBytes: e.bytes)
        #expect(try !CeremonyCheck.judge(unfounded, accusedCommitment: commitments[2]!, election: e.body, setupDigest: e.setupDigest))
        // A complaint whose proof does not hold is itself invalid.
        let p = unfounded.proof
        let forged = ComplaintBody(accuser: 4, accused: 2, sharedPoint: unfounded.sharedPoint,
                                   proof: ChaumPedersenProof(commitmentG: p.commitmentG, commitmentY: p.commitmentY,
                                                             challenge: p.challenge, response: p.response + .one))
        expectRecordError(.badComplaint) {
            _ = try CeremonyCheck.judge(forged, accusedCommitment: commitments[2]!, election: e.body, setupDigest: e.setupDigest)
        }
        // Revealing someone else's point: trustee 4 cannot prove trustee 2's ECDH point.
        let stolen = try #require(complaints.first { $0.accuser == 2 })
        expectRecordError(.badComplaint) {
            _ = try CeremonyCheck.judge(ComplaintBody(accuser: 4, accused: 1, sharedPoint: stolen.sharedPoint, proof: stolen.proof),
                                        accusedCommitment: commitments[1]!, election: e.body, setupDigest: e.setupDigest)
        }
    }

    /// With a threshold of 3 of 3, one cheater leaves too few trustees for a joint key.
    @Test func tooFewHonestTrusteesLeaveNoKey() throws {
        var e = try TrusteeElection(n: 3, k: 3)
        let commitments = try e.commitAll(faults: [2: [1: .wrongValue]])
        let complaints = try e.receiveAll(commitments)
        #expect(complaints.count == 1)
        let complaint = try #require(complaints.first)
        #expect(try CeremonyCheck.judge(complaint, accusedCommitment: commitments[2]!, election: e.body, setupDigest: e.setupDigest))
        expectRecordError(.tooFewTrustees) {
            _ = try CeremonyCheck.jointKey(election: e.body, commitments: commitments, disqualified: [2])
        }
    }
}
