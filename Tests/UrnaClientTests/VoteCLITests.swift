import Foundation
import Testing
import UrnaClient
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// `urna vote --server` and `urna receipt check` through the built executable, against the real
/// router on a loopback socket (honest, or lying).
@Suite("urna vote --server and urna receipt check, as a voter runs them", .serialized)
struct VoteCLITests {
    let service: LyingService
    let directory: URL

    init() throws {
        service = try LyingService()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-vote-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func vote(_ voterID: String, _ extra: [String] = [], pin: [String]? = nil, wallet: String = "wallet.json") throws -> [String] {
        let letter = try #require(service.letters[voterID])
        let choices = letter.district == "north" ? ["--choice", "mayor=ann", "--choice", "council=cy,di"] : ["--choice", "mayor=ben"]
        return ["vote", "--server", service.url] + (pin ?? ["--ledger-key", service.ledgerKey])
            + ["--pseudonym", letter.pseudonym.hex, "--code", letter.code, "--wallet", wallet] + choices + extra
    }

    func credential(_ wallet: String) throws -> [UInt8] {
        let data = try Data(contentsOf: directory.appendingPathComponent(wallet))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let hex = try #require(object["credential"] as? String)
        return try Ed25519PrivateKey(rawRepresentation: Hex.decode(hex)).publicKey.rawRepresentation
    }

    @Test("a cast prints the tracking code line as local mode does; receipt check says OK and names the cosigners")
    func castAndCheck() throws {
        let fingerprint = LedgerKeyFingerprint.of(service.ledgerKey)
        let voted = try UrnaProcess.run(vote("v1", ["--receipt-out", "receipt.json"], pin: ["--ledger-fingerprint", fingerprint]), in: directory)
        #expect(voted.status == 0, "\(voted.err)")
        #expect(voted.out.contains("ballot cast at entry "), "\(voted.out)")
        #expect(voted.out.range(of: #"tracking code: [0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}  \(full: [0-9a-f]{64}\)"#, options: .regularExpression) != nil, "\(voted.out)")
        #expect(voted.out.contains("receipt written to receipt.json"))
        // Running the same command again re-votes (this election allows it); the tree grows.
        let again = try UrnaProcess.run(vote("v1", ["--receipt-out", "receipt2.json"]), in: directory)
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out.contains("re-voting: this ballot replaces your earlier one"), "\(again.out)")
        let checked = try UrnaProcess.run(["receipt", "check", "receipt.json", "--server", service.url, "--ledger-fingerprint", fingerprint], in: directory)
        #expect(checked.status == 0, "\(checked.out)\(checked.err)")
        #expect(checked.out.contains("a consistency proof shows the tree of size"), "\(checked.out)")
        #expect(checked.out.contains("OK: "), "\(checked.out)")
        #expect(checked.out.contains("cosigners: none"), "\(checked.out)")
    }

    @Test("without a pinned key --server is refused (exit 2), saying where the fingerprint is published; a wrong pin sends nothing")
    func pinRequired() throws {
        let unpinned = try UrnaProcess.run(vote("v1", pin: []), in: directory)
        #expect(unpinned.status == 2)
        #expect(unpinned.err.contains("--ledger-fingerprint") && unpinned.err.contains("published"), "\(unpinned.err)")
        let wrong = try UrnaProcess.run(vote("v1", pin: ["--ledger-fingerprint", "0000-0000-0000-0000-0000-0000-0000-0000"]), in: directory)
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("[ledger-key-mismatch]"), "\(wrong.err)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("wallet.json").path))
        let both = try UrnaProcess.run(vote("v1", ["--dir", directory.path]), in: directory)
        #expect(both.status == 2 && both.err.contains("not both"), "\(both.err)")
        let neither = try UrnaProcess.run(["vote", "--blank", "--wallet", "w.json", "--election", "x"], in: directory)
        #expect(neither.status == 2 && neither.err.contains("add --server"), "\(neither.err)")
        let receiptUnpinned = try UrnaProcess.run(["receipt", "check", "nothing.json", "--server", service.url], in: directory)
        #expect(receiptUnpinned.status == 2 && receiptUnpinned.err.contains("--ledger-fingerprint"), "\(receiptUnpinned.err)")
    }

    @Test("a problem is printed with its code; a bad blind signature keeps the token request and the next run casts")
    func badBlindSignatureKeepsRequest() throws {
        let other = try #require(service.letters["v2"])
        let refused = try UrnaProcess.run(vote("v1", ["--code", other.code]), in: directory)
        #expect(refused.status == 1)
        #expect(refused.err.contains("[not-authorized]"), "\(refused.err)")
        service.lying { request, honest in
            guard request.path.hasSuffix("/tokens") else { return nil }
            return rewritingJSON(honest) { object in
                guard let hex = object["blind_signature"] as? String, let first = hex.first else { return }
                object["blind_signature"] = (first == "0" ? "1" : "0") + hex.dropFirst()
            }
        }
        let bad = try UrnaProcess.run(vote("v3"), in: directory)
        #expect(bad.status == 1)
        #expect(bad.err.contains("[bad-token]"), "\(bad.err)")
        let wallet = try String(contentsOf: directory.appendingPathComponent("wallet.json"), encoding: .utf8)
        #expect(wallet.contains("\"pending\""))
        service.lying(nil)
        let good = try UrnaProcess.run(vote("v3"), in: directory)
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out.contains("ballot cast at entry "))
    }

    /// Runs `urna vote` for v1 and kills it (SIGKILL) once the service has answered the POST to
    /// `route` but before the client reads the answer; the service is honest afterwards.
    func killAfterServiceAnswered(_ route: String) throws {
        let arrived = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        service.lying { request, honest in
            guard request.method == "POST", request.path.hasSuffix(route) else { return nil }
            arrived.signal()
            release.wait()
            return honest
        }
        let first = try UrnaProcess(vote("v1"), in: directory)
        #expect(arrived.wait(timeout: .now() + 300) == .success)
        first.kill()
        service.lying(nil)
        release.signal()
    }

    @Test("killed while its ballot is in flight: the next run finds it in the record and never sends it again")
    func killedInFlight() throws {
        try killAfterServiceAnswered("/ballots")
        let again = try UrnaProcess.run(vote("v1", ["--receipt-out", "receipt.json"]), in: directory)
        #expect(again.status == 0, "\(again.err)")
        #expect(again.err.contains("it was not sent again"), "\(again.err)")
        #expect(again.out.contains("ballot cast at entry "))
        let ballots = try service.client().recordedBallots(credential: credential("wallet.json"))
        #expect(ballots.count == 1)
    }

    @Test("killed after the service signed its token: the next run gets the same token, not already-issued")
    func killedAfterToken() throws {
        try killAfterServiceAnswered("/tokens")
        let again = try UrnaProcess.run(vote("v1"), in: directory)
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out.contains("ballot cast at entry "), "\(again.out)")
        #expect(try service.client().recordedBallots(credential: credential("wallet.json")).count == 1)
    }

    @Test("an answer lost after the cast, and a failed lookup: kept as outgoing, the next run finds it and sends nothing")
    func lostAnswer() throws {
        service.lying { request, honest in
            if request.method == "POST", request.path.hasSuffix("/ballots") {
                return HTTPResponse.problem(.serviceUnavailable, code: "unavailable", detail: "lost after the append")
            }
            if request.target.contains("ballots?signature=") { return HTTPResponse(status: .internalServerError, body: []) }
            return nil
        }
        let lost = try UrnaProcess.run(vote("v1"), in: directory)
        #expect(lost.status == 1)
        #expect(lost.err.contains("may have been sent") && lost.err.contains("never sends it twice"), "\(lost.err)")
        let wallet = try String(contentsOf: directory.appendingPathComponent("wallet.json"), encoding: .utf8)
        #expect(wallet.contains("\"outgoing\""))
        service.lying(nil)
        let again = try UrnaProcess.run(vote("v1"), in: directory)
        #expect(again.status == 0, "\(again.err)")
        #expect(again.err.contains("it was not sent again"), "\(again.err)")
        #expect(try service.client().recordedBallots(credential: credential("wallet.json")).count == 1)
    }

    @Test("--audit spoils one encryption, shows the choices its nonces open to, then casts a fresh one")
    func audit() throws {
        let audited = try UrnaProcess.run(vote("v1", ["--audit"]), in: directory)
        #expect(audited.status == 0, "\(audited.err)")
        #expect(audited.out.contains("auditing first"), "\(audited.out)")
        #expect(audited.out.contains("this is exactly what you chose"), "\(audited.out)")
        #expect(audited.out.contains("privacy:"))
        #expect(audited.out.contains("ballot cast at entry "))
        let ballots = try service.client().recordedBallots(credential: credential("wallet.json"))
        #expect(ballots.map(\.spoiled) == [true, false])
    }

    @Test("--audit works locally too (--dir), reading the spoiled ballot back from the record")
    func localAudit() throws {
        let election = try ServiceFixture(spoilLimit: 1)
        let letters = try election.openWithRoll()
        election.service.close()
        let letter = try #require(letters["v3"])
        let audited = try UrnaProcess.run(["vote", "--dir", election.directory.path, "--pseudonym", letter.pseudonym.hex, "--code", letter.code,
                                           "--choice", "mayor=ann", "--wallet", "local-wallet.json", "--audit"], in: directory)
        #expect(audited.status == 0, "\(audited.err)")
        #expect(audited.out.contains("this is exactly what you chose"), "\(audited.out)")
        #expect(audited.out.contains("ballot cast at entry "), "\(audited.out)")
        try election.reopen()
        #expect(try election.service.recordedBallots(credential: credential("local-wallet.json")).map(\.spoiled) == [true, false])
    }

    @Test("receipt check: exit 1 when the service rewrote the record, 2 when it cannot be reached")
    func receiptCheckFailures() throws {
        let voted = try UrnaProcess.run(vote("v1", ["--receipt-out", "receipt.json"]), in: directory)
        #expect(voted.status == 0, "\(voted.err)")
        service.lying { request, honest in
            guard request.path.hasSuffix("/entries") else { return nil }
            var body = honest.body
            if let index = body.firstIndex(of: UInt8(ascii: "\"")) { body[index + 1] = UInt8(ascii: "x") }
            return HTTPResponse(status: honest.status, headers: honest.headers, body: body)
        }
        let rewritten = try UrnaProcess.run(["receipt", "check", "receipt.json", "--server", service.url, "--ledger-key", service.ledgerKey], in: directory)
        #expect(rewritten.status == 1, "\(rewritten.out)\(rewritten.err)")
        #expect(rewritten.out.contains("FAIL"), "\(rewritten.out)")
        let dead = try UrnaProcess.run(["receipt", "check", "receipt.json", "--server", "http://127.0.0.1:1", "--ledger-key", service.ledgerKey], in: directory)
        #expect(dead.status == 2, "\(dead.out)\(dead.err)")
    }
}
