import Foundation

/// A response to serialize onto the connection (RFC 9112 §4, §6): status line, the headers,
/// `Content-Length`, `Connection` and the body.
public struct HTTPResponse: Sendable, Hashable {
    public let status: HTTPStatus
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func == (a: HTTPResponse, b: HTTPResponse) -> Bool {
        a.status == b.status && a.body == b.body && a.headers.map { [$0.name, $0.value] } == b.headers.map { [$0.name, $0.value] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(body)
    }

    /// The bytes to write. Header values are written as given: callers never put request bytes
    /// in them (a CR or LF would split the response), and any such character is dropped here.
    public func serialized(keepAlive: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status.code) \(status.phrase)\r\n"
        for (name, value) in headers where name.lowercased() != "content-length" && name.lowercased() != "connection" {
            // By scalar: "\r\n" is one Character in Swift, so a Character filter would keep it.
            let safe = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }))
            text += "\(name): \(safe)\r\n"
        }
        text += "Content-Length: \(body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(text.utf8) + body
    }

    /// An RFC 9457 problem (`application/problem+json`) carrying Urna's error `code` (the same
    /// codes as the CLI's), e.g. `{"code":"not-authorized","detail":"…","status":403,"title":"Forbidden","type":"urn:urna:problem:not-authorized"}`.
    public static func problem(_ status: HTTPStatus, code: String, detail: String) -> HTTPResponse {
        struct Problem: Encodable {
            let type: String, title: String, status: Int, detail: String, code: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(Problem(type: "urn:urna:problem:\(code)", title: status.phrase, status: status.code,
                                                 detail: detail, code: code))).map(Array.init) ?? []
        return HTTPResponse(status: status, headers: [("Content-Type", "application/problem+json")], body: body)
    }

    /// The problem for a request the parser refused.
    public static func problem(_ error: HTTPError) -> HTTPResponse {
        problem(error.status, code: "bad-http-request", detail: error.reason)
    }
}
