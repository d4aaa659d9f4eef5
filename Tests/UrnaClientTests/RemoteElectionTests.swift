import Foundation
import Testing
import UrnaClient
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord
import UrnaServiceFixtures

/// A voter's token and ballot against `remote`, for `voter` of the fixture.
struct Voter {
    let code: IssuedCode
    let request: TokenRequest

    init(_ service: LyingService, _ voterID: String, remote: RemoteElection) throws {
        code = try #require(service.letters[voterID])
        let context = try remote.context().context
        let key = try #require(context.tokenKeys[code.district])
        request = try TokenRequest.make(electionID: service.electionID, district: code.district, tokenKey: key)
    }

    func token(_ remote: RemoteElection) throws -> Ballot.Token {
        try remote.token(for: request, pseudonym: code.pseudonym, activationCode: code.code)
    }

    func ballot(_ remote: RemoteElection, _ choices: [String: Set<String>] = ["mayor": ["ann"]]) throws -> Ballot {
        let all = code.district == "north" ? choices.merging(["council": ["cy"]]) { a, _ in a } : choices
        return try BallotBuilder.encrypt(election: remote.context().context, district: code.district, choices: all,
                                         credential: request.credential, token: token(remote)).ballot
    }
}

func expectClientError(_ code: String, fromService: Bool? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected ClientError \(code), but it was accepted", sourceLocation: sourceLocation)
    } catch let error as ClientError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let fromService { #expect(error.fromService == fromService, "\(error)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected ClientError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("RemoteElection against an honest and a lying service on a loopback socket", .serialized)
struct RemoteElectionTests {
    @Test("honest service: the verified context, a token, a cast with its checked receipt, the receipt checked online")
    func honest() throws {
        let service = try LyingService()
        let remote = try service.client()
        let context = try remote.context()
        #expect(context.context.manifest.electionID == service.electionID)
        #expect(context.ledgerKey == service.ledgerKey)
        let first = try Voter(service, "v1", remote: remote)
        #expect(try remote.voterDistrict(pseudonym: first.code.pseudonym, activationCode: first.code.code) == "north")
        let ballot = try first.ballot(remote)
        let receipt = try remote.cast(ballot)
        #expect(receipt.trackingCode.bytes == ballot.trackingCode)
        #expect(try remote.recordedBallot(signature: ballot.signature.bytes)?.seq == receipt.seq)
        #expect(try remote.recordedBallot(signature: Array(repeating: 7, count: 64)) == nil)
        #expect(try remote.recordedBallots(credential: ballot.credential.bytes).map(\.seq) == [receipt.seq])
        #expect(try remote.receipt(trackingCode: ballot.trackingCode).seq == receipt.seq)
        // Another ballot grows the tree, so the online check proves consistency across sizes.
        let second = try Voter(service, "v3", remote: remote)
        let later = try remote.cast(second.ballot(remote))
        let report = try ReceiptOnlineCheck.run(receipt, remote: remote)
        #expect(report.isValid, "\(report.steps)")
        #expect(report.steps.contains { $0.text.contains("consistency proof") })
        #expect(later.seq > receipt.seq)
        // The fingerprint pin is as good as the key; a wrong one refuses the service.
        let byFingerprint = try service.client(pin: .fingerprint(published: LedgerKeyFingerprint.of(service.ledgerKey)))
        #expect(try byFingerprint.context().ledgerKey == service.ledgerKey)
        let wrong = try service.client(pin: .fingerprint(published: "0000-0000-0000-0000-0000-0000-0000-0000"))
        expectClientError(ClientError.keyMismatch) { _ = try wrong.context() }
    }

    @Test("a manifest whose checkpoint another key signed is refused; so is a service whose key is not the pinned one")
    func foreignCheckpoint() throws {
        let service = try LyingService()
        let origin = try CheckpointVerifier(verifierKey: service.ledgerKey).origin
        let impostor = try CheckpointSigner(origin: origin, privateKey: Ed25519PrivateKey())
        service.lying { request, honest in
            guard request.path.hasSuffix("/manifest") else { return nil }
            return rewritingJSON(honest) { object in
                guard let note = object["checkpoint"] as? String else { return }
                let text = try SignedNote(parsing: note).text
                object["checkpoint"] = try impostor.signedNote(for: Checkpoint(text: text))
            }
        }
        expectClientError(ClientError.untrusted) { _ = try service.client().context() }
        service.lying(nil)
        // Pinned on another key, the service's own (honest) checkpoint does not verify.
        expectClientError(ClientError.untrusted) { _ = try service.client(pin: .key(impostor.verifierKey)).context() }
        #expect(try service.client().context().context.manifest.electionID == service.electionID)
    }

    @Test("an entry that is not proven in the signed tree, or whose line was altered, is refused")
    func entryNotIncluded() throws {
        let service = try LyingService()
        service.lying { request, honest in
            guard request.path.hasSuffix("/manifest") else { return nil }
            return rewritingJSON(honest) { object in
                guard var entries = object["entries"] as? [[String: Any]], var proof = entries.last?["proof"] as? [String], !proof.isEmpty else { return }
                proof[0] = String(repeating: "ab", count: 32)
                entries[entries.count - 1]["proof"] = proof
                object["entries"] = entries
            }
        }
        expectClientError(ClientError.untrusted) { _ = try service.client().context() }
        service.lying { request, honest in
            guard request.path.hasSuffix("/manifest") else { return nil }
            return rewritingJSON(honest) { object in
                guard var entries = object["entries"] as? [[String: Any]], let line = entries.last?["line"] as? String else { return }
                entries[entries.count - 1]["line"] = line.replacingOccurrences(of: "\"time\":", with: "\"time\":1")
                object["entries"] = entries
            }
        }
        expectClientError(ClientError.untrusted) { _ = try service.client().context() }
        // Only entry 0: no joint key, so no context to vote with.
        service.lying { request, honest in
            guard request.path.hasSuffix("/manifest") else { return nil }
            return rewritingJSON(honest) { object in
                guard let entries = object["entries"] as? [[String: Any]] else { return }
                object["entries"] = Array(entries.prefix(1))
            }
        }
        expectClientError("wrong-phase") { _ = try service.client().context() }
    }

    @Test("a bad blind signature is refused as bad-token, and the same token request gets a valid token later")
    func badBlindSignature() throws {
        let service = try LyingService()
        let remote = try service.client()
        let voter = try Voter(service, "v2", remote: remote)
        service.lying { request, honest in
            guard request.path.hasSuffix("/tokens") else { return nil }
            return rewritingJSON(honest) { object in
                guard let hex = object["blind_signature"] as? String, let first = hex.first else { return }
                object["blind_signature"] = (first == "0" ? "1" : "0") + hex.dropFirst()
            }
        }
        expectClientError(ClientError.badToken, fromService: false) { _ = try voter.token(remote) }
        service.lying(nil)
        // The service answers the same blinded message again; the request was not burned.
        let ballot = try voter.ballot(remote)
        #expect(try remote.cast(ballot).trackingCode.bytes == ballot.trackingCode)
    }

    @Test("a receipt for another tracking code, or with a broken proof, is refused before it is kept; the ballot is found again")
    func foreignReceipt() throws {
        let service = try LyingService()
        let remote = try service.client()
        let earlier = try remote.cast(Voter(service, "v1", remote: remote).ballot(remote))
        let earlierBytes = try earlier.encoded()
        service.lying { request, honest in
            guard request.method == "POST", request.path.hasSuffix("/ballots") else { return nil }
            return HTTPResponse(status: honest.status, headers: honest.headers, body: earlierBytes)
        }
        let ballot = try Voter(service, "v3", remote: remote).ballot(remote)
        expectClientError(ClientError.untrusted) { _ = try remote.cast(ballot) }
        // A fresh receipt whose inclusion proof was altered is refused too.
        service.lying { request, honest in
            guard request.path.contains("/receipts/") else { return nil }
            return rewritingJSON(honest) { object in
                guard var proof = object["inclusion_proof"] as? [String], !proof.isEmpty else { return }
                proof[0] = String(repeating: "cd", count: 32)
                object["inclusion_proof"] = proof
            }
        }
        expectClientError(ClientError.untrusted) { _ = try remote.receipt(trackingCode: ballot.trackingCode) }
        service.lying(nil)
        // The cast did happen: the client looks it up and gets its own receipt.
        let found = try #require(try remote.recordedBallot(signature: ballot.signature.bytes))
        #expect(try remote.receipt(trackingCode: found.trackingCode).trackingCode.bytes == ballot.trackingCode)
    }

    @Test("witnesses: only cosignatures verified under a given key are named; the required count is enforced on the receipt's and the latest checkpoint")
    func witnesses() throws {
        let service = try LyingService()
        let remote = try service.client()
        let ledger = try CheckpointVerifier(verifierKey: service.ledgerKey)
        let witness = try CosignatureSigner(name: "observer.example/w1", privateKey: Ed25519PrivateKey())
        let impostor = try CosignatureSigner(name: "observer.example/w1", privateKey: Ed25519PrivateKey())
        let absent = try CosignatureSigner(name: "observer.example/w2", privateKey: Ed25519PrivateKey())
        // The witness cosigns every checkpoint the service shows: the latest, and the receipt's.
        service.lying { request, honest in
            if request.path.hasSuffix("/checkpoint") {
                guard let note = try? ledger.cosign(String(decoding: honest.body, as: UTF8.self), cosigner: witness, time: 1_800_000_000) else { return nil }
                return HTTPResponse(status: honest.status, headers: honest.headers, body: Array(note.utf8))
            }
            guard request.method == "POST", request.path.hasSuffix("/ballots") else { return nil }
            return rewritingJSON(honest) { object in
                if let note = object["checkpoint"] as? String {
                    object["checkpoint"] = try? ledger.cosign(note, cosigner: witness, time: 1_800_000_000)
                }
            }
        }
        let receipt = try remote.cast(Voter(service, "v1", remote: remote).ballot(remote))
        let named = try ReceiptOnlineCheck.run(receipt, remote: remote)
        #expect(named.isValid && named.cosigners.isEmpty && named.unverifiedSignatureLines == 1, "unverified, so not named: \(named)")
        let checked = try ReceiptOnlineCheck.run(receipt, remote: remote, witnesses: WitnessPolicy(verifiers: [witness.verifier]))
        #expect(checked.isValid && checked.cosigners == ["observer.example/w1"] && checked.unverifiedSignatureLines == 0, "\(checked)")
        let byImpostor = try ReceiptOnlineCheck.run(receipt, remote: remote, witnesses: WitnessPolicy(verifiers: [impostor.verifier]))
        #expect(!byImpostor.isValid && byImpostor.cosigners.isEmpty, "\(byImpostor)")
        let both = try WitnessPolicy(verifiers: [witness.verifier, absent.verifier])
        #expect(try !ReceiptOnlineCheck.run(receipt, remote: remote, witnesses: both).isValid)
        let oneOfTwo = try WitnessPolicy(verifiers: [witness.verifier, absent.verifier], required: 1)
        #expect(try ReceiptOnlineCheck.run(receipt, remote: remote, witnesses: oneOfTwo).isValid)
        // A client requiring the absent witness refuses the receipt (and names the witness).
        let strict = try service.client(witnesses: both)
        expectClientError(ClientError.unwitnessed) { _ = try strict.receipt(trackingCode: receipt.trackingCode.bytes) }
        service.lying(nil)
        #expect(throws: ClientError.self) { _ = try WitnessPolicy(verifiers: [witness.verifier], required: 2) }
        #expect(throws: ClientError.self) { _ = try WitnessPolicy(verifiers: [witness.verifier, impostor.verifier]) }
        #expect(throws: ClientError.self) { _ = try WitnessPolicy(keys: [service.ledgerKey]) }
    }

    @Test("a lookup that names another entry for the ballot is refused")
    func lyingLookup() throws {
        let service = try LyingService()
        let remote = try service.client()
        let first = try remote.cast(Voter(service, "v1", remote: remote).ballot(remote))
        let ballot = try Voter(service, "v3", remote: remote).ballot(remote)
        let second = try remote.cast(ballot)
        service.lying { request, honest in
            guard request.method == "GET", request.target.contains("ballots?signature=") else { return nil }
            return rewritingJSON(honest) { object in
                object["seq"] = Int(first.seq)
                object["tracking_code"] = first.trackingCode.hex
            }
        }
        expectClientError(ClientError.untrusted) { _ = try remote.recordedBallot(signature: ballot.signature.bytes) }
        service.lying(nil)
        #expect(try remote.recordedBallot(signature: ballot.signature.bytes)?.seq == second.seq)
    }

    @Test("a problem answer is a ClientError with the service's code, its detail escaped")
    func problems() throws {
        let service = try LyingService()
        let remote = try service.client()
        let voter = try #require(service.letters["v1"])
        let other = try #require(service.letters["v2"])
        expectClientError("not-authorized", fromService: true) {
            _ = try remote.voterDistrict(pseudonym: voter.pseudonym, activationCode: other.code)
        }
        service.lying { request, _ in
            guard request.path.hasSuffix("/district") else { return nil }
            return HTTPResponse.problem(.conflict, code: "credential-used", detail: "spoofed \u{1b}[2Jterminal")
        }
        do {
            _ = try remote.voterDistrict(pseudonym: voter.pseudonym, activationCode: voter.code)
            Issue.record("a problem was accepted")
        } catch let error as ClientError {
            #expect(error.code == "credential-used" && error.fromService)
            #expect(!error.description.unicodeScalars.contains { $0.value == 0x1b }, "\(error)")
        }
        // An answer that is not a problem and not a success names the status.
        service.lying { request, _ in
            guard request.path.hasSuffix("/district") else { return nil }
            return HTTPResponse(status: .internalServerError, body: Array("oops".utf8))
        }
        expectClientError(ClientError.badAnswer) { _ = try remote.voterDistrict(pseudonym: voter.pseudonym, activationCode: voter.code) }
    }

    @Test("receipt check online fails on a service that rewrote the record, and a dead service is unreachable")
    func onlineCheckCatchesRewrites() throws {
        let service = try LyingService()
        let remote = try service.client()
        let receipt = try remote.cast(Voter(service, "v1", remote: remote).ballot(remote))
        _ = try remote.cast(Voter(service, "v3", remote: remote).ballot(remote))
        service.lying { request, honest in
            guard request.path.hasSuffix("/proofs/consistency") else { return nil }
            return rewritingJSON(honest) { object in
                guard var hashes = object["hashes"] as? [String], !hashes.isEmpty else { return }
                hashes[hashes.count - 1] = String(repeating: "ef", count: 32)
                object["hashes"] = hashes
            }
        }
        var report = try ReceiptOnlineCheck.run(receipt, remote: remote)
        #expect(!report.isValid)
        #expect(report.steps.last?.text.contains("consistency proof") == true)
        service.lying { request, honest in
            guard request.path.hasSuffix("/entries") else { return nil }
            var body = honest.body
            if let index = body.firstIndex(of: UInt8(ascii: "\"")) { body[index + 1] = UInt8(ascii: "x") }
            return HTTPResponse(status: honest.status, headers: honest.headers, body: body)
        }
        report = try ReceiptOnlineCheck.run(receipt, remote: remote)
        #expect(!report.isValid)
        service.lying(nil)
        #expect(try ReceiptOnlineCheck.run(receipt, remote: remote).isValid)
        let dead = try RemoteElection(client: RemoteConnection.client(baseURL: "http://127.0.0.1:1", caFile: nil, timeout: 5),
                                      electionID: service.electionID, pin: .key(service.ledgerKey))
        expectClientError(ClientError.unreachable) { _ = try ReceiptOnlineCheck.run(receipt, remote: dead) }
    }

    @Test("the roll district of a typed pseudonym: read from the signed roll entries proven in the record; a tampered roll is refused")
    func rollDistrict() throws {
        let service = try LyingService()
        let remote = try service.client()
        for (_, issued) in service.letters {
            #expect(try remote.rollDistrict(pseudonym: issued.pseudonym, activationCode: issued.code) == issued.district)
        }
        let voter = try #require(service.letters["v1"])
        let other = try #require(service.letters.values.first { $0.district != voter.district })
        expectClientError("code-mismatch") { _ = try remote.rollDistrict(pseudonym: voter.pseudonym, activationCode: other.code) }
        let stranger = try #require(Pseudonym(hex: String(repeating: "ab", count: 16)))
        expectClientError("not-on-roll") { _ = try remote.rollDistrict(pseudonym: stranger, activationCode: voter.code) }
        // The service swaps the two voters' pseudonyms between the districts' roll entries (each
        // rewritten entry with its right hash): the tree no longer matches the signed checkpoint.
        let swap = [voter.pseudonym.hex: other.pseudonym.hex, other.pseudonym.hex: voter.pseudonym.hex]
        service.lying { request, honest in
            guard request.path.hasSuffix("/entries") else { return nil }
            var lines: [UInt8] = []
            for line in honest.body.split(separator: 0x0A) {
                guard var entry = try? EntryLine.decode(line) else { return nil }
                if entry.kind == EntryKind.roll.rawValue, let roll = try? CanonicalJSON.decode(RollBody.self, from: entry.body) {
                    let moved = RollBody(district: roll.district,
                                         pseudonyms: Dictionary(uniqueKeysWithValues: roll.pseudonyms.map { (swap[$0.key] ?? $0.key, $0.value) }),
                                         identitySignature: roll.identitySignature)
                    guard let body = try? CanonicalJSON.encode(moved),
                          let rewritten = try? Entry(seq: entry.seq, kind: entry.kind, time: entry.time, body: body, prev: entry.prev) else { return nil }
                    entry = rewritten
                }
                lines += EntryLine.encode(entry)
            }
            return HTTPResponse(status: honest.status, headers: honest.headers, body: lines)
        }
        expectClientError(ClientError.untrusted) { _ = try remote.rollDistrict(pseudonym: voter.pseudonym, activationCode: voter.code) }
        service.lying(nil)
    }
}
