import Foundation
import UrnaHTTP
import UrnaService
import UrnaWeb

/// The service's router (`Specs/api.md`): `/healthz`, `/metrics`, `/v1/elections` and each
/// election's routes, with the abuse limits, metrics by route template and status, and one
/// structured access-log line per request.
public final class APIRouter: @unchecked Sendable {
    private let elections: [String: ElectionRoutes]
    public let metrics: Metrics
    private let limits: AbuseLimits
    private let accessLog: @Sendable (String) -> Void
    private let clock: @Sendable () -> Double
    /// A failing disk is logged at most once a second, not once per request.
    private let storageLog: ThrottledLog

    init(elections: [ElectionRoutes], metrics: Metrics, limits: AbuseLimits,
         accessLog: @escaping @Sendable (String) -> Void, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.elections = Dictionary(elections.map { ($0.host.electionID, $0) }, uniquingKeysWith: { a, _ in a })
        self.metrics = metrics
        self.limits = limits
        self.accessLog = accessLog
        self.clock = clock
        self.storageLog = ThrottledLog(seconds: 1, log: accessLog)
        Self.declare(metrics)
    }

    static func declare(_ metrics: Metrics) {
        metrics.declare("urna_http_requests_total", .counter, help: "HTTP requests by route template and status.")
        metrics.declare("urna_http_request_duration_seconds", .histogram, help: "Time to answer a request, by route template.", buckets: Metrics.latencyBuckets)
        metrics.declare("urna_ballots_accepted_total", .counter, help: "Ballots cast and acknowledged with a receipt.")
        metrics.declare("urna_ballots_refused_total", .counter, help: "Ballots refused, by problem code.")
        metrics.declare("urna_spoils_accepted_total", .counter, help: "Ballots spoiled (challenged).")
        metrics.declare("urna_tokens_issued_total", .counter, help: "Token requests answered with a blind signature.")
        metrics.declare("urna_ledger_size", .gauge, help: "Entries in the election's ledger.")
        metrics.declare("urna_append_batch_size", .histogram, help: "Entries per committed ledger batch.", buckets: Metrics.batchBuckets)
        metrics.declare("urna_witness_cosignatures_total", .counter, help: "Checkpoints pushed to witnesses, by outcome.")
        metrics.declare("urna_http_connections", .gauge, help: "Open HTTP connections.")
        metrics.declare("urna_rate_limited_total", .counter, help: "Requests refused by the per-client rate limit.")
    }

    /// Before a worker is taken: a request for a paused election waits here (up to the host's
    /// pause wait) rather than on a worker, so health, metrics and other elections are served.
    public func waitForElection(_ request: HTTPRequest) {
        let segments = request.path.split(separator: "/")
        guard segments.count >= 3, segments[0] == "v1", segments[1] == "elections",
              let routes = elections[String(segments[2])] else { return }
        routes.host.waitWhilePaused()
    }

    /// Answers one request from `client` (its address, for the rate limit and the log).
    public func handle(_ request: HTTPRequest, client: String) -> HTTPResponse {
        let started = clock()
        var (template, response, code) = route(request, client: client)
        if !response.headers.contains(where: { $0.name == "X-Content-Type-Options" }) {
            response.headers.append(("X-Content-Type-Options", "nosniff"))
        }
        let seconds = max(0, clock() - started)
        metrics.increment("urna_http_requests_total", ["route": template, "status": String(response.status.code)])
        metrics.observe("urna_http_request_duration_seconds", ["route": template], seconds)
        accessLog(AccessLogLine(time: started, client: client, method: request.method, route: template, target: request.target,
                                status: response.status.code, bytes: response.body.count, seconds: seconds, problem: code).text)
        return response
    }

    private func route(_ request: HTTPRequest, client: String) -> (String, HTTPResponse, String?) {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let segments = Array(parts.last == "" ? parts.dropLast() : parts)
        var template = "unknown"
        do {
            switch segments.first {
            case "healthz" where segments.count == 1:
                template = "/healthz"
                try require(request, ["GET"])
                return (template, APIResponse.text("ok\n"), nil)
            case "metrics" where segments.count == 1:
                template = "/metrics"
                try require(request, ["GET"])
                return (template, APIResponse.text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8"), nil)
            case "v1" where segments.count >= 2 && segments[1] == "elections":
                if segments.count == 2 {
                    template = "/v1/elections"
                    try require(request, ["GET"])
                    return (template, try list(), nil)
                }
                guard let routes = elections[String(segments[2])] else {
                    template = "/v1/elections/{id}"
                    throw ServiceError(.noElection, "this service does not serve an election with this id (GET /v1/elections lists them)")
                }
                let rest = Array(segments.dropFirst(3))
                guard let (name, methods) = ElectionRoutes.route(rest) else {
                    throw ServiceError(.noRoute, "no route \(request.path.prefix(100)) (Specs/api.md lists them)")
                }
                template = "/v1/elections/{id}" + (name.isEmpty ? "" : "/" + name)
                try require(request, methods)
                if request.method == "POST", let wait = limits.admit(client: client) {
                    metrics.increment("urna_rate_limited_total")
                    var response = HTTPResponse.problem(.tooManyRequests, code: "rate-limited",
                                                        detail: "too many requests from this address; wait \(Int(wait)) s and try again")
                    response.headers.append(("Retry-After", String(Int(wait))))
                    return (template, response, "rate-limited")
                }
                return (template, try routes.handle(request, rest: rest, template: name, client: client), nil)
            default:
                // The browser pages and their assets (UrnaWeb), GET only.
                guard let page = WebPages.response(path: request.path) else {
                    throw ServiceError(.noRoute, "no route \(request.path.prefix(100)) (Specs/api.md lists them)")
                }
                template = request.path.hasPrefix("/assets/") ? "/assets/{file}" : request.path
                try require(request, ["GET"])
                return (template, page, nil)
            }
        } catch let error as MethodNotAllowed {
            var response = HTTPResponse.problem(.methodNotAllowed, code: "method-not-allowed",
                                                detail: "\(request.method.prefix(20)) is not allowed here; use \(error.allowed.joined(separator: " or "))")
            response.headers.append(("Allow", error.allowed.joined(separator: ", ")))
            return (template, response, "method-not-allowed")
        } catch {
            let (response, code) = APIResponse.problem(for: error)
            if code == ServiceError.Code.internalFailure.rawValue {
                accessLog("error route=\(template) \(AccessLogLine.quoted(String(describing: error)))")
            } else if APIStatus.isStorageFault(code) {
                storageLog("error route=\(template) storage: \(AccessLogLine.quoted(String(describing: error)))")
            }
            return (template, response, code)
        }
    }

    private struct MethodNotAllowed: Error {
        let allowed: [String]
    }

    private func require(_ request: HTTPRequest, _ methods: [String]) throws {
        guard methods.contains(request.method) else { throw MethodNotAllowed(allowed: methods) }
    }

    private struct Listed: Codable {
        let electionID: String
        let title: String
        let phase: String
        enum CodingKeys: String, CodingKey {
            case title, phase
            case electionID = "election_id"
        }
    }

    private func list() throws -> HTTPResponse {
        let listed = try elections.keys.sorted().compactMap { id -> Listed? in
            guard let routes = elections[id] else { return nil }
            return try routes.host.withService { Listed(electionID: id, title: $0.manifest?.title ?? "", phase: $0.phase.rawValue) }
        }
        return try APIResponse.json(["elections": listed])
    }
}

extension ServiceError.Code {
    static let noRoute = Self(rawValue: "no-route")
}
