import Foundation

/// A response the client received. Header names are lower-cased.
public struct HTTPClientResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive); nil when absent.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    /// The body as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The RFC 9457 problem carried by an `application/problem+json` answer: its `code` (or the
    /// last part of its `type`) and `detail`. Nil for any other answer or a body that is not one.
    public var problem: (code: String, detail: String)? {
        guard let type = header("content-type")?.lowercased(), type.hasPrefix("application/problem+json") else { return nil }
        struct Problem: Decodable {
            let type: String?, code: String?, detail: String?, title: String?
        }
        guard let decoded = try? JSONDecoder().decode(Problem.self, from: Data(body)) else { return nil }
        let code = decoded.code ?? decoded.type.map { String($0.split(separator: ":").last ?? "") } ?? ""
        guard !code.isEmpty else { return nil }
        return (code, decoded.detail ?? decoded.title ?? "")
    }

    /// A short description for errors: the problem's code and detail, or the status.
    public var summary: String {
        if let problem { return "\(status) [\(problem.code)] \(problem.detail)" }
        return "HTTP status \(status)"
    }
}

extension HTTPStatus {
    /// Client-side faults: the server's answer was unusable (502), it did not answer in time
    /// (504), or it could not be reached (503).
    public static let badGateway = HTTPStatus(code: 502, phrase: "Bad Gateway")
    public static let gatewayTimeout = HTTPStatus(code: 504, phrase: "Gateway Timeout")
}
