import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaObserver

@Suite("WitnessCore: add-checkpoint checks, answers and state")
struct WitnessCoreTests {
    let directory: URL
    let witnessKey: CosignatureSigner
    let log = LogLines()
    let records = StubRecordCheck()
    var ledger: TestLedger

    init() throws {
        directory = try temporaryDirectory("core")
        witnessKey = try CosignatureSigner(name: "observer.test/w1", privateKey: Ed25519PrivateKey())
        ledger = try TestLedger(key: Ed25519PrivateKey())
    }

    func core(at time: UInt64 = 1_700_000_000) throws -> WitnessCore {
        let log = self.log
        return try WitnessCore(ledgerKey: ledger.verifierKey, cosigner: witnessKey, stateDirectory: directory,
                               recordCheck: records.check, clock: { time }, log: { log.append($0) })
    }

    /// The cosignature lines verify under the witness key on the checkpoint just added.
    func expectCosigned(_ answer: WitnessCore.Answer, note: String, time: UInt64 = 1_700_000_000) throws {
        #expect(answer.status == 200)
        let lines = String(decoding: answer.body, as: UTF8.self)
        #expect(lines.hasPrefix("\u{2014} observer.test/w1 ") && lines.hasSuffix("\n"))
        let verified = try ledger.signer.verifier.verifyCosigned(note + lines, cosigners: [witnessKey.verifier])
        #expect(verified.cosignatures.first?.timestamp == time)
    }

    @Test("the first checkpoint is accepted from old 0, and the next one with a consistency proof")
    mutating func firstThenNext() throws {
        let witness = try core()
        ledger.append(5, tag: "a")
        try expectCosigned(witness.answer(body: ledger.body(old: 0)), note: ledger.note())
        #expect(witness.state.size == 5)
        ledger.append(7, tag: "a")
        try expectCosigned(witness.answer(body: ledger.body(old: 5)), note: ledger.note())
        #expect(witness.state.size == 12)
        #expect(records.calls == 2)
    }

    @Test("a wrong old size, or a checkpoint smaller than the one cosigned, is 409 with the witness's size as text/x.tlog.size")
    mutating func wrongOld() throws {
        let witness = try core()
        ledger.append(3, tag: "a")
        let smaller = try ledger.note()
        ledger.append(2, tag: "a")
        _ = witness.answer(body: try ledger.body(old: 0))
        ledger.append(3, tag: "a")
        let rollback = witness.answer(body: WitnessRequest.body(oldSize: 5, proof: [], signedNote: smaller))
        #expect(rollback.status == 409 && rollback.body == Array("5\n".utf8))
        let beyond = witness.answer(body: WitnessRequest.body(oldSize: 9, proof: [], signedNote: try ledger.note()))
        #expect(beyond.status == 409 && beyond.body == Array("5\n".utf8))
        for old: UInt64 in [0, 4, 6] {
            let answer = witness.answer(body: try ledger.body(old: old))
            #expect(answer.status == 409)
            #expect(answer.contentType == "text/x.tlog.size")
            #expect(answer.body == Array("5\n".utf8))
        }
        #expect(witness.state.size == 5)
    }

    @Test("a checkpoint signed by another key is 403; another origin is 404; nothing is cosigned")
    mutating func wrongKey() throws {
        let witness = try core()
        var impostor = try TestLedger(key: Ed25519PrivateKey())  // same origin, another key
        impostor.append(5, tag: "a")
        #expect(witness.answer(body: try impostor.body(old: 0)).status == 403)
        var elsewhere = try TestLedger(origin: "urna.test/other", key: Ed25519PrivateKey())
        elsewhere.append(5, tag: "a")
        #expect(witness.answer(body: try elsewhere.body(old: 0)).status == 404)
        // A note carrying the ledger's name and key ID with a forged signature is 403 too.
        ledger.append(5, tag: "a")
        let note = try SignedNote(parsing: ledger.note())
        let genuine = try #require(note.signatures.first)
        var bytes = genuine.signature
        bytes[bytes.count - 1] ^= 0x01
        let forged = try SignedNote(text: note.text, signatures: [NoteSignature(name: genuine.name, keyID: genuine.keyID, signature: bytes)])
        #expect(witness.answer(body: WitnessRequest.body(oldSize: 0, proof: [], signedNote: forged.serialized)).status == 403)
        #expect(witness.state.size == 0 && records.calls == 0)
    }

    @Test("a consistency proof that does not prove the extension is 422, and the state is unchanged")
    mutating func badProof() throws {
        let witness = try core()
        ledger.append(5, tag: "a")
        _ = witness.answer(body: try ledger.body(old: 0))
        ledger.append(6, tag: "a")
        var proof = try ledger.proof(from: 5)
        proof[0][0] ^= 0x01
        let answer = witness.answer(body: WitnessRequest.body(oldSize: 5, proof: proof, signedNote: try ledger.note()))
        #expect(answer.status == 422)
        #expect(answer.code == ObserverError.witnessInconsistent)
        // An empty proof for a larger tree fails the same way.
        #expect(witness.answer(body: WitnessRequest.body(oldSize: 5, proof: [], signedNote: try ledger.note())).status == 422)
        #expect(witness.state.size == 5 && records.calls == 1)
        #expect(log.all.contains { $0.hasPrefix("INCONSISTENT") })
    }

    @Test("two roots at one size: the second is refused as a FORK (both roots logged), the state is unchanged")
    mutating func fork() throws {
        let key = try Ed25519PrivateKey()
        ledger = try TestLedger(key: key)
        var other = try TestLedger(key: key)
        ledger.append(4, tag: "a")
        other.append(4, tag: "a")
        let witness = try core()
        _ = witness.answer(body: try ledger.body(old: 0))
        ledger.append(4, tag: "honest")
        other.append(4, tag: "forked")
        try expectCosigned(witness.answer(body: ledger.body(old: 4)), note: ledger.note())
        let before = witness.state
        for old: UInt64 in [8, 4] {
            let answer = witness.answer(body: try other.body(old: old))
            #expect(answer.status == 409)
            #expect(answer.code == ObserverError.witnessFork)
            #expect(answer.body == Array("8\n".utf8))
        }
        #expect(witness.state == before)
        let root = Data(ledger.tree.root).base64EncodedString(), forked = Data(other.tree.root).base64EncodedString()
        #expect(log.all.contains { $0.hasPrefix("FORK at size 8") && $0.contains(root) && $0.contains(forked) })
        #expect(try String(contentsOf: directory.appendingPathComponent("forks/8-\(other.tree.root.hex).note"), encoding: .utf8) == other.note())
        #expect(try String(contentsOf: directory.appendingPathComponent("forks/8-\(ledger.tree.root.hex).note"), encoding: .utf8) == ledger.note())
        // The forked branch cannot be cosigned later either: its next checkpoint is inconsistent.
        other.append(2, tag: "forked")
        #expect(witness.answer(body: try other.body(old: 8)).status == 422)
        #expect(try WitnessState.load(from: directory) == before)
    }

    @Test("a record that does not verify is 422, and the state is unchanged")
    mutating func recordInvalid() throws {
        let witness = try core()
        ledger.append(5, tag: "a")
        records.fail("ballot.proof at seq 3: bad proof")
        let answer = witness.answer(body: try ledger.body(old: 0))
        #expect(answer.status == 422)
        #expect(answer.code == ObserverError.witnessRecordInvalid)
        #expect(witness.state.size == 0)
        #expect(try WitnessState.load(from: directory) == nil)
        records.fail(nil)
        try expectCosigned(witness.answer(body: ledger.body(old: 0)), note: ledger.note())
    }

    @Test("the cosigned checkpoint again (old = its size) gets the same answer, byte for byte")
    mutating func replay() throws {
        ledger.append(5, tag: "a")
        let first = try core(at: 1_700_000_000).answer(body: ledger.body(old: 0))
        let again = try core(at: 1_800_000_000).answer(body: ledger.body(old: 5))
        #expect(first.status == 200 && again == first)
        #expect(records.calls == 1)
        // The first request replayed verbatim is told the size it must use.
        #expect(try core().answer(body: ledger.body(old: 0)).body == Array("5\n".utf8))
    }

    @Test("the state survives a new WitnessCore on the same directory; another ledger's state is refused")
    mutating func persisted() throws {
        ledger.append(5, tag: "a")
        _ = try core().answer(body: ledger.body(old: 0))
        let reopened = try core()
        #expect(reopened.state.size == 5)
        #expect(reopened.state.root == Data(ledger.tree.root).base64EncodedString())
        ledger.append(1, tag: "a")
        try expectCosigned(reopened.answer(body: ledger.body(old: 5)), note: ledger.note())
        // A clock that went back: the next cosignature is not dated before the last one.
        ledger.append(1, tag: "a")
        try expectCosigned(core(at: 1_600_000_000).answer(body: ledger.body(old: 6)), note: ledger.note())
        var info = stat()
        #expect(stat(directory.appendingPathComponent(WitnessState.fileName).path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let other = try TestLedger(key: Ed25519PrivateKey())
        #expect(throws: ObserverError.self) {
            try WitnessCore(ledgerKey: other.verifierKey, cosigner: witnessKey, stateDirectory: directory, recordCheck: records.check)
        }
    }

    @Test("concurrent add-checkpoints from one old size: exactly one is cosigned, the others get 409 with the new size")
    mutating func serialised() throws {
        let witness = try core()
        ledger.append(5, tag: "a")
        let body = try ledger.body(old: 0)
        records.work = 20_000
        let answers = LockedAnswers()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in answers.append(witness.answer(body: body)) }
        let statuses = answers.all.map(\.status).sorted()
        #expect(statuses == [200] + Array(repeating: 409, count: 7))
        #expect(answers.all.filter { $0.status == 409 }.allSatisfy { $0.body == Array("5\n".utf8) })
        #expect(records.calls == 1 && records.mostAtOnce == 1)
    }

    @Test("garbage bodies are 400 and change nothing")
    mutating func garbage() throws {
        let witness = try core()
        ledger.append(5, tag: "a")
        let note = try ledger.note()
        let hash = Data(repeating: 7, count: 32).base64EncodedString()
        let bodies: [String] = [
            "", "old 0", "old 0\n", "old\n\n" + note, "old 00\n\n" + note, "old -1\n\n" + note, "old +1\n\n" + note,
            "old 1 \n\n" + note, "Old 0\n\n" + note, "old 99999999999999999999\n\n" + note,
            "old 0\n" + hash + "\n\n" + note,  // a proof from 0 must be empty
            "old 1\n" + hash.dropLast() + "\n\n" + note, "old 1\n" + hash + " \n\n" + note,
            "old 1\n" + Data(repeating: 7, count: 31).base64EncodedString() + "\n\n" + note,
            "old 1\n" + String(repeating: hash + "\n", count: 64) + "\n" + note,
            "old 0\n\n" + note.replacingOccurrences(of: "\n\n", with: "\n"),
            "old 0\n\nnot a checkpoint\n\n\u{2014} x AAAA\n", "old 0\n\n" + note + "\u{0}",
            "old 0\r\n\r\n" + note,
        ]
        for body in bodies {
            let answer = witness.answer(body: Array(body.utf8))
            #expect(answer.status == 400, "\(body.prefix(40).debugDescription)")
        }
        #expect(witness.answer(body: Array(repeating: 0x41, count: WitnessRequest.maxBodyBytes + 1)).status == 400)
        #expect(witness.state.size == 0 && records.calls == 0)
    }
}
