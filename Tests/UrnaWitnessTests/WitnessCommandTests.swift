import Foundation
import Testing
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaLedgerStore
import UrnaObserver

/// The real `scrutineer witness` on a loopback port, pushed real checkpoints of a record made by
/// the real service (served by a stand-in over HTTP), answering real HTTP POSTs.
@Suite("scrutineer witness: the executable on a loopback port", .serialized)
struct WitnessCommandTests {
    /// `scrutineer keygen` into a fresh directory: the key file and the verifier key it printed.
    func keygen(_ folder: URL, name: String = "observer.test/w1") throws -> (file: String, verifierKey: String) {
        let file = folder.appendingPathComponent("observer.key").path
        let run = try WitnessProcess.run(["keygen", "--name", name, "--out", file])
        #expect(run.status == 0, "\(run.err)")
        return (file, run.out.trimmingCharacters(in: .newlines))
    }

    /// Starts the witness and returns it with its client, after it printed key and address.
    func startWitness(_ arguments: [String]) throws -> (process: WitnessProcess, lines: [String], client: HTTPClient) {
        let process = try WitnessProcess(["witness", "--listen", "127.0.0.1:0"] + arguments)
        let lines = try process.waitForOutput(lines: 2)
        let address = try #require(lines[1].split(separator: " ").last.map(String.init))
        #expect(lines[1] == "listening on \(address)" && address.hasPrefix("http://127.0.0.1:"))
        return (process, lines, try HTTPClient(baseURL: address))
    }

    @Test("cosigns each checkpoint of a real record it verified, across a restart; 409 with its size; 422 for a lying service; SIGINT and SIGTERM stop it cleanly")
    func liveWitness() throws {
        let record = try DemoRecord.shared()
        #expect(record.checkpoints.count >= 3)
        let service = try DemoService(record: record)
        defer { service.stop() }
        let folder = try temporaryDirectory("witness")
        let key = try keygen(folder)
        let state = folder.appendingPathComponent("state").path
        let arguments = ["--key", key.file, "--service", service.url, "--ledger-key", record.verifierKey, "--state", state]
        let cosigner = try NoteVerifier(verifierKey: key.verifierKey)
        let ledger = try CheckpointVerifier(verifierKey: record.verifierKey)
        func requestLines(_ process: WitnessProcess) -> [Substring] {
            process.err.split(separator: "\n").filter { $0.hasPrefix("scrutineer witness: request ") }
        }
        /// Pushes `stored` from `old`; expects it cosigned by the witness.
        func cosign(_ client: HTTPClient, old: UInt64, _ stored: StoredCheckpoint, _ process: WitnessProcess) throws {
            let response = try client.post("/add-checkpoint", body: record.body(old: old, stored), contentType: "text/plain")
            #expect(response.status == 200, "size \(stored.checkpoint.size): \(response.text) \(process.err)")
            let cosigned = try ledger.verifyCosigned(stored.note + response.text, cosigners: [cosigner])
            #expect(cosigned.checkpoint == stored.checkpoint && cosigned.cosignatures.count == 1)
        }
        // The first checkpoint, then one in the middle with the consistency proof between them.
        let first = record.checkpoints[0], middle = record.checkpoints[record.checkpoints.count / 2]
        let (witness, lines, client) = try startWitness(arguments)
        defer { _ = witness.stop(SIGKILL) }
        #expect(lines[0] == key.verifierKey)
        #expect(try client.get("/healthz").text == "ok\n")
        try cosign(client, old: 0, first, witness)
        try cosign(client, old: first.checkpoint.size, middle, witness)
        #expect(witness.stop(SIGINT) == 0)
        #expect(requestLines(witness).count == 3, "\(witness.err)")

        // Restarted on the same state: it goes on from the size it cosigned.
        let (again, _, client2) = try startWitness(arguments)
        defer { _ = again.stop(SIGKILL) }
        let lastButOne = record.checkpoints[record.checkpoints.count - 2]
        try cosign(client2, old: middle.checkpoint.size, lastButOne, again)
        let old = lastButOne.checkpoint.size
        // The service thinks the witness is elsewhere: told the witness's size.
        let last = try #require(record.checkpoints.last)
        let conflict = try client2.post("/add-checkpoint", body: record.body(old: 0, last), contentType: "text/plain")
        #expect(conflict.status == 409 && conflict.text == "\(old)\n" && conflict.header("content-type") == "text/x.tlog.size")
        // A service that serves an entry other than the one its checkpoint signed: not cosigned.
        service.tamper(seq: old)
        let lied = try client2.post("/add-checkpoint", body: record.body(old: old, last), contentType: "text/plain")
        #expect(lied.status == 422, "\(lied.text)")
        let probe = try client2.post("/add-checkpoint", body: record.body(old: 0, last), contentType: "text/plain")
        #expect(probe.text == "\(old)\n")

        #expect(again.stop(SIGTERM) == 0)
        let log = requestLines(again)
        #expect(log.count == 4, "\(again.err)")
        #expect(log.contains { $0.contains("status=422") && $0.contains("code=witness-record-invalid") })
        #expect(again.err.contains("last cosigned size \(middle.checkpoint.size)"))
        let saved = try #require(try WitnessState.load(from: URL(fileURLWithPath: state)))
        #expect(saved.size == old && saved.ledgerKey == record.verifierKey)
    }

    @Test("refuses a forked checkpoint signed by the ledger key (another root at the cosigned size), logs it as a FORK, and keeps its state")
    func fork() throws {
        let record = try DemoRecord.shared()
        let service = try DemoService(record: record)
        defer { service.stop() }
        let folder = try temporaryDirectory("fork")
        let key = try keygen(folder)
        let state = folder.appendingPathComponent("state")
        let (witness, _, client) = try startWitness(["--key", key.file, "--service", service.url,
                                                     "--ledger-key", record.verifierKey, "--state", state.path])
        defer { _ = witness.stop(SIGKILL) }
        let last = try #require(record.checkpoints.last)
        let size = last.checkpoint.size
        #expect(try client.post("/add-checkpoint", body: record.body(old: 0, last), contentType: "text/plain").status == 200)
        let cosigned = try #require(try WitnessState.load(from: state))

        // The same key signs another tree of the same size: a split view.
        let signer = try record.ledgerSigner()
        let forkedRoot = SHA256.hash(Array("another history".utf8))
        let forked = try signer.signedNote(for: Checkpoint(origin: signer.origin, size: size, root: forkedRoot,
                                                           chainHead: SHA256.hash(Array("another head".utf8))))
        for old in [size, 0] {
            let answer = try client.post("/add-checkpoint", body: WitnessRequestBody.make(old: old, proof: [], note: forked), contentType: "text/plain")
            #expect(answer.status == 409 && answer.text == "\(size)\n", "\(answer.text)")
        }
        // And a larger tree that does not extend the cosigned one: 422.
        let larger = try signer.signedNote(for: Checkpoint(origin: signer.origin, size: size + 1, root: forkedRoot, chainHead: forkedRoot))
        let proof = try record.consistencyProof(old: size - 1, new: size)
        let inconsistent = try client.post("/add-checkpoint", body: WitnessRequestBody.make(old: size, proof: proof, note: larger), contentType: "text/plain")
        #expect(inconsistent.status == 422)
        #expect(try WitnessState.load(from: state) == cosigned)
        #expect(witness.stop(SIGTERM) == 0)
        let fork = witness.err.split(separator: "\n").filter { $0.contains("FORK at size \(size)") }
        #expect(fork.count == 2 && fork.allSatisfy { $0.contains(cosigned.root ?? "?") && $0.contains(Data(forkedRoot).base64EncodedString()) },
                "\(witness.err)")
        #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("forks/\(size)-\(forkedRoot.hex).note").path))
    }

    @Test("refuses to start: an unreadable or wrong key file, another ledger's state, a public address without --insecure-public")
    func refusals() throws {
        let record = try DemoRecord.shared()
        let folder = try temporaryDirectory("refusals")
        let key = try keygen(folder)
        let state = folder.appendingPathComponent("state")
        let common = ["--service", "http://127.0.0.1:9/v1/elections/demo-2026", "--ledger-key", record.verifierKey, "--state", state.path]
        func refused(_ arguments: [String], _ expected: String) throws {
            let run = try WitnessProcess.run(["witness"] + arguments)
            #expect(run.status == 2 && run.out.isEmpty, "\(arguments): \(run.out)")
            #expect(run.err.contains(expected), "\(arguments): \(run.err)")
        }
        try refused(["--listen", "127.0.0.1:0", "--key", folder.appendingPathComponent("missing.key").path] + common, "cannot read the observer key")
        let vkeyFile = folder.appendingPathComponent("ledger.vkey")
        try PrivateFileFixture.write(record.verifierKey + "\n", to: vkeyFile)
        try refused(["--listen", "127.0.0.1:0", "--key", vkeyFile.path] + common, "is not an observer signer key")
        try refused(["--listen", "0.0.0.0:0", "--key", key.file] + common, "--insecure-public")
        // A state directory of another ledger.
        let other = try CheckpointSigner(origin: "urna.test/other", privateKey: Ed25519PrivateKey())
        try WitnessState.empty(ledgerKey: other.verifierKey, origin: other.origin).save(to: state)
        try refused(["--listen", "127.0.0.1:0", "--key", key.file] + common, "holds the witness state of the ledger")
    }
}

enum PrivateFileFixture {
    static func write(_ text: String, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw WitnessProcess.Failure(description: "cannot write \(url.path)")
        }
    }
}
