import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// One way of corrupting the valid record, and the named check (and entry) that must catch it.
struct Tampering: Sendable, CustomStringConvertible {
    let name: String
    let check: Check
    /// Builds the tampered record; returns its path and the seq the failure must name (nil: the record).
    let apply: @Sendable (ElectionFixture) throws -> (path: String, seq: UInt64?)

    var description: String { "\(name) → \(check.rawValue)" }

    /// Applies the tampering to the shared fixture, verifies the re-signed record, and expects
    /// it INVALID with this tampering's check failing at its entry; returns the report.
    @discardableResult
    func expectCaught(sourceLocation: SourceLocation = #_sourceLocation) throws -> VerificationReport {
        let (path, seq) = try apply(try ElectionFixture.shared.get())
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        #expect(!report.isValid, sourceLocation: sourceLocation)
        #expect(report.failures.contains { $0.check == check && $0.seq == seq },
                "expected \(check.rawValue) at \(seq.map(String.init) ?? "record"); got \(report.failures)", sourceLocation: sourceLocation)
        return report
    }
}

@Suite("Tamper suite: every tampering is caught by the right named check at the right entry")
struct TamperTests {
    @Test(arguments: Tampering.all)
    func tampering(_ tampering: Tampering) throws {
        let report = try tampering.expectCaught()
        #expect((report.result(of: tampering.check)?.failed ?? 0) > 0)
    }

    @Test("at least 20 distinct tamperings, covering every kind the issue lists")
    func coverage() {
        #expect(Tampering.all.count >= 20)
        #expect(Set(Tampering.all.map(\.name)).count == Tampering.all.count)
    }
}

extension Tampering {
    static let all: [Tampering] = ballots + ledger + ceremonyAndIssuance + tally

    // MARK: - Ballots (re-signed by the voter's credential where the signature covers the change)

    static let ballots: [Tampering] = [
        Tampering(name: "a byte in a ciphertext", check: .ballotProof) { fixture in
            let index = fixture.ballotSeqs[1]
            let ballot = try fixture.ballot(at: index)
            var bytes = ballot.contests[0].selections[0].ciphertext.b.bytes
            var point: Point?
            for position in stride(from: 32, to: 1, by: -1) where point == nil {
                bytes[position] ^= 0x01
                point = try? Point(bytes: bytes)
            }
            let changed = try edit(ballot, contest: 0, selection: 0) {
                Ballot.Selection(id: $0.id, ciphertext: ElGamalCiphertext(a: $0.ciphertext.a, b: try need(point, "point")), proof: $0.proof)
            }
            return (try replaceBallot(fixture, index, try fixture.resign(changed, index: index)), UInt64(index))
        },
        Tampering(name: "a byte in a proof", check: .ballotProof) { fixture in
            let index = fixture.ballotSeqs[2]
            let ballot = try fixture.ballot(at: index)
            let changed = try edit(ballot, contest: 0, selection: 1) { selection in
                var branches = selection.proof.branches
                var response = branches[0].response.bytes
                response[31] ^= 0x01
                branches[0] = .init(a: branches[0].a, b: branches[0].b, challenge: branches[0].challenge,
                                    response: try Scalar(bytes: response))
                return Ballot.Selection(id: selection.id, ciphertext: selection.ciphertext,
                                        proof: RangeProof(min: selection.proof.min, branches: branches))
            }
            return (try replaceBallot(fixture, index, try fixture.resign(changed, index: index)), UInt64(index))
        },
        Tampering(name: "a byte in a token signature", check: .ballotToken) { fixture in
            let index = fixture.ballotSeqs[3]
            let ballot = try fixture.ballot(at: index)
            var signature = ballot.token.signature.bytes
            signature[10] ^= 0x01
            let changed = rebuild(ballot, token: Ballot.Token(prefix: ballot.token.prefix.bytes, signature: signature))
            return (try replaceBallot(fixture, index, try fixture.resign(changed, index: index)), UInt64(index))
        },
        Tampering(name: "a byte in a credential signature", check: .ballotCredentialSignature) { fixture in
            let index = fixture.ballotSeqs[4]
            let ballot = try fixture.ballot(at: index)
            var signature = ballot.signature.bytes
            signature[5] ^= 0x01
            return (try replaceBallot(fixture, index, rebuild(ballot, signature: signature)), UInt64(index))
        },
        Tampering(name: "a ballot in the wrong district (its token is checked under that district's key only)",
                  check: .ballotToken) { fixture in
            let index = fixture.ballotSeqs[1]  // south, moved to east (same contests)
            let ballot = try fixture.ballot(at: index)
            let changed = rebuild(ballot, district: "east")
            return (try replaceBallot(fixture, index, try fixture.resign(changed, index: index)), UInt64(index))
        },
        Tampering(name: "a ballot in a district the manifest does not have", check: .ballotDistrict) { fixture in
            let index = fixture.ballotSeqs[1]
            let ballot = try fixture.ballot(at: index)
            let changed = rebuild(ballot, district: "nowhere")
            return (try replaceBallot(fixture, index, try fixture.resign(changed, index: index)), UInt64(index))
        },
        Tampering(name: "a ballot for another election", check: .ballotElection) { fixture in
            let index = fixture.ballotSeqs[5]
            let ballot = try fixture.ballot(at: index)
            let changed = rebuild(ballot, electionHash: SHA256.hash(Array("another election".utf8)))
            return (try replaceBallot(fixture, index, try fixture.resign(changed, index: index)), UInt64(index))
        },
        Tampering(name: "a ballot after close", check: .phaseOrder) { fixture in
            var drafts = fixture.drafts
            let moved = drafts.remove(at: fixture.ballotSeqs[6])
            let close = Int(fixture.seq("close"))  // the close entry is now at close - 1
            drafts.insert(moved, at: close)
            return (try fixture.writeExport(drafts), UInt64(close))
        },
        Tampering(name: "a reused credential", check: .ballotCredentialUnique) { fixture in
            let index = fixture.ballotSeqs[0]
            let first = try fixture.ballot(at: index)
            let key = try need(fixture.credentials[index], "credential")
            let second = try BallotBuilder.encrypt(election: fixture.context, district: first.district,
                                                   choices: ["mayor": ["carol"], "council": ["frank"]],
                                                   credential: key, token: first.token).ballot
            var drafts = fixture.drafts
            let close = Int(fixture.seq("close"))
            drafts.insert(Draft(kind: "ballot", body: try CanonicalJSON.encode(second)), at: close)
            return (try fixture.writeExport(drafts), UInt64(close))
        },
        Tampering(name: "a public spoiled ballot cast as a vote (replay)", check: .ballotUnique) { fixture in
            let spoiled = try CanonicalJSON.decode(SpoiledBody.self, from: fixture.drafts[fixture.spoiledSeqs[0]].body)
            var drafts = fixture.drafts
            let close = Int(fixture.seq("close"))
            drafts.insert(Draft(kind: "ballot", body: try CanonicalJSON.encode(spoiled.ballot)), at: close)
            return (try fixture.writeExport(drafts), UInt64(close))
        },
        Tampering(name: "a spoiled ballot whose nonces do not match", check: .spoiledNonces) { fixture in
            let index = fixture.spoiledSeqs[0]
            let spoiled = try CanonicalJSON.decode(SpoiledBody.self, from: fixture.drafts[index].body)
            var nonces = spoiled.nonces
            nonces["mayor"]?["bob"] = try Scalar.random()
            let changed = try reencode(spoiled, nonces: nonces)
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: changed)), UInt64(index))
        },
        Tampering(name: "a credential spoiling more than the limit", check: .spoiledLimit) { fixture in
            // A second, freshly encrypted spoiled ballot under a credential that already spoiled one.
            var drafts = fixture.drafts
            let index = fixture.spoiledSeqs[1]
            let first = try CanonicalJSON.decode(SpoiledBody.self, from: drafts[index].body).ballot
            let key = try need(fixture.credentials[index], "credential")
            let choices = Dictionary(uniqueKeysWithValues: first.contests.map { ($0.id, Set<String>()) })
                .filter { id, _ in fixture.context.manifest.contest(id)?.min == 0 }
            let (ballot, secrets) = try BallotBuilder.encrypt(election: fixture.context, district: first.district, choices: choices,
                                                              credential: key, token: first.token)
            drafts.insert(Draft(kind: "spoiled", body: try CanonicalJSON.encode(SpoiledBody(ballot: ballot, secrets: secrets))), at: index + 1)
            return (try fixture.writeExport(drafts), UInt64(index + 1))
        },
        Tampering(name: "a spoiled entry repeated (replay)", check: .ballotUnique) { fixture in
            var drafts = fixture.drafts
            let index = fixture.spoiledSeqs[1]
            drafts.insert(drafts[index], at: index + 1)
            return (try fixture.writeExport(drafts), UInt64(index + 1))
        },
    ]

    // MARK: - The ledger itself (raw edits of the export, or a re-signed record)

    static let ledger: [Tampering] = [
        Tampering(name: "a byte in an entry body (not re-hashed)", check: .entryHash) { fixture in
            var lines = try fixture.exportLines()
            let index = fixture.ballotSeqs[2]
            lines[index] = try rawLine(lines[index]) { body in
                var body = body
                body[body.count / 2] ^= 0x01
                return body
            }
            return (try fixture.writeRawExport(lines: lines), UInt64(index))
        },
        Tampering(name: "a deleted entry", check: .chain) { fixture in
            var lines = try fixture.exportLines()
            let index = fixture.ballotSeqs[5]
            lines.remove(at: index)
            return (try fixture.writeRawExport(lines: lines), UInt64(index + 1))
        },
        Tampering(name: "reordered entries", check: .chain) { fixture in
            var lines = try fixture.exportLines()
            let index = fixture.ballotSeqs[3]
            lines.swapAt(index, index + 1)
            return (try fixture.writeRawExport(lines: lines), UInt64(index + 1))
        },
        Tampering(name: "a duplicated entry", check: .chain) { fixture in
            var lines = try fixture.exportLines()
            let index = fixture.ballotSeqs[4]
            lines.insert(lines[index], at: index + 1)
            return (try fixture.writeRawExport(lines: lines), UInt64(index))
        },
        Tampering(name: "an inserted entry", check: .chain) { fixture in
            var lines = try fixture.exportLines()
            let index = fixture.ballotSeqs[4]
            let previous = try EntryLine.decode(Array(lines[index - 1].utf8)[...])
            let inserted = try Entry(seq: UInt64(index), kind: "ballot", time: previous.time + 1,
                                     body: fixture.drafts[fixture.ballotSeqs[0]].body, prev: previous.hash)
            lines.insert(String(decoding: EntryLine.encode(inserted).dropLast(), as: UTF8.self), at: index)
            return (try fixture.writeRawExport(lines: lines), UInt64(index))
        },
        Tampering(name: "a replaced checkpoint signature", check: .checkpointSignature) { fixture in
            let impostor = try CheckpointSigner(origin: ElectionFixture.origin, privateKey: Ed25519PrivateKey())
            return (try fixture.writeExport(fixture.drafts, signer: impostor), UInt64(fixture.drafts.count - 1))
        },
        Tampering(name: "a truncated ledger against a newer checkpoint", check: .truncation) { fixture in
            let lines = try fixture.exportLines()
            return (try fixture.writeRawExport(lines: Array(lines.dropLast(3))), UInt64(lines.count - 3))
        },
        Tampering(name: "an entry dated before its predecessor", check: .chain) { fixture in
            let index = fixture.ballotSeqs[3]
            return (try fixture.writeExport(fixture.drafts, times: [index: 1_600_000_000_000]), UInt64(index))
        },
        Tampering(name: "an entry of an unknown kind", check: .phaseOrder) { fixture in
            var drafts = fixture.drafts
            let index = fixture.ballotSeqs[2]
            drafts.insert(Draft(kind: "note", body: Array("{}".utf8)), at: index)
            return (try fixture.writeExport(drafts), UInt64(index))
        },
    ]

    // MARK: - Ceremony and issuance

    static let ceremonyAndIssuance: [Tampering] = [
        Tampering(name: "a byte in a commitment's Schnorr proof", check: .ceremonyCommitment) { fixture in
            let index = Int(fixture.seq("commitment2"))
            let body = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: fixture.drafts[index].body)
            var response = body.proof.response.bytes
            response[31] ^= 0x01
            let changed = TrusteeCommitmentBody(
                trustee: body.trustee, commitments: body.commitments,
                proof: SchnorrProof(commitment: body.proof.commitment, challenge: body.proof.challenge,
                                    response: try Scalar(bytes: response)),
                shares: body.shares)
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: CanonicalJSON.encode(fixture.signed(changed)))), UInt64(index))
        },
        Tampering(name: "a complaint with a forged proof", check: .ceremonyComplaint) { fixture in
            let index = Int(fixture.seq("complaint"))
            let body = try CanonicalJSON.decode(ComplaintBody.self, from: fixture.drafts[index].body)
            let changed = ComplaintBody(accuser: body.accuser, accused: body.accused,
                                        sharedPoint: try Point.base(Scalar.random()), proof: body.proof)
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: CanonicalJSON.encode(fixture.signed(changed)))), UInt64(index))
        },
        Tampering(name: "a complaint after the joint key", check: .phaseOrder) { fixture in
            var drafts = fixture.drafts
            let index = Int(fixture.seq("complaint"))
            let complaint = drafts.remove(at: index)
            let after = Int(fixture.seq("joint-key"))  // the joint-key entry is now at after - 1
            drafts.insert(complaint, at: after)
            return (try fixture.writeExport(drafts), UInt64(after))
        },
        Tampering(name: "an altered public share in the joint key", check: .ceremonyJointKey) { fixture in
            let index = Int(fixture.seq("joint-key"))
            let body = try CanonicalJSON.decode(JointKeyBody.self, from: fixture.drafts[index].body)
            var shares = body.publicShares
            shares["1"] = try Point.generator()
            let changed = JointKeyBody(jointKey: body.jointKey, qualified: body.qualified, publicShares: shares)
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: CanonicalJSON.encode(changed))), UInt64(index))
        },
        Tampering(name: "a pseudonym issued twice", check: .issuancePseudonymUnique) { fixture in
            // The first north voter's letter, revealed again in a second batch (its code is public now).
            let index = Int(fixture.seq("issuance"))
            let letter = try need(fixture.voterLetters.first { $0.district == "north" }, "north letter")
            var drafts = fixture.drafts
            drafts.insert(Draft(kind: "issuance", body: try CanonicalJSON.encode(IssuanceBody(letters: [letter]))), at: index + 1)
            return (try fixture.writeExport(drafts), UInt64(index + 1))
        },
        Tampering(name: "an issuance for a pseudonym on no roll", check: .issuanceRoll) { fixture in
            let index = Int(fixture.seq("issuance"))
            let invented = IssuanceBody(districts: ["north": [try Pseudonym.generate().hex: try ActivationCode.generate().canonical]])
            var drafts = fixture.drafts
            drafts.insert(Draft(kind: "issuance", body: try CanonicalJSON.encode(invented)), at: index + 1)
            return (try fixture.writeExport(drafts), UInt64(index + 1))
        },
        Tampering(name: "an issuance of a south pseudonym in north", check: .issuanceRoll) { fixture in
            // A real letter of south (never used) listed under north, with its true code.
            let index = Int(fixture.seq("issuance"))
            let letter = try need(fixture.unusedLetters["south"]?.first, "unused south letter")
            let moved = IssuanceBody(districts: ["north": [letter.pseudonym.hex: letter.code.canonical]])
            var drafts = fixture.drafts
            drafts.insert(Draft(kind: "issuance", body: try CanonicalJSON.encode(moved)), at: index + 1)
            return (try fixture.writeExport(drafts), UInt64(index + 1))
        },
        Tampering(name: "an issuance revealing a code that is not the pseudonym's", check: .issuanceCode) { fixture in
            // An unused north pseudonym (public on the roll) with a code the commission made up.
            let index = Int(fixture.seq("issuance"))
            let letter = try need(fixture.unusedLetters["north"]?.first, "unused north letter")
            let wrong = IssuanceBody(districts: ["north": [letter.pseudonym.hex: try ActivationCode.generate().canonical]])
            var drafts = fixture.drafts
            drafts.insert(Draft(kind: "issuance", body: try CanonicalJSON.encode(wrong)), at: index + 1)
            return (try fixture.writeExport(drafts), UInt64(index + 1))
        },
        Tampering(name: "an issuance revealing a code with a wrong check symbol", check: .issuanceBatch) { fixture in
            let index = Int(fixture.seq("issuance"))
            let body = try CanonicalJSON.decode(IssuanceBody.self, from: fixture.drafts[index].body)
            var districts = body.districts
            let (pseudonym, code) = try need(districts["east"]?.min { $0.key < $1.key }, "east issuance")
            let last = code.last == "0" ? "1" : "0"
            districts["east"]?[pseudonym] = String(code.dropLast()) + last
            let drafts = replacing(fixture.drafts, index, body: try CanonicalJSON.encode(IssuanceBody(districts: districts)))
            return (try fixture.writeExport(drafts), UInt64(index))
        },
        Tampering(name: "a roll entry with a commitment changed (the registrar's signature breaks)", check: .rollSignature) { fixture in
            let index = Int(fixture.seq("roll-south"))
            let body = try CanonicalJSON.decode(RollBody.self, from: fixture.drafts[index].body)
            var pseudonyms = body.pseudonyms
            let first = try need(pseudonyms.keys.min(), "south pseudonym")
            pseudonyms[first] = HexBytes(SHA256.hash(Array("the commission's code".utf8)))
            let changed = RollBody(district: body.district, pseudonyms: pseudonyms, identitySignature: body.identitySignature)
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: CanonicalJSON.encode(changed))), UInt64(index))
        },
        Tampering(name: "a roll entry withheld", check: .rollSize) { fixture in
            // East's roll entry left out: east's roll is empty when voting opens (one entry earlier).
            var drafts = fixture.drafts
            drafts.remove(at: Int(fixture.seq("roll-east")))
            return (try fixture.writeExport(drafts), fixture.seq("open") - 1)
        },
        Tampering(name: "more ballots counted than tokens issued", check: .districtCountedLEIssued) { fixture in
            let index = Int(fixture.seq("issuance"))
            let body = try CanonicalJSON.decode(IssuanceBody.self, from: fixture.drafts[index].body)
            var districts = body.districts
            let last = try need(districts["east"]?.keys.max(), "east pseudonym")
            districts["east"]?[last] = nil
            let drafts = replacing(fixture.drafts, index, body: try CanonicalJSON.encode(IssuanceBody(districts: districts)))
            return (try fixture.writeExport(drafts), fixture.seq("tally"))
        },
    ]

    // MARK: - Tally, shares, result

    static let tally: [Tampering] = [
        Tampering(name: "an altered aggregate", check: .tallyAggregates) { fixture in
            let index = Int(fixture.seq("tally"))
            let body = try CanonicalJSON.decode(TallyBody.self, from: fixture.drafts[index].body)
            var districts = body.districts
            let mayor = try need(districts["north"]?["mayor"], "north mayor aggregate")
            var selections = mayor.selections
            selections["alice"] = mayor.selections["bob"]
            selections["bob"] = mayor.selections["alice"]
            districts["north"]?["mayor"] = TallyBody.ContestAggregate(ballots: mayor.ballots, selections: selections)
            let changed = try CanonicalJSON.encode(TallyBody(districts: districts))
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: changed)), UInt64(index))
        },
        Tampering(name: "an altered decryption share", check: .tallyShareProof) { fixture in
            let index = Int(fixture.seq("share1"))
            let changed = try editShare(fixture, fixture.drafts[index].body) { share in
                TallyShareBody.Share(share: try Point.generator(), proof: share.proof)
            }
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: changed)), UInt64(index))
        },
        Tampering(name: "an altered share proof", check: .tallyShareProof) { fixture in
            let index = Int(fixture.seq("share2"))
            let changed = try editShare(fixture, fixture.drafts[index].body) { share in
                let proof = try need(share.proof, "proof")
                var response = proof.response.bytes
                response[31] ^= 0x01
                return TallyShareBody.Share(share: share.share, proof: ChaumPedersenProof(
                    commitmentG: proof.commitmentG, commitmentY: proof.commitmentY, challenge: proof.challenge,
                    response: try Scalar(bytes: response)))
            }
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: changed)), UInt64(index))
        },
        Tampering(name: "an altered result", check: .resultMatches) { fixture in
            let index = Int(fixture.seq("result"))
            var districts = fixture.expected.districts
            let north = try need(districts["north"], "north result")
            var contests = north.contests
            contests["mayor"]?["carol"] = 3
            districts["north"] = ResultBody.DistrictResult(ballots: north.ballots, contests: contests)
            let changed = try CanonicalJSON.encode(ResultBody(trustees: fixture.expected.trustees, districts: districts))
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: changed)), UInt64(index))
        },
        Tampering(name: "a result combined from too few trustees", check: .tallyCombination) { fixture in
            let index = Int(fixture.seq("result"))
            let changed = try CanonicalJSON.encode(ResultBody(trustees: [1], districts: fixture.expected.districts))
            return (try fixture.writeExport(replacing(fixture.drafts, index, body: changed)), UInt64(index))
        },
    ]

    // MARK: - Helpers

    static func replacing(_ drafts: [Draft], _ index: Int, body: [UInt8]) -> [Draft] {
        var drafts = drafts
        drafts[index].body = body
        return drafts
    }

    static func replaceBallot(_ fixture: ElectionFixture, _ index: Int, _ ballot: Ballot) throws -> String {
        try fixture.writeExport(replacing(fixture.drafts, index, body: CanonicalJSON.encode(ballot)))
    }

    static func rebuild(_ ballot: Ballot, electionHash: [UInt8]? = nil, district: String? = nil, token: Ballot.Token? = nil,
                        contests: [Ballot.Contest]? = nil, signature: [UInt8]? = nil) -> Ballot {
        Ballot(electionHash: electionHash ?? ballot.electionHash.bytes, district: district ?? ballot.district,
               credential: ballot.credential.bytes, token: token ?? ballot.token, contests: contests ?? ballot.contests,
               signature: signature ?? ballot.signature.bytes)
    }

    static func edit(_ ballot: Ballot, contest: Int, selection: Int,
                     _ change: (Ballot.Selection) throws -> Ballot.Selection) throws -> Ballot {
        var contests = ballot.contests
        var selections = contests[contest].selections
        selections[selection] = try change(selections[selection])
        contests[contest] = Ballot.Contest(id: contests[contest].id, selections: selections, sumProof: contests[contest].sumProof)
        return rebuild(ballot, contests: contests)
    }

    static func reencode(_ spoiled: SpoiledBody, nonces: [String: [String: Scalar]]) throws -> [UInt8] {
        let secrets = BallotBuilder.Secrets(nonces: nonces, choices: spoiled.choices.mapValues(Set.init))
        return try CanonicalJSON.encode(SpoiledBody(ballot: spoiled.ballot, secrets: secrets))
    }

    /// Changes the north/mayor/alice share of a tally-share body, re-signed by its trustee (so
    /// that the share proof, not the identity signature, is what fails).
    static func editShare(_ fixture: ElectionFixture, _ bytes: [UInt8],
                          _ change: (TallyShareBody.Share) throws -> TallyShareBody.Share) throws -> [UInt8] {
        let body = try CanonicalJSON.decode(TallyShareBody.self, from: bytes)
        var shares = body.shares
        let share = try need(shares["north"]?["mayor"]?["alice"], "share")
        shares["north"]?["mayor"]?["alice"] = try change(share)
        return try CanonicalJSON.encode(fixture.signed(TallyShareBody(trustee: body.trustee, shares: shares)))
    }

    /// An export line with its body changed but its stored hash kept.
    static func rawLine(_ line: String, _ change: ([UInt8]) -> [UInt8]) throws -> String {
        let entry = try EntryLine.decode(Array(line.utf8)[...])
        let body = change(entry.body)
        return "{\"seq\":\(entry.seq),\"kind\":\"\(entry.kind)\",\"time\":\(entry.time),\"prev\":\"\(entry.prev.hex)\","
            + "\"hash\":\"\(entry.hash.hex)\",\"body\":\"\(Base64.encode(body))\"}"
    }
}
