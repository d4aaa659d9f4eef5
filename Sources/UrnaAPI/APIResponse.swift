import Foundation
import UrnaHTTP
import UrnaRecord
import UrnaService

/// Answers and request bodies of the JSON API (`Specs/api.md` §1–§2).
enum APIResponse {
    static func json(_ value: some Encodable, status: HTTPStatus = .ok) throws -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: try CanonicalJSON.encode(value))
    }

    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: .ok, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// The problem for an error thrown by the service or the API (`Specs/api.md` §2).
    static func problem(for error: any Error) -> (response: HTTPResponse, code: String) {
        var code: String
        var detail: String
        switch error {
        case let error as ServiceError:
            code = error.code.rawValue
            detail = error.reason
        case let error as RecordError:
            code = error.code.rawValue
            detail = error.reason
        default:
            code = ServiceError.Code.internalFailure.rawValue
            detail = "the service failed; the operator's log says why"
        }
        var retryAfter = code == ServiceError.Code.unavailable.rawValue ? "5" : nil
        if APIStatus.isStorageFault(code) {
            // The operator's log has the reason (paths, SQLite's message); the client learns that
            // the request was not carried out, and that sending it again is safe.
            if code == "storage-corrupt" {
                detail = "the service's storage is damaged, so this request was not carried out; the operator must restore it (the operator's log says where)"
            } else {
                detail = "the service cannot write to its storage right now, so this request was not carried out; send it again in a minute: that is safe (a ballot that was recorded after all is answered 409 ballot-replayed, a token request gets the same signature). The operator's log says why"
                retryAfter = "30"
            }
            code = ServiceError.Code.storageFailure.rawValue
        }
        var response = HTTPResponse.problem(APIStatus.status(for: code), code: code, detail: detail)
        if let retryAfter { response.headers.append(("Retry-After", retryAfter)) }
        return (response, code)
    }

    /// A ballot body, and the body itself when it is already the ballot's canonical encoding (as
    /// every Urna client sends it): then it is read directly (``Ballot/readCanonical(_:)``) and
    /// stored as it came. Any other text takes the strict decoder, which names a fault.
    static func ballotBody(of request: HTTPRequest) throws -> (ballot: Ballot, canonical: [UInt8]?) {
        try requireJSON(request)
        if let ballot = Ballot.readCanonical(request.body) { return (ballot, request.body) }
        return (try body(Ballot.self, of: request), nil)
    }

    private static func requireJSON(_ request: HTTPRequest) throws {
        let contentType = request.header("content-type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw ServiceError(.unsupportedMediaType, "send the body as application/json (got '\(contentType.prefix(80))')")
        }
    }

    /// A JSON body of type `T`, strictly decoded (`CanonicalJSON.decodeInput`).
    static func body<T: Codable>(_ type: T.Type, of request: HTTPRequest) throws -> T {
        try requireJSON(request)
        do {
            return try CanonicalJSON.decodeInput(T.self, from: request.body)
        } catch let error as RecordError {
            // The record checker's own code (`malformed`, `bad-point`, …), as the CLI prints it.
            throw ServiceError(ServiceError.Code(rawValue: error.code.rawValue), "the body is not a valid \(T.self): \(error.reason)")
        }
    }

    /// The query's parameters (`a=1&b=2`); a repeated or malformed parameter is refused.
    static func query(_ request: HTTPRequest) throws -> [String: String] {
        var out: [String: String] = [:]
        guard let query = request.query, !query.isEmpty else { return out }
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, out[String(parts[0])] == nil else {
                throw ServiceError(.invalidInput, "the query '\(query.prefix(80))' is not NAME=VALUE pairs, each once")
            }
            out[String(parts[0])] = String(parts[1])
        }
        return out
    }

    static func number(_ query: [String: String], _ name: String, default value: UInt64? = nil) throws -> UInt64 {
        guard let text = query[name] else {
            guard let value else { throw ServiceError(.invalidInput, "the query needs '\(name)=NUMBER'") }
            return value
        }
        guard text.count <= 20, let number = UInt64(text) else {
            throw ServiceError(.invalidInput, "'\(name)' must be a non-negative integer, got '\(text.prefix(40))'")
        }
        return number
    }
}

extension ServiceError.Code {
    static let unsupportedMediaType = Self(rawValue: "unsupported-media-type")
    /// The storage failed (`Specs/api.md` §2): 503, nothing recorded, may be sent again.
    static let storageFailure = Self(rawValue: "storage-failure")
}
