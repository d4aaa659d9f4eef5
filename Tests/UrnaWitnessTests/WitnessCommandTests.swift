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

    @Test("cosigns each checkpoint of a real record it verified; 409 with its size; 422 for a lying service; SIGTERM stops it cleanly")
    func liveWitness() throws {
        let record = try DemoRecord.shared()
        #expect(record.checkpoints.count >= 3)
        let service = try DemoService(record: record)
        defer { service.stop() }
        let folder = try temporaryDirectory("witness")
        let key = try keygen(folder)
        let state = folder.appendingPathComponent("state").path
        let (witness, lines, client) = try startWitness(["--key", key.file, "--service", service.url,
                                                         "--ledger-key", record.verifierKey, "--state", state])
        defer { _ = witness.stop(SIGKILL) }
        #expect(lines[0] == key.verifierKey)
        let cosigner = try NoteVerifier(verifierKey: key.verifierKey)
        let ledger = try CheckpointVerifier(verifierKey: record.verifierKey)

        #expect(try client.get("/healthz").text == "ok\n")
        // Three checkpoints in turn (the first, one in the middle, the last but one), each with the
        // consistency proof from the one before.
        let picks = [record.checkpoints[0], record.checkpoints[record.checkpoints.count / 2],
                     record.checkpoints[record.checkpoints.count - 2]]
        var old: UInt64 = 0
        var requests = 1
        for stored in picks {
            let response = try client.post("/add-checkpoint", body: record.body(old: old, stored), contentType: "text/plain")
            requests += 1
            #expect(response.status == 200, "size \(stored.checkpoint.size): \(response.text) \(witness.err)")
            let cosigned = try ledger.verifyCosigned(stored.note + response.text, cosigners: [cosigner])
            #expect(cosigned.checkpoint == stored.checkpoint && cosigned.cosignatures.count == 1)
            old = stored.checkpoint.size
        }
        // The service thinks the witness is elsewhere: told the witness's size.
        let last = try #require(record.checkpoints.last)
        let conflict = try client.post("/add-checkpoint", body: record.body(old: 0, last), contentType: "text/plain")
        requests += 1
        #expect(conflict.status == 409 && conflict.text == "\(old)\n" && conflict.header("content-type") == "text/x.tlog.size")
        // A service that serves an entry other than the one its checkpoint signed: not cosigned.
        service.tamper(seq: old)
        let lied = try client.post("/add-checkpoint", body: record.body(old: old, last), contentType: "text/plain")
        requests += 1
        #expect(lied.status == 422, "\(lied.text)")
        let probe = try client.post("/add-checkpoint", body: record.body(old: 0, last), contentType: "text/plain")
        requests += 1
        #expect(probe.text == "\(old)\n")

        #expect(witness.stop(SIGTERM) == 0)
        let log = witness.err.split(separator: "\n").filter { $0.hasPrefix("scrutineer witness: request ") }
        #expect(log.count == requests, "\(witness.err)")
        #expect(log.contains { $0.contains("status=422") && $0.contains("code=witness-record-invalid") })
        let saved = try #require(try WitnessState.load(from: URL(fileURLWithPath: state)))
        #expect(saved.size == old && saved.ledgerKey == record.verifierKey)
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
