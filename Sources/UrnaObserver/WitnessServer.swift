import Foundation
import UrnaHTTP
import UrnaRecord

/// A witness on the network (`scrutineer witness`, `Specs/api.md` §5): ``WitnessCore`` behind an
/// ``HTTPServer``, serving `POST /add-checkpoint` and `GET /healthz`, one access-log line per
/// request. ``stop()`` finishes the request in flight (the state file is always the old one or
/// the new one).
public final class WitnessServer: @unchecked Sendable {
    public let core: WitnessCore
    private let http: HTTPServer

    /// A witness on `host` (an IPv4 address) and `port` (0: any free port). `accessLog` gets one
    /// line per request, every request-derived string escaped.
    public convenience init(core: WitnessCore, host: String, port: UInt16,
                            accessLog: @escaping @Sendable (String) -> Void = { _ in }) {
        var configuration = HTTPServer.Configuration()
        configuration.host = host
        configuration.port = port
        configuration.limits.maxBodyBytes = WitnessRequest.maxBodyBytes
        self.init(core: core, configuration: configuration, accessLog: accessLog)
    }

    public init(core: WitnessCore, configuration: HTTPServer.Configuration,
                accessLog: @escaping @Sendable (String) -> Void = { _ in }) {
        self.core = core
        // The handler is a small adapter over `respond`, so the server's handler type can change.
        http = HTTPServer(configuration: configuration) { [core] request, connection in
            let started = DispatchTime.now().uptimeNanoseconds
            let (response, code) = Self.respond(to: request, core: core)
            accessLog(Self.accessLine(request, remote: connection.remoteAddress, response: response, code: code, started: started))
            return response
        }
    }

    public func start() throws { try http.start() }
    public var port: UInt16 { http.port }
    public func stop() { http.stop() }

    /// The answer to one request, and the refusal's code for the log.
    public static func respond(to request: HTTPRequest, core: WitnessCore) -> (HTTPResponse, String?) {
        switch (request.method, request.path) {
        case ("POST", "/add-checkpoint"):
            let answer = core.answer(body: request.body)
            return (HTTPResponse(status: status(answer.status), headers: [("Content-Type", answer.contentType)], body: answer.body),
                    answer.code)
        case ("GET", "/healthz"):
            return (HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain")], body: Array("ok\n".utf8)), nil)
        case (_, "/add-checkpoint"), (_, "/healthz"):
            var response = HTTPResponse.problem(.methodNotAllowed, code: "method-not-allowed", detail: "this route does not take that method")
            response.headers.append(("Allow", request.path == "/healthz" ? "GET" : "POST"))
            return (response, "method-not-allowed")
        default:
            return (HTTPResponse.problem(.notFound, code: "no-route", detail: "a witness serves POST /add-checkpoint and GET /healthz"),
                    "no-route")
        }
    }

    /// The HTTP status for a ``WitnessCore/Answer`` status code.
    static func status(_ code: Int) -> HTTPStatus {
        switch code {
        case 200: .ok
        case 400: .badRequest
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 422: .unprocessableContent
        default: .internalServerError
        }
    }

    /// `time=… remote=… method=… path="…" status=… code=… bytes=… ms=…`, request strings escaped.
    static func accessLine(_ request: HTTPRequest, remote: String, response: HTTPResponse, code: String?, started: UInt64) -> String {
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        let time = ISO8601DateFormatter().string(from: Date())
        let path = TerminalText.escaped(String(request.path.prefix(256))).replacingOccurrences(of: "\"", with: "\\\"")
        return "time=\(time) remote=\(TerminalText.escaped(remote)) method=\(TerminalText.escaped(String(request.method.prefix(16)))) path=\"\(path)\" status=\(response.status.code) code=\(code ?? "-") bytes=\(request.body.count) ms=\(String(format: "%.1f", milliseconds))"
    }
}
