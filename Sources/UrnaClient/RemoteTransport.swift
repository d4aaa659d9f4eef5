import UrnaHTTP
import UrnaRecord

/// One HTTP exchange with the service: what ``RemoteElection`` needs of a client.
public protocol HTTPExchanging: Sendable {
    /// Sends a request; returns the status, the answer's `Content-Type` and its body, or throws
    /// when the service cannot be reached or does not answer in HTTP.
    func exchange(method: String, path: String, body: [UInt8]?, contentType: String?) throws
        -> (status: Int, contentType: String?, body: [UInt8])
}

/// Requests to the service and the reading of its answers: a problem
/// (`application/problem+json`) becomes a ``ClientError`` with the service's code and detail
/// (escaped), anything else that is not a 2xx a `bad-answer`, an unreachable service `unreachable`.
struct RemoteTransport {
    let client: any HTTPExchanging

    /// The maximal detail kept from a problem.
    static let maxDetail = 500

    func send(_ method: String, _ path: String, body: [UInt8]? = nil) throws -> (status: Int, body: [UInt8]) {
        let answer: (status: Int, contentType: String?, body: [UInt8])
        do {
            answer = try client.exchange(method: method, path: path, body: body, contentType: body == nil ? nil : "application/json")
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(ClientError.unreachable, "the service could not be reached (\(method) \(path)): \(TerminalText.escaped(String(describing: error)))")
        }
        if (200..<300).contains(answer.status) { return (answer.status, answer.body) }
        if let problem = Self.problem(answer.body, contentType: answer.contentType) {
            throw ClientError(TerminalText.escaped(String(problem.code.prefix(64))),
                              TerminalText.escaped(String(problem.detail.prefix(Self.maxDetail))), fromService: true)
        }
        let text = TerminalText.escaped(String(String(decoding: answer.body.prefix(200), as: UTF8.self)))
        throw ClientError(ClientError.badAnswer, "the service answered \(method) \(path) with status \(answer.status) and no problem document\(text.isEmpty ? "" : ": \(text)")")
    }

    /// A JSON answer decoded as `T` (fields `T` does not name are ignored).
    func json<T: Codable>(_ type: T.Type, _ method: String, _ path: String, body: [UInt8]? = nil) throws -> T {
        let answer = try send(method, path, body: body)
        do {
            return try CanonicalJSON.decodeFields(type, from: answer.body)
        } catch {
            throw ClientError(ClientError.badAnswer, "the service's answer to \(method) \(path) is not the JSON the API promises (\(RemoteElection.reason(error)))")
        }
    }

    static func problem(_ body: [UInt8], contentType: String?) -> (code: String, detail: String)? {
        struct Problem: Codable { let code: String; let detail: String? }
        guard let contentType, contentType.lowercased().hasPrefix("application/problem+json"),
              let problem = try? CanonicalJSON.decodeFields(Problem.self, from: body), !problem.code.isEmpty else { return nil }
        return (problem.code, problem.detail ?? "")
    }
}
