import Foundation
import Testing
import UrnaClient
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord
@testable import UrnaService
import UrnaServiceFixtures

/// A dishonest commission against the voter's client (review of issue 11): the service answers
/// through the real router, and a test rewrites what it says. Each test shows a finding of the
/// review refused (it fails if the fix is removed).
@Suite("a dishonest service against urna vote --server and urna receipt check", .serialized)
struct ClientAttackTests {
    let service: LyingService
    let directory: URL

    init() throws {
        service = try LyingService()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-client-attack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Writes voter `voterID`'s letter as the registrar prints it; returns its file name.
    func letterFile(_ voterID: String) throws -> String {
        let issued = try #require(service.letters[voterID])
        let letter = VoterLetter(electionID: service.electionID, district: issued.district, pseudonym: issued.pseudonym,
                                 code: try ActivationCode.parse(issued.code))
        let name = "letter-\(voterID).txt"
        try letter.text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    /// Finding (fixed): `urna vote --server --letter` took the voter's district from the service
    /// (`POST …/district`), checking only that it is *a* district of the manifest, although the
    /// registrar's letter names it. A commission answering another district got the voter to
    /// blind, and later cast, a ballot of that district's contests. The client now takes the
    /// letter's district and refuses, before any token request, a service that names another.
    @Test func theServiceCannotMoveAVoterToAnotherDistrict() throws {
        let letter = try letterFile("v1")
        let own = try #require(service.letters["v1"]).district
        let other = own == "north" ? "south" : "north"
        let asked = TokenDistricts()
        service.lying { request, honest in
            if request.path.hasSuffix("/district") {
                return rewritingJSON(honest) { $0["district"] = other }
            }
            if request.path.hasSuffix("/tokens"),
               let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] {
                asked.append(object["district"] as? String ?? "")
            }
            return nil
        }
        let voted = try UrnaProcess.run(["vote", "--server", service.url, "--ledger-key", service.ledgerKey, "--letter", letter,
                                         "--wallet", "wallet.json", "--choice", "mayor=ann"], in: directory)
        service.lying(nil)
        #expect(asked.all.isEmpty, "the client asked for a token (districts \(asked.all)) although the service contradicts the letter: \(voted.err)")
        #expect(voted.status != 0)
        #expect(voted.err.contains("'\(own)'") && voted.err.contains("'\(other)'"), "the refusal names both districts: \(voted.err)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("wallet.json").path), "nothing was saved")
        // Typed pseudonym and code (no letter): the registrar-signed roll in the record decides.
        let issued = try #require(service.letters["v3"])
        let elsewhere = issued.district == "north" ? "south" : "north"
        let typed = ["vote", "--server", service.url, "--ledger-key", service.ledgerKey, "--pseudonym", issued.pseudonym.hex,
                     "--code", issued.code, "--wallet", "typed.json", "--choice", "mayor=ben"]
        service.lying { request, honest in
            if request.path.hasSuffix("/district") { return rewritingJSON(honest) { $0["district"] = elsewhere } }
            if request.path.hasSuffix("/tokens") { asked.append("typed") }
            return nil
        }
        let lied = try UrnaProcess.run(typed, in: directory)
        service.lying(nil)
        #expect(lied.status != 0 && asked.all.isEmpty, "\(lied.err)")
        #expect(lied.err.contains("'\(issued.district)'") && lied.err.contains("'\(elsewhere)'") && lied.err.contains("roll"), "\(lied.err)")
        // The honest service agrees with the roll: the typed voter votes.
        let honest = try UrnaProcess.run(typed, in: directory)
        #expect(honest.status == 0 && asked.all.isEmpty, "\(honest.err)")
        // A wrong code is refused (by the service, or by the roll's commitment), before any token request.
        var wrong = typed
        wrong[8] = "aaaa-aaaa-aaaa-aaaa-aaaa-aa"
        wrong[10] = "mistyped.json"
        let mistyped = try UrnaProcess.run(wrong, in: directory)
        #expect(mistyped.status != 0 && asked.all.isEmpty, "\(mistyped.err)")
    }

    /// Finding (fixed): `urna receipt check` listed as "cosigners" every name on a signature line
    /// of the service's checkpoint, none verified. A commission added a line named after a real
    /// witness, with garbage for a signature, and the voter was shown that witness among those
    /// who vouched for the record. Now only witnesses whose signature verified under a key given
    /// with `--witness-key` are named; other lines are counted, and `--witnesses-required`
    /// fails the check when too few verified.
    @Test func aForgedCosignatureLineIsNotShownAsACosigner() throws {
        let letter = try letterFile("v3")
        let voted = try UrnaProcess.run(["vote", "--server", service.url, "--ledger-key", service.ledgerKey, "--letter", letter,
                                         "--wallet", "wallet.json", "--choice", "mayor=ben", "--receipt-out", "receipt.json"], in: directory)
        #expect(voted.status == 0, "\(voted.err)")
        let garbage = Data((0..<68).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).base64EncodedString()
        service.lying { request, honest in
            guard request.method == "GET", request.path.hasSuffix("/checkpoint") else { return nil }
            let note = String(decoding: honest.body, as: UTF8.self) + "\u{2014} witness.example/observer-a \(garbage)\n"
            return HTTPResponse(status: .ok, headers: honest.headers, body: Array(note.utf8))
        }
        let checked = try UrnaProcess.run(["receipt", "check", "receipt.json", "--server", service.url,
                                           "--ledger-key", service.ledgerKey], in: directory)
        #expect(checked.status == 0, "the ledger's own signature still verifies: \(checked.out)\(checked.err)")
        #expect(!checked.out.contains("observer-a"), "a forged cosignature line is shown to the voter: \(checked.out)")
        #expect(checked.out.contains("unverified signature lines: 1"), "\(checked.out)")
        #expect(checked.err.contains("--witness-key"), "the voter is told to pin witnesses: \(checked.err)")
        // With the real witness's key pinned, the forged line is no cosignature: the check fails.
        let real = try CosignatureSigner(name: "witness.example/observer-a", privateKey: Ed25519PrivateKey())
        let pinned = try UrnaProcess.run(["receipt", "check", "receipt.json", "--server", service.url, "--ledger-key", service.ledgerKey,
                                          "--witness-key", real.verifier.verifierKeyString, "--witnesses-required", "1"], in: directory)
        service.lying(nil)
        #expect(pinned.status == 1, "\(pinned.out)\(pinned.err)")
        #expect(pinned.out.contains("FAIL") && pinned.out.contains("cosigners: none verified"), "\(pinned.out)")
    }

    /// Finding (fixed): `urna vote --server http://HOST` sent the pseudonym and activation code in
    /// the clear to any host. An active network attacker (not the commission) takes the code and
    /// asks for the token with its own blinded message first: the voter is refused
    /// `already-issued` and the attacker casts in the voter's place. The client now refuses plain
    /// HTTP to a host that is not loopback before sending anything (`--insecure-http` overrides).
    @Test func plainHTTPToAPublicHostIsRefusedBeforeSendingTheCode() throws {
        let letter = try letterFile("v2")
        let voted = try UrnaProcess.run(["vote", "--server", "http://voting.invalid:8080", "--ledger-key", service.ledgerKey,
                                         "--election", service.electionID, "--letter", letter,
                                         "--wallet", "wallet.json", "--choice", "mayor=ann"], in: directory)
        #expect(voted.status != 0)
        #expect(voted.err.contains("https"), "refused only because the host does not resolve: \(voted.err)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("wallet.json").path), "nothing was saved")
        // The same rule for receipt check; --insecure-http lets the client try (and fail to resolve).
        let checked = try UrnaProcess.run(["receipt", "check", "receipt.json", "--server", "http://voting.invalid:8080",
                                           "--ledger-key", service.ledgerKey], in: directory)
        #expect(checked.status == 2 && checked.err.contains("https"), "\(checked.err)")
        let insecure = try UrnaProcess.run(["vote", "--server", "http://voting.invalid:8080", "--ledger-key", service.ledgerKey,
                                            "--election", service.electionID, "--letter", letter, "--insecure-http",
                                            "--wallet", "wallet.json", "--choice", "mayor=ann"], in: directory)
        #expect(insecure.status != 0 && !insecure.err.contains("plain http"), "\(insecure.err)")
        // Loopback stays allowed over plain http (a local test service; the choices are refused later).
        let local = try UrnaProcess.run(["vote", "--server", service.url, "--ledger-key", service.ledgerKey, "--letter", letter,
                                         "--wallet", "wallet.json", "--choice", "mayor=ann"], in: directory)
        #expect(!local.err.contains("plain http"), "\(local.err)")
    }

    /// Finding (privacy against the commission alone; fixed by witnesses): the client took the
    /// joint key from whatever `joint-key` entry a checkpoint signed by the pinned ledger key
    /// proves. The commission holds that key, so it shows a voter (only that voter: a fork) a
    /// context whose joint key is one it made itself: the voter encrypts under the commission's
    /// key and the commission reads the vote. A voter who pins a witness (`--witness-key`)
    /// requires its cosignature on the context's checkpoint; an honest witness never cosigns a
    /// view shown to one voter, so the forged view is refused before the token request. The same
    /// forged view with a cosignature by an impostor key of the witness's name is refused too,
    /// and the honest view cosigned by the witness is accepted.
    @Test func aJointKeyTheTrusteesNeverMadeIsRefused() throws {
        let real = service.election.service
        let jointSeq = try #require(real.jointKeySeq)
        var entries: [Entry] = []
        try real.forEachEntry(from: 0, to: jointSeq + 1) { entries.append($0) }
        let last = entries.popLast()
        let honest = try #require(last)
        let body = try CanonicalJSON.decode(JointKeyBody.self, from: honest.body)
        let mine = try Point.base(try Scalar.random())  // the commission knows its secret
        let fake = try Entry(seq: honest.seq, kind: honest.kind, time: honest.time,
                             body: CanonicalJSON.encode(JointKeyBody(jointKey: mine, qualified: body.qualified, publicShares: body.publicShares)),
                             prev: honest.prev)
        entries.append(fake)
        var chain = ChainVerifier()
        var tree = InMemoryMerkleTree()
        for entry in entries {
            _ = try chain.append(entry)
            tree.append(leafHash: entry.leafHash)
        }
        let note = try real.signer.signedNote(for: Checkpoint(origin: real.signer.origin, size: chain.size, root: chain.root, chainHead: chain.head))
        struct Proven: Codable { let line: String; let proof: [HexBytes] }
        struct Answer: Codable { let checkpoint: String; let entries: [Proven] }
        func proven(_ entry: Entry) throws -> Proven {
            var line = EntryLine.encode(entry)
            if line.last == 0x0A { line.removeLast() }
            return Proven(line: String(decoding: line, as: UTF8.self),
                          proof: try tree.prover.inclusionProof(leafIndex: entry.seq, treeSize: tree.size).map(HexBytes.init))
        }
        let forged = try CanonicalJSON.encode(Answer(checkpoint: note, entries: [proven(entries[0]), proven(fake)]))
        let ledger = try CheckpointVerifier(verifierKey: service.ledgerKey)
        let witness = try CosignatureSigner(name: "observer.example/w1", privateKey: Ed25519PrivateKey())
        let impostor = try CosignatureSigner(name: "observer.example/w1", privateKey: Ed25519PrivateKey())
        let policy = try WitnessPolicy(verifiers: [witness.verifier])
        let asked = Counter()
        func serve(_ body: [UInt8]?, cosignedBy signer: CosignatureSigner?) {
            service.lying { request, honest in
                if request.path.hasSuffix("/tokens") || request.path.hasSuffix("/district") { asked.add() }
                guard request.path.hasSuffix("/manifest") else { return nil }
                let answer = body ?? honest.body
                guard let signer, var object = (try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any],
                      let note = object["checkpoint"] as? String,
                      let cosigned = try? ledger.cosign(note, cosigner: signer, time: 1_800_000_000) else {
                    return HTTPResponse(status: .ok, headers: honest.headers, body: answer)
                }
                object["checkpoint"] = cosigned
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])).map { Array($0) } ?? answer
                return HTTPResponse(status: .ok, headers: honest.headers, body: data)
            }
        }
        #expect(body.jointKey != mine, "the test really changed the key")
        // Without a pinned witness, the forged view is accepted (what the warning says).
        serve(forged, cosignedBy: nil)
        #expect(try service.client().context().context.jointKey == mine)
        // A voter pinning the witness refuses it: no cosignature, or one by an impostor key.
        for signer in [nil, impostor] {
            serve(forged, cosignedBy: signer)
            var refusal: ClientError?
            do {
                _ = try service.client(witnesses: policy).context()
            } catch let error as ClientError {
                refusal = error
            }
            #expect(refusal?.code == ClientError.unwitnessed, "the voter client would encrypt under a joint key the commission made: \(String(describing: refusal))")
            #expect(refusal?.reason.contains("observer.example/w1") == true, "the refusal names the missing witness: \(String(describing: refusal))")
        }
        // Through the voter's district lookup too: refused before the code is sent.
        serve(forged, cosignedBy: nil)
        let voter = try #require(service.letters["v1"])
        let lookup = try service.client(witnesses: policy)
        #expect(throws: ClientError.self) { _ = try lookup.voterDistrict(pseudonym: voter.pseudonym, activationCode: voter.code) }
        #expect(asked.value == 0, "the pseudonym and code were sent before the context was witnessed")
        // The honest view the witness cosigned is accepted.
        serve(nil, cosignedBy: witness)
        #expect(try service.client(witnesses: policy).context().context.jointKey == body.jointKey)
        service.lying(nil)
    }
}

/// Districts named in token requests, gathered from the server's threads.
final class TokenDistricts: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}

/// A count gathered from the server's threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
