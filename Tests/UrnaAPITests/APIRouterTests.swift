import Foundation
import Testing
@testable import UrnaAPI
@testable import UrnaHTTP
import UrnaCrypto
import UrnaLedger
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// The router in process: every route of `Specs/api.md`, its problems, limits and metrics.
@Suite struct APIRouterTests {
    struct VoterBody: Encodable {
        let pseudonym: String
        let activationCode: String
        var blindedMessage: HexBytes?
        var district: String?
        enum CodingKeys: String, CodingKey {
            case pseudonym, district
            case activationCode = "activation_code"
            case blindedMessage = "blinded_message"
        }
    }

    /// Gets a token over the API and builds a ballot with it.
    static func ballot(_ api: APIFixture, voter: String, choices: [String: Set<String>]) throws -> Ballot {
        guard let letter = api.letters[voter] else { throw ServiceError(.notFound, voter) }
        let context = try api.election.service.electionContext()
        guard let key = context.tokenKeys[letter.district] else { throw ServiceError(.notFound, letter.district) }
        let request = try TokenRequest.make(electionID: api.electionID, district: letter.district, tokenKey: key)
        let answer = try api.post("/tokens", VoterBody(pseudonym: letter.pseudonym.hex, activationCode: letter.code,
                                                      blindedMessage: HexBytes(request.blindedMessage)))
        #expect(answer.status.code == 200, "\(String(decoding: answer.body, as: UTF8.self))")
        let signature = try Hex.decode(APIFixture.object(answer)["blind_signature"] as? String ?? "")
        let token = try request.finalize(blindSignature: signature, tokenKey: key)
        return try BallotBuilder.encrypt(election: context, district: letter.district, choices: choices,
                                         credential: request.credential, token: token).0
    }

    @Test func healthMetricsAndList() throws {
        let api = try APIFixture()
        #expect(api.request("GET", "/healthz").body == Array("ok\n".utf8))
        let list = APIFixture.object(api.request("GET", "/v1/elections"))
        let elections = list["elections"] as? [[String: Any]]
        #expect(elections?.first?["election_id"] as? String == api.electionID)
        #expect(elections?.first?["phase"] as? String == "open")
        let summary = APIFixture.object(api.get(""))
        #expect(summary["ledger_key"] as? String == api.election.service.ledgerVerifierKey)
        #expect(summary["ledger_key_fingerprint"] as? String == LedgerKeyFingerprint.of(api.election.service.ledgerVerifierKey))
        let metrics = String(decoding: api.request("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("urna_http_requests_total{route=\"/v1/elections/{id}\",status=\"200\"} 1"))
        #expect(metrics.contains("# TYPE urna_http_request_duration_seconds histogram"))
    }

    @Test func castReturnsAReceiptUnderASignedCheckpoint() throws {
        let api = try APIFixture()
        let ballot = try Self.ballot(api, voter: "v1", choices: ["mayor": ["ann"], "council": ["cy"]])
        let cast = try api.post("/ballots", ballot)
        #expect(cast.status.code == 201, "\(String(decoding: cast.body, as: UTF8.self))")
        let receipt = try CanonicalJSON.decodeInput(Receipt.self, from: cast.body)
        #expect(receipt.trackingCode.bytes == ballot.trackingCode)
        let checkpoint = try CheckpointVerifier(verifierKey: api.election.service.ledgerVerifierKey).verifiedCheckpoint(receipt.checkpoint)
        #expect(checkpoint.size > receipt.seq)
        // The same receipt by tracking code (short form), with a fresh proof.
        let again = api.get("/receipts/\(Ballot.shortTrackingCode(ballot.trackingCode))")
        #expect(try CanonicalJSON.decodeInput(Receipt.self, from: again.body).seq == receipt.seq)
        // Lookups by signature and credential.
        let found = APIFixture.object(api.get("/ballots?signature=\(ballot.signature.bytes.hex)"))
        #expect(found["seq"] as? Int == Int(receipt.seq))
        let byCredential = APIFixture.object(api.get("/ballots?credential=\(ballot.credential.bytes.hex)"))
        #expect((byCredential["ballots"] as? [Any])?.count == 1)
        // Replayed: refused with the CLI's code, counted by reason.
        let replay = try api.post("/ballots", ballot)
        #expect(replay.status.code == 409)
        #expect(APIFixture.problemCode(replay) == "ballot-replayed")
        let metrics = String(decoding: api.request("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("urna_ballots_accepted_total{election=\"\(api.electionID)\"} 1"))
        #expect(metrics.contains("urna_ballots_refused_total{election=\"\(api.electionID)\",reason=\"ballot-replayed\"} 1"))
        #expect(metrics.contains("urna_tokens_issued_total{election=\"\(api.electionID)\"} 1"))
    }

    /// A canonical body is read directly and stored byte for byte; any other spelling of the same
    /// ballot (spaces, keys out of order) is decoded strictly and stored in canonical form; a
    /// canonical-looking body with a point off the curve is refused with the strict decoder's code.
    @Test func castStoresTheCanonicalFormWhateverTheSpelling() throws {
        let api = try APIFixture()
        let path = "/v1/elections/\(api.electionID)/ballots"
        func storedBody(_ response: HTTPResponse) throws -> [UInt8] {
            let seq = try CanonicalJSON.decodeInput(Receipt.self, from: response.body).seq
            let page = String(decoding: api.get("/entries?start=\(seq)&end=\(seq + 1)").body, as: UTF8.self)
            return try EntryLine.decode(Array(page.split(separator: "\n").first.map { Array($0.utf8) } ?? [])[...]).body
        }
        let canonical = try Self.ballot(api, voter: "v1", choices: ["mayor": ["ann"], "council": ["cy"]])
        let canonicalBytes = try CanonicalJSON.encode(canonical)
        let first = api.request("POST", path, json: canonicalBytes)
        #expect(first.status.code == 201, "\(String(decoding: first.body, as: UTF8.self))")
        #expect(try storedBody(first) == canonicalBytes)

        let spaced = try Self.ballot(api, voter: "v2", choices: ["mayor": ["ann"], "council": ["cy"]])
        let object = try JSONSerialization.jsonObject(with: Data(CanonicalJSON.encode(spaced)))
        let pretty = try [UInt8](JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]))
        #expect(pretty != (try CanonicalJSON.encode(spaced)))
        let second = api.request("POST", path, json: pretty)
        #expect(second.status.code == 201, "\(String(decoding: second.body, as: UTF8.self))")
        #expect(try storedBody(second) == (try CanonicalJSON.encode(spaced)))

        // The first selection's A with an x that is not on the curve (x = 1 has no y on P-256),
        // in an otherwise canonical body: refused as the strict decoder refuses it, naming the field.
        let fresh = try Self.ballot(api, voter: "v3", choices: ["mayor": ["ann"]])
        var text = String(decoding: try CanonicalJSON.encode(fresh), as: UTF8.self)
        let a = fresh.contests[0].selections[0].ciphertext.a.bytes.hex
        text = text.replacingOccurrences(of: a, with: "02" + String(repeating: "0", count: 63) + "1")
        let offCurve = api.request("POST", path, json: Array(text.utf8))
        #expect(offCurve.status.code == 400 || offCurve.status.code == 422, "\(String(decoding: offCurve.body, as: UTF8.self))")
        #expect(APIFixture.problemCode(offCurve) == "malformed" && String(decoding: offCurve.body, as: UTF8.self).contains("contests[0].selections[0].ciphertext.a: invalid-point"), "\(String(decoding: offCurve.body, as: UTF8.self))")
    }

    @Test func wrongCodesLockThePseudonym() throws {
        let api = try APIFixture()
        guard let letter = api.letters["v2"], let wrong = api.letters["v3"]?.code else { Issue.record("no letter"); return }
        for attempt in 1...5 {
            let answer = try api.post("/district", VoterBody(pseudonym: letter.pseudonym.hex, activationCode: wrong))
            #expect(answer.status.code == 403)
            #expect(APIFixture.problemCode(answer) == (attempt < 5 ? "not-authorized" : "locked"))
        }
        // Locked now for this address, even with the right code…
        let right = try api.post("/district", VoterBody(pseudonym: letter.pseudonym.hex, activationCode: letter.code))
        #expect(APIFixture.problemCode(right) == "locked")
        // …but a stranger's wrong codes never lock the real voter out elsewhere.
        let elsewhere = try api.post("/district", VoterBody(pseudonym: letter.pseudonym.hex, activationCode: letter.code), client: "10.1.2.3")
        #expect(APIFixture.object(elsewhere)["district"] as? String == letter.district)
        // Another voter is not affected.
        guard let other = api.letters["v1"] else { Issue.record("no letter"); return }
        let fine = try api.post("/district", VoterBody(pseudonym: other.pseudonym.hex, activationCode: other.code))
        #expect(APIFixture.object(fine)["district"] as? String == other.district)
    }

    @Test func rateLimitPerClient() throws {
        var limits = AbuseLimits.Configuration()
        limits.ratePerSecond = 1
        limits.burst = 2
        let api = try APIFixture(limits: limits)
        let body = VoterBody(pseudonym: String(repeating: "0", count: 32), activationCode: "x")
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(try api.post("/district", body, client: "10.0.0.9").status.code) }
        #expect(statuses.filter { $0 == 429 }.count >= 1)
        let limited = try api.post("/district", body, client: "10.0.0.9")
        #expect(limited.headers.contains { $0.name == "Retry-After" })
        // Another client still gets through.
        #expect(try api.post("/district", body, client: "10.0.0.10").status.code != 429)
    }

    @Test func badRequestsGetProblems() throws {
        let api = try APIFixture()
        #expect(APIFixture.problemCode(api.request("GET", "/v1/elections/nope/manifest")) == "no-election")
        #expect(APIFixture.problemCode(api.get("/nothing")) == "no-route")
        let wrongMethod = api.request("DELETE", "/v1/elections/\(api.electionID)/ballots")
        #expect(wrongMethod.status.code == 405)
        #expect(wrongMethod.headers.contains { $0.name == "Allow" && $0.value == "GET, POST" })
        let notJSON = api.request("POST", "/v1/elections/\(api.electionID)/ballots", json: Array("{}".utf8), contentType: "text/plain")
        #expect(notJSON.status.code == 415)
        let garbage = api.request("POST", "/v1/elections/\(api.electionID)/ballots", json: Array("{\"x\":".utf8))
        #expect(garbage.status.code == 400)
        #expect(APIFixture.problemCode(garbage) == "malformed")  // the record checker's code, as the CLI says
        #expect(APIFixture.problemCode(api.get("/entries?start=x")) == "invalid-input")
        #expect(APIFixture.problemCode(api.get("/entries?start=1&start=2")) == "invalid-input")
        #expect(APIFixture.problemCode(api.get("/results")) == "not-published")
        #expect(APIFixture.problemCode(api.get("/receipts/zz")) == "invalid-input")
        #expect(APIFixture.problemCode(api.get("/receipts/\(String(repeating: "a", count: 64))")) == "not-found")
        // A proof beyond the latest signed checkpoint is refused.
        #expect(APIFixture.problemCode(api.get("/proofs/inclusion?seq=0&size=999999")) == "not-found")
        // The access log quotes what came from the network.
        _ = api.request("GET", "/v1/\"quoted\"\u{1B}[31m")
        #expect(api.logged.all.contains { $0.contains("target=\"/v1/\\\"quoted\\\"\\u{1B}[31m\"") })
    }

    @Test func entriesAndProofsVerifyAgainstTheCheckpoint() throws {
        let api = try APIFixture()
        let checkpointText = String(decoding: api.get("/checkpoint").body, as: UTF8.self)
        let checkpoint = try CheckpointVerifier(verifierKey: api.election.service.ledgerVerifierKey).verifiedCheckpoint(checkpointText)
        let page = api.get("/entries?start=0&end=\(checkpoint.size)")
        #expect(page.headers.contains { $0.name == "Urna-Ledger-Size" })
        let lines = String(decoding: page.body, as: UTF8.self).split(separator: "\n")
        #expect(UInt64(lines.count) == checkpoint.size)
        let proof = APIFixture.object(api.get("/proofs/inclusion?seq=0&size=\(checkpoint.size)"))
        let hashes = try (proof["hashes"] as? [String] ?? []).map { try Hex.decode($0) }
        let entry = try EntryLine.decode(Array(lines[0].utf8)[...])
        try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(entry.hash), leafIndex: 0, treeSize: checkpoint.size,
                                           proof: hashes, root: checkpoint.root)
        // The signed context a voter's client checks.
        let context = APIFixture.object(api.get("/manifest"))
        #expect((context["entries"] as? [Any])?.count == 2)
    }

    @Test func pausedElectionAnswers503ThenResumesWithTheAdminsChanges() throws {
        let api = try APIFixture()
        api.host.pauseWait = 0.3
        #expect(try api.host.pause())
        let paused = api.get("")
        #expect(paused.status.code == 503)
        #expect(APIFixture.problemCode(paused) == "unavailable")
        #expect(paused.headers.contains { $0.name == "Retry-After" })
        // The administrator's command runs on the released election.
        let admin = try ElectionService.open(directory: api.election.directory)
        try admin.closeVoting()
        admin.close()
        try api.host.resume()
        #expect(APIFixture.object(api.get(""))["phase"] as? String == "closed")
        let late = try api.post("/district", VoterBody(pseudonym: String(repeating: "0", count: 32), activationCode: "x"))
        #expect(APIFixture.problemCode(late) == "wrong-phase")
    }

    /// The ledger file moved away while the service runs (as an operator's mistake or a failing
    /// mount would): a cast is refused 503 storage-failure with Retry-After and a detail that
    /// says it was not carried out and may be sent again, naming no path; the log gets the reason; the ballot is not
    /// in the record; and once the file is back, the same ballot is recorded, with no restart.
    @Test func movedLedgerFileAnswers503StorageFailureThenRecovers() throws {
        let api = try APIFixture()
        let ballot = try Self.ballot(api, voter: "v1", choices: ["mayor": ["ann"], "council": ["cy"]])
        let ledger = api.election.directory.appendingPathComponent(ElectionService.ledgerFileName).path
        try FileManager.default.moveItem(atPath: ledger, toPath: ledger + ".away")
        let refused = try api.post("/ballots", ballot)
        let detail = APIFixture.object(refused)["detail"] as? String ?? ""
        try FileManager.default.moveItem(atPath: ledger + ".away", toPath: ledger)
        #expect(refused.status.code == 503)
        #expect(APIFixture.problemCode(refused) == "storage-failure")
        #expect(refused.headers.contains { $0.name == "Retry-After" })
        #expect(detail.contains("was not carried out") && detail.contains("send it again") && !detail.contains(ledger), "\(detail)")
        #expect(api.logged.all.contains { $0.contains("storage:") && $0.contains("deleted, moved or replaced") }, "\(api.logged.all)")
        let signature = ballot.signature.bytes.hex
        #expect(api.get("/ballots?signature=\(signature)").status.code == 404)
        let cast = try api.post("/ballots", ballot)
        #expect(cast.status.code == 201, "\(String(decoding: cast.body, as: UTF8.self))")
    }

    /// The same for the write-ahead log (`election.db-wal`), which holds every entry since the
    /// last checkpoint of the database file: SQLite alone would go on writing to it unlinked.
    @Test func movedWriteAheadLogAnswers503StorageFailureThenRecovers() throws {
        let api = try APIFixture()
        let first = try Self.ballot(api, voter: "v1", choices: ["mayor": ["ann"], "council": ["cy"]])
        #expect(try api.post("/ballots", first).status.code == 201)
        let log = api.election.directory.appendingPathComponent(ElectionService.ledgerFileName).path + "-wal"
        try FileManager.default.moveItem(atPath: log, toPath: log + ".away")
        let ballot = try Self.ballot(api, voter: "v2", choices: ["mayor": ["ben"], "council": ["cy"]])
        let refused = try api.post("/ballots", ballot)
        try FileManager.default.moveItem(atPath: log + ".away", toPath: log)
        #expect(refused.status.code == 503 && APIFixture.problemCode(refused) == "storage-failure")
        #expect(api.logged.all.contains { $0.contains("write-ahead log") }, "\(api.logged.all)")
        let cast = try api.post("/ballots", ballot)
        #expect(cast.status.code == 201, "\(String(decoding: cast.body, as: UTF8.self))")
    }
}
