import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaRegistrar
import UrnaService
import UrnaServiceFixtures

@Suite struct RollTests {
    @Test func rollParsingNamesTheLine() throws {
        func refused(_ csv: String, mentions text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try VoterRoll(csv: csv)
                Issue.record("accepted", sourceLocation: sourceLocation)
            } catch let error as RecordError {
                #expect(error.code == .invalidRoll && error.reason.contains(text), "\(error)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("\(error)", sourceLocation: sourceLocation)
            }
        }
        refused("", mentions: "empty")
        refused("id,district\nv1,north\n", mentions: "line 1")
        refused("voter_id,district\nv1,north\nv1,south\n", mentions: "line 3: voter 'v1' already appears on line 2")
        refused("voter_id,district\nv1\n", mentions: "line 2: expected 2 fields")
        refused("voter_id,district\n\"v1\",north\n", mentions: "quoted")
        refused("voter_id,district\n,north\n", mentions: "line 2: voter id")
        let roll = try VoterRoll(csv: "voter_id,district\r\nv1,north\r\n\r\n v2 , south \n")
        #expect(roll.voters.map(\.voterID) == ["v1", "v2"])
    }

    /// The commission can publish the registrar's roll, but neither alter it, pad it, nor
    /// publish another registrar's; a refused import records nothing, and a repeat is a no-op.
    @Test func importChecksTheRegistrarsRoll() throws {
        let f = try ServiceFixture()
        let message = try f.rollMessage()
        let body = try #require(message.bodies.first)
        // An altered body: one pseudonym's commitment replaced (the signature no longer verifies).
        var pseudonyms = body.pseudonyms
        let first = try #require(pseudonyms.keys.sorted().first)
        pseudonyms[first] = HexBytes(SHA256.hash([9]))
        let altered = RollBody(district: body.district, pseudonyms: pseudonyms, identitySignature: body.identitySignature)
        expectRefused(.invalidRoll) { try f.service.importRoll(RegistrarMessage(bodies: [altered])) }
        // A roll signed by another registrar key.
        let commissionKey = try Ed25519PrivateKey()
        let resigned = try message.bodies.map {
            try RollBody(district: $0.district, pseudonyms: $0.pseudonyms, identitySignature: nil)
                .signed(with: commissionKey, setupDigest: ElectionBody.setupDigest(bodyBytes: f.service.electionBodyBytes))
        }
        expectRefused(.invalidRoll) { try f.service.importRoll(RegistrarMessage(bodies: resigned)) }
        #expect(try f.service.rollCounts().isEmpty)
        #expect(f.service.incompleteRoll().count == 2)
        try f.commitAll()
        expectRefused(.incomplete) { try f.service.openVoting() }
        // The real roll, twice: the second import records nothing.
        #expect(try f.service.importRoll(message) == message.bodies.count)
        #expect(try f.service.importRoll(message) == 0)
        #expect(try f.service.rollCounts() == ["north": 2, "south": 2])
        #expect(f.service.incompleteRoll().isEmpty)
    }
}

@Suite struct IssuanceTests {
    @Test func tokenIssuanceRules() throws {
        let f = try ServiceFixture()
        let codes = try f.openWithRoll()
        let v1 = try #require(codes["v1"]), v2 = try #require(codes["v2"])
        let context = try f.service.electionContext()
        let key = try #require(context.tokenKeys["north"])
        let request = try TokenRequest.make(electionID: f.manifest.electionID, district: "north", tokenKey: key)
        expectRefused(.notAuthorized) { _ = try f.service.issueToken(pseudonym: f.pseudonym("nobody"), activationCode: v1.code, blindedMessage: request.blindedMessage) }
        expectRefused(.notAuthorized) { _ = try f.service.issueToken(pseudonym: f.pseudonym("v1"), activationCode: v2.code, blindedMessage: request.blindedMessage) }
        expectRefused(ServiceError.Code(rawValue: "invalid-activation-code")) {
            _ = try f.service.issueToken(pseudonym: f.pseudonym("v1"), activationCode: "not-a-code", blindedMessage: request.blindedMessage)
        }
        let first = try f.service.issueToken(pseudonym: f.pseudonym("v1"), activationCode: v1.code, blindedMessage: request.blindedMessage)
        // An identical retry returns the same answer; a different request is refused.
        #expect(try f.service.issueToken(pseudonym: f.pseudonym("v1"), activationCode: v1.code, blindedMessage: request.blindedMessage) == first)
        let other = try TokenRequest.make(electionID: f.manifest.electionID, district: "north", tokenKey: key)
        expectRefused(.alreadyIssued) { _ = try f.service.issueToken(pseudonym: f.pseudonym("v1"), activationCode: v1.code, blindedMessage: other.blindedMessage) }
        _ = try request.finalize(blindSignature: first, tokenKey: key)
        // Closing publishes the pending issuance in a sorted batch entry.
        try f.service.closeVoting()
        #expect(try f.service.status().districts.first { $0.id == "north" }?.issued == 1)
    }

    /// The private store fails after an issuance entry is appended, before its rows are marked
    /// published (here: election.private.db moved away; a full disk does the same). Closing
    /// fails with storage-failure; once the file is back, closing again publishes nothing twice:
    /// each pseudonym is in exactly one issuance entry, as the record's rules require.
    @Test func anIssuanceIsNeverPublishedTwiceAfterAFailedMarking() throws {
        let f = try ServiceFixture()
        let codes = try f.openWithRoll()
        _ = try f.token(try #require(codes["v1"]))
        _ = try f.token(try #require(codes["v3"]))
        let store = f.directory.appendingPathComponent(ElectionService.privateFileName).path
        try FileManager.default.moveItem(atPath: store, toPath: store + ".away")
        expectRefused(ServiceError.Code(rawValue: "storage-failure")) { try f.service.closeVoting() }
        try FileManager.default.moveItem(atPath: store + ".away", toPath: store)
        try f.service.closeVoting()
        var published: [String] = []
        try f.service.forEachEntry(from: 0, to: f.service.ledgerSize) { entry in
            guard entry.kind == "issuance" else { return }
            let body = try JSONSerialization.jsonObject(with: Data(entry.body)) as? [String: Any]
            for case let pseudonyms as [String: Any] in (body?["districts"] as? [String: Any] ?? [:]).values {
                published += pseudonyms.keys
            }
        }
        #expect(try published.sorted() == [f.pseudonym("v1").hex, f.pseudonym("v3").hex].sorted(), "\(published)")
        #expect(f.service.phase == .closed)
    }
}

@Suite struct BallotRefusalTests {
    @Test func everyBallotRefusal() throws {
        let f = try ServiceFixture(spoilLimit: 1)
        let codes = try f.openWithRoll()
        let (r1, t1) = try f.token(try #require(codes["v1"]))
        let (ballot, secrets) = try f.ballot(r1, t1, district: "north", ["mayor": ["ann"], "council": ["di"]])

        // Spoiling: nonces must match, and the limit holds.
        let lie = SpoiledBody(ballot: ballot, secrets: .init(nonces: secrets.nonces, choices: ["mayor": ["ben"], "council": ["di"]]))
        expectRefused(.spoiledMismatch) { _ = try f.service.spoilBallot(lie) }
        _ = try f.service.spoilBallot(SpoiledBody(ballot: ballot, secrets: secrets))
        // The spoiled ballot is public now: casting it (by anyone) is a replay.
        expectRefused(.ballotReplayed) { _ = try f.service.castBallot(ballot) }
        let (second, secondSecrets) = try f.ballot(r1, t1, district: "north", ["mayor": ["ann"], "council": ["di"]])
        expectRefused(.spoilLimit) { _ = try f.service.spoilBallot(SpoiledBody(ballot: second, secrets: secondSecrets)) }

        _ = try f.service.castBallot(second)
        expectRefused(.ballotReplayed) { _ = try f.service.castBallot(second) }
        let (third, _) = try f.ballot(r1, t1, district: "north", ["mayor": ["ben"], "council": ["di"]])
        expectRefused(.credentialUsed) { _ = try f.service.castBallot(third) }

        let (r3, t3) = try f.token(try #require(codes["v3"]))
        // Token of district south on a ballot claiming north.
        expectRefused(.tokenWrongDistrict) { _ = try f.service.castBallot(f.ballot(r3, t3, district: "north", ["council": ["cy"]]).0) }
        // A tampered token signature.
        var signature = t3.signature.bytes
        signature[5] ^= 0x40
        expectRefused(.badToken) {
            _ = try f.service.castBallot(f.ballot(r3, Ballot.Token(prefix: t3.prefix.bytes, signature: signature), district: "south", ["mayor": ["ann"]]).0)
        }
        // Over-vote proven for the wrong range.
        expectRefused(.sumOutOfRange) {
            _ = try f.service.castBallot(BallotBuilder.encrypt(election: f.service.electionContext(), district: "south",
                                                               choices: ["mayor": ["ann", "ben"]], credential: r3.credential,
                                                               token: t3, sumRanges: ["mayor": 0...2]).ballot)
        }
        let good = try f.ballot(r3, t3, district: "south", ["mayor": ["ann"]]).0
        // Bytes altered after signing, then the malformed point, then an unknown district.
        let json = String(decoding: try CanonicalJSON.encode(good), as: UTF8.self)
        let a = good.contests[0].selections[0].ciphertext.a.hex
        expectRefused(.malformed) { _ = try f.service.castBallot(json: Array(json.replacingOccurrences(of: a, with: "02" + String(repeating: "f", count: 64)).utf8)) }
        expectRefused(.malformed) { _ = try f.service.castBallot(json: Array("{\"district\":1}".utf8)) }
        let b = good.contests[0].selections[1].ciphertext.a.hex
        expectRefused(.badSignature) { _ = try f.service.castBallot(json: Array(json.replacingOccurrences(of: a, with: b).utf8)) }
        expectRefused(.unknownDistrict) {
            _ = try f.service.castBallot(json: Array(json.replacingOccurrences(of: "\"district\":\"south\"", with: "\"district\":\"east\"").utf8))
        }
        expectRefused(.wrongElection) {
            _ = try f.service.castBallot(json: Array(json.replacingOccurrences(of: good.electionHash.hex, with: String(repeating: "ab", count: 32)).utf8))
        }
        _ = try f.service.castBallot(good)
        #expect(try f.service.status().ballotsCast == 2)
    }
}

/// Finding 1 of the soundness review: a credential belongs to one district for the whole election.
@Suite struct CredentialDistrictTests {
    /// Two colluding voters (v1 north, v3 south) get tokens for ONE credential in both districts.
    /// After a ballot (or spoil) in north, the credential may not vote or spoil in south, even with
    /// re-voting on and a genuine south token; the refusal survives a restart (rebuilt from the ledger).
    @Test func aCredentialCannotVoteInASecondDistrict() throws {
        let f = try ServiceFixture(revoting: true, spoilLimit: 2)
        let codes = try f.openWithRoll()
        let (r1, t1) = try f.token(try #require(codes["v1"]))
        let southToken = try Self.southToken(f, for: r1.credential, from: try #require(codes["v3"]))

        _ = try f.service.castBallot(f.ballot(r1, t1, district: "north", ["mayor": ["ann"], "council": ["di"]]).0)
        let south = try f.ballot(r1, southToken, district: "south", ["mayor": ["ben"]])
        expectRefused(.credentialOtherDistrict) { _ = try f.service.castBallot(south.0) }
        expectRefused(.credentialOtherDistrict) { _ = try f.service.spoilBallot(SpoiledBody(ballot: south.0, secrets: south.1)) }
        try f.reopen()
        let again = try f.ballot(r1, southToken, district: "south", ["mayor": ["ben"]])
        expectRefused(.credentialOtherDistrict) { _ = try f.service.castBallot(again.0) }
        // A re-vote in its own district is still accepted.
        _ = try f.service.castBallot(f.ballot(r1, t1, district: "north", ["mayor": ["ben"], "council": ["cy"]]).0)
        #expect(try f.service.status().ballotsCast == 2)
    }

    /// A south token for `credential`, asked for by the south voter `accomplice` through the service.
    static func southToken(_ f: ServiceFixture, for credential: Ed25519PrivateKey,
                           from accomplice: IssuedCode) throws -> Ballot.Token {
        let southKey = try #require(try f.service.electionContext().tokenKeys["south"])
        let request = try TokenRequest.make(electionID: f.manifest.electionID, district: "south", tokenKey: southKey,
                                            credential: credential)
        let blind = try f.service.issueToken(pseudonym: accomplice.pseudonym, activationCode: accomplice.code,
                                             blindedMessage: request.blindedMessage)
        return try request.finalize(blindSignature: blind, tokenKey: southKey)
    }

    /// A spoil binds the credential's district too.
    @Test func aSpoilBindsTheDistrict() throws {
        let f = try ServiceFixture(revoting: false, spoilLimit: 2)
        let codes = try f.openWithRoll()
        let (r1, t1) = try f.token(try #require(codes["v1"]))
        let southToken = try Self.southToken(f, for: r1.credential, from: try #require(codes["v3"]))
        let north = try f.ballot(r1, t1, district: "north", ["mayor": ["ann"], "council": ["di"]])
        _ = try f.service.spoilBallot(SpoiledBody(ballot: north.0, secrets: north.1))
        expectRefused(.credentialOtherDistrict) { _ = try f.service.castBallot(f.ballot(r1, southToken, district: "south", ["mayor": ["ben"]]).0) }
    }
}
