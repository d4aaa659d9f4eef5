import Foundation
@testable import UrnaAPI
import UrnaClient
import UrnaHTTP
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// An open election behind the real router on a loopback socket, whose answers a test may
/// rewrite (`lie`): the service a voter's client must not trust.
final class LyingService: @unchecked Sendable {
    typealias Lie = @Sendable (HTTPRequest, HTTPResponse) -> HTTPResponse?

    let election: ServiceFixture
    let letters: [String: IssuedCode]
    let host: ElectionHost
    let router: APIRouter
    let server: HTTPServer
    init() throws {
        election = try ServiceFixture(revoting: true, spoilLimit: 2)
        letters = try election.openWithRoll()
        let service = election.service
        let directory = election.directory
        let first = FirstOpen(service)
        host = try ElectionHost(directory: directory) {
            try first.take() ?? ElectionService.open(directory: directory, waitForLock: 5)
        }
        let metrics = Metrics()
        let limits = AbuseLimits(configuration: .init())
        let routes = ElectionRoutes(host: host, publisher: CheckpointPublisher(host: host, witnesses: []), metrics: metrics, limits: limits)
        let router = APIRouter(elections: [routes], metrics: metrics, limits: limits, accessLog: { _ in })
        self.router = router
        var configuration = HTTPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.readTimeout = 5
        let box = LieBox()
        server = HTTPServer(configuration: configuration) { request, _ in
            let honest = router.handle(request, client: "127.0.0.1")
            return box.lie.flatMap { $0(request, honest) } ?? honest
        }
        self.box = box
        try server.start()
    }

    private let box: LieBox

    deinit {
        for client in box.clients { client.close() }
        server.stop()
        host.shutdown()
    }

    var electionID: String { election.manifest.electionID }
    var url: String { "http://127.0.0.1:\(server.port)" }
    var ledgerKey: String { election.service.ledgerVerifierKey }

    /// From now on, answers pass through `lie` (nil: honest again).
    func lying(_ lie: Lie?) { box.lie = lie }

    /// A client pinned on the election's real ledger key (or `pin`).
    func client(pin: LedgerKeyPin? = nil, witnesses: WitnessPolicy = .none) throws -> RemoteElection {
        let client = try RemoteConnection.client(baseURL: url, caFile: nil, timeout: 20)
        box.keep(client)
        return try RemoteElection(client: client, electionID: electionID, pin: pin ?? .key(ledgerKey), witnesses: witnesses)
    }
}

final class LieBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: LyingService.Lie?
    private var opened: [HTTPClient] = []
    func keep(_ client: HTTPClient) { lock.withLock { opened.append(client) } }
    var clients: [HTTPClient] { lock.withLock { opened } }
    var lie: LyingService.Lie? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Hands the fixture's already open service to the host once.
final class FirstOpen: @unchecked Sendable {
    private var service: ElectionService?
    private let lock = NSLock()
    init(_ service: ElectionService) { self.service = service }
    func take() -> ElectionService? { lock.withLock { defer { service = nil }; return service } }
}

/// Rewrites a JSON answer's object with `change` (the status and headers kept).
func rewritingJSON(_ response: HTTPResponse, _ change: (inout [String: Any]) throws -> Void) -> HTTPResponse {
    guard var object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else { return response }
    do { try change(&object) } catch { return response }
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return response }
    return HTTPResponse(status: response.status, headers: response.headers, body: Array(data))
}
