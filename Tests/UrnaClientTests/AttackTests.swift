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
/// through the real router, and a test rewrites what it says. Tests wrapped in
/// `withKnownIssue` demonstrate a finding that is not fixed yet.
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

    /// Finding: `urna vote --server --letter` asks the service for the voter's district
    /// (`VoteToken.district` → `POST …/district`) and only checks that the answer is *a*
    /// district of the manifest, although the registrar's letter names the voter's district
    /// (and the registrar-signed roll in the record proves it). A commission that answers
    /// another district gets the voter to blind, and later cast, a ballot of that district's
    /// contests: the voter's own district gets an issued-but-unused slot (which the commission
    /// alone can fill, SECURITY.md "Known limits"), and the record stays VALID.
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
        // Today the honest router behind the lie refuses the token (voter-other-district), so
        // nothing is cast here; a commission would sign it with the other district's key.
        withKnownIssue("the voter client trusts the service's district over the letter's (VoteToken.district)") {
            #expect(!asked.all.contains(other), "the client asked for a token of district '\(other)' although the letter says '\(own)': \(voted.err)")
        }
    }

    /// Finding: `urna receipt check` lists as "cosigners" every name on a signature line of the
    /// service's checkpoint, none of them verified (the voter cannot give a witness key). A
    /// commission adds a line named after a real witness, with garbage for a signature, and the
    /// voter is shown that witness among those who vouched for the record; the check passes.
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
        service.lying(nil)
        #expect(checked.status == 0, "the ledger's own signature still verifies: \(checked.out)\(checked.err)")
        withKnownIssue("ReceiptOnlineCheck.cosigners names unverified signature lines; urna receipt check takes no witness key") {
            #expect(!checked.out.contains("observer-a"), "a forged cosignature line is shown to the voter: \(checked.out)")
        }
    }

    /// Finding: `urna vote --server http://HOST` sends the pseudonym and activation code in the
    /// clear to any host (the server side refuses plain HTTP off loopback without
    /// `--insecure-public`, the client has no such rule). An active network attacker (not the
    /// commission) takes the code and asks for the token with its own blinded message first: the
    /// voter is refused `already-issued` and the attacker casts in the voter's place. The client
    /// should refuse plain HTTP to a host that is not loopback before sending anything.
    @Test func plainHTTPToAPublicHostIsRefusedBeforeSendingTheCode() throws {
        let letter = try letterFile("v2")
        let voted = try UrnaProcess.run(["vote", "--server", "http://voting.invalid:8080", "--ledger-key", service.ledgerKey,
                                         "--election", service.electionID, "--letter", letter,
                                         "--wallet", "wallet.json", "--choice", "mayor=ann"], in: directory)
        #expect(voted.status != 0)
        withKnownIssue("the voter client accepts http:// to a non-loopback host (RemoteConnection.client)") {
            #expect(voted.err.contains("https"), "refused only because the host does not resolve: \(voted.err)")
        }
    }

    /// Finding (privacy against the commission alone): the client takes the joint key from
    /// whatever `joint-key` entry a checkpoint signed by the pinned ledger key proves. The
    /// commission holds that key, so it shows a voter (only that voter: a fork) a context whose
    /// joint key is one it made itself, with the real election entry: the voter encrypts under
    /// the commission's key and the commission reads the vote, no trustee needed. The client
    /// must check the joint key against the ceremony (the trustees' signed commitments: `K =
    /// Σ C_i0` over the qualified trustees, as scrutineer does) or require witness
    /// cosignatures on the context's checkpoint before it encrypts.
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
        service.lying { request, honest in
            guard request.path.hasSuffix("/manifest") else { return nil }
            return HTTPResponse(status: .ok, headers: honest.headers, body: forged)
        }
        let remote = try service.client()
        let accepted = try? remote.context()
        service.lying(nil)
        #expect(body.jointKey != mine, "the test really changed the key")
        withKnownIssue("RemoteElection.context() trusts the joint-key entry's key without checking the ceremony") {
            #expect(accepted == nil || accepted?.context.jointKey != mine,
                    "the voter client would encrypt under a joint key the commission made (and can decrypt)")
        }
    }
}

/// Districts named in token requests, gathered from the server's threads.
final class TokenDistricts: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
