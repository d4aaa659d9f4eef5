import Foundation
import UrnaCrypto
import UrnaObserver
import UrnaVerifier

/// The demo's witnesses (`scrutineer witness`, in process): each its own observer key and state
/// directory, on a free loopback port, checking the whole record before it cosigns.
///
/// Start-up is circular: a witness pulls the record from the service's URL, and the service is
/// configured with the witnesses' URLs. The witnesses start first, on ports of their own, with a
/// record check that reaches the service through ``ServiceLink``, set once the service listens.
/// This is race-free (no port is picked, released and hoped to be free again): the service
/// pushes its first checkpoint only when a voter casts a ballot, after the link is set; a push
/// arriving before it would merely be refused (the record cannot be fetched) and retried later.
final class DemoWitnesses: @unchecked Sendable {
    /// The service URL the witnesses' record checks use, set once the service listens.
    final class ServiceLink: @unchecked Sendable {
        private let lock = NSLock()
        private var syncs: [URL: WitnessRecordCheck.Sync] = [:]

        func connect(serviceURL: String, states: [URL]) throws {
            let made = try states.map { ($0, try WitnessMirror.sync(service: serviceURL, cacert: nil, state: $0)) }
            lock.withLock { for (state, sync) in made { syncs[state] = sync } }
        }

        func sync(state: URL) -> WitnessRecordCheck.Sync {
            { [self] checkpoint, note in
                guard let sync = lock.withLock({ syncs[state] }) else {
                    throw DemoError("the service is not listening yet; the witness cannot fetch the record")
                }
                return try sync(checkpoint, note)
            }
        }
    }

    struct Witness {
        let server: WitnessServer
        let state: URL
        let verifierKey: String
        let url: String
    }

    let witnesses: [Witness]
    let link = ServiceLink()

    /// Starts `count` witnesses of the ledger `ledgerKey`, their state in `parent/witness-N`.
    init(count: Int, ledgerKey: String, parent: URL, log: @escaping @Sendable (String) -> Void) throws {
        var started: [Witness] = []
        do {
            for number in 1...count {
                let state = parent.appendingPathComponent("witness-\(number)")
                try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                let key = try Scrutineer.makeObserverKey(name: "demo-witness-\(number)")
                let cosigner = try CosignatureSigner(signerKey: key.signerKey)
                let check = WitnessRecordCheck(ledgerKey: ledgerKey, stateDirectory: state, sync: link.sync(state: state))
                let core = try WitnessCore(ledgerKey: ledgerKey, cosigner: cosigner, stateDirectory: state,
                                           recordCheck: check.recordCheck, log: { log("witness-\(number): \($0)") })
                let server = WitnessServer(core: core, host: "127.0.0.1", port: 0)
                try server.start()
                started.append(Witness(server: server, state: state, verifierKey: key.verifierKey,
                                       url: "http://127.0.0.1:\(server.port)"))
            }
        } catch {
            for witness in started { witness.server.stop() }
            throw error
        }
        witnesses = started
    }

    /// `URL=VERIFIER_KEY` of each witness, as `urna serve --witness` takes them.
    var specs: [String] { witnesses.map { "\($0.url)=\($0.verifierKey)" } }

    var verifiers: [NoteVerifier] { get throws { try witnesses.map { try NoteVerifier(verifierKey: $0.verifierKey) } } }

    /// The size each witness last cosigned, read from its state file.
    func cosignedSizes() throws -> [UInt64] {
        try witnesses.map { try WitnessState.load(from: $0.state)?.size ?? 0 }
    }

    func connect(serviceURL: String) throws {
        try link.connect(serviceURL: serviceURL, states: witnesses.map(\.state))
    }

    func stop() { for witness in witnesses { witness.server.stop() } }
}
