import Foundation
@testable import UrnaAPI
@testable import UrnaHTTP
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// An open election behind the router, in process (no socket).
final class APIFixture {
    let election: ServiceFixture
    let letters: [String: IssuedCode]
    let host: ElectionHost
    let router: APIRouter
    let metrics = Metrics()
    let logged = LogLines()

    init(limits: AbuseLimits.Configuration = .init()) throws {
        election = try ServiceFixture()
        letters = try election.openWithRoll()
        let service = election.service
        let directory = election.directory
        let first = FirstOpen(service)
        host = try ElectionHost(directory: directory) {
            try first.take() ?? ElectionService.open(directory: directory, waitForLock: 5)
        }
        let publisher = CheckpointPublisher(host: host, witnesses: [])
        let routes = ElectionRoutes(host: host, publisher: publisher, metrics: metrics, limits: AbuseLimits(configuration: limits))
        let logged = self.logged
        router = APIRouter(elections: [routes], metrics: metrics, limits: AbuseLimits(configuration: limits), accessLog: { logged.append($0) })
    }

    var electionID: String { election.manifest.electionID }

    func request(_ method: String, _ target: String, json: [UInt8] = [], contentType: String = "application/json",
                 client: String = "127.0.0.1") -> HTTPResponse {
        let headers = json.isEmpty ? [] : [HTTPRequest.Header(name: "content-type", value: contentType)]
        return router.handle(HTTPRequest(method: method, target: target, version: "HTTP/1.1", headers: headers, body: json), client: client)
    }

    func get(_ path: String) -> HTTPResponse { request("GET", "/v1/elections/\(electionID)\(path)") }

    func post(_ path: String, _ value: some Encodable, client: String = "127.0.0.1") throws -> HTTPResponse {
        request("POST", "/v1/elections/\(electionID)\(path)", json: try CanonicalJSON.encode(value), client: client)
    }

    static func problemCode(_ response: HTTPResponse) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return nil }
        return object["code"] as? String
    }

    static func object(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }
}

/// Hands the fixture's already open service to the host once.
final class FirstOpen: @unchecked Sendable {
    private var service: ElectionService?
    private let lock = NSLock()
    init(_ service: ElectionService) { self.service = service }
    func take() -> ElectionService? { lock.withLock { defer { service = nil }; return service } }
}

final class LogLines: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
