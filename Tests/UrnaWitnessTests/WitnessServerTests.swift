import Foundation
import Testing
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaObserver

@Suite("WitnessServer: routes on a real loopback socket")
struct WitnessServerTests {
    @Test("POST /add-checkpoint answers the core's status and body; other routes and methods are 404/405; a huge body is 413; one log line each")
    func routes() throws {
        var ledger = try TestLedger(key: Ed25519PrivateKey())
        let log = LogLines()
        let witnessKey = try CosignatureSigner(name: "observer.test/w2", privateKey: Ed25519PrivateKey())
        let core = try WitnessCore(ledgerKey: ledger.verifierKey, cosigner: witnessKey, stateDirectory: temporaryDirectory("server"),
                                   recordCheck: StubRecordCheck().check)
        let server = WitnessServer(core: core, host: "127.0.0.1", port: 0, accessLog: { log.append($0) })
        try server.start()
        defer { server.stop() }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)")
        ledger.append(3, tag: "a")
        let ok = try client.post("/add-checkpoint", body: ledger.body(old: 0), contentType: "text/plain")
        #expect(ok.status == 200)
        _ = try ledger.signer.verifier.verifyCosigned(try ledger.note() + ok.text, cosigners: [witnessKey.verifier])
        let conflict = try client.post("/add-checkpoint", body: ledger.body(old: 0), contentType: "text/plain")
        #expect(conflict.status == 409 && conflict.text == "3\n" && conflict.header("content-type") == "text/x.tlog.size")
        #expect(try client.post("/add-checkpoint", body: Array("old x\n".utf8), contentType: "text/plain").status == 400)
        let wrongMethod = try client.get("/add-checkpoint")
        #expect(wrongMethod.status == 405 && wrongMethod.header("allow") == "POST")
        #expect(try client.get("/v1/elections").status == 404)
        #expect(try client.get("/healthz").text == "ok\n")
        let huge = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)")
        #expect(try huge.post("/add-checkpoint", body: Array(repeating: 0x41, count: WitnessRequest.maxBodyBytes + 1),
                              contentType: "text/plain").status == 413)
        #expect(log.all.count == 6, "\(log.all)")
        #expect(log.all.first?.contains("method=POST path=\"/add-checkpoint\" status=200") == true)
        #expect(core.state.size == 3)
    }
}
