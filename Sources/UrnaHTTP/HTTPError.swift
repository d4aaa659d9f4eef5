/// The single error type of the HTTP library: the status to answer with and a reason that names
/// the fault (never echoing raw request bytes).
public struct HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public let status: HTTPStatus
    public let reason: String

    public init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "\(status.code) \(status.phrase): \(reason)" }
}

/// The statuses Urna's server answers with.
public struct HTTPStatus: Sendable, Hashable {
    public let code: Int
    public let phrase: String

    public init(code: Int, phrase: String) {
        self.code = code
        self.phrase = phrase
    }

    public static let ok = HTTPStatus(code: 200, phrase: "OK")
    public static let created = HTTPStatus(code: 201, phrase: "Created")
    public static let badRequest = HTTPStatus(code: 400, phrase: "Bad Request")
    public static let forbidden = HTTPStatus(code: 403, phrase: "Forbidden")
    public static let notFound = HTTPStatus(code: 404, phrase: "Not Found")
    public static let methodNotAllowed = HTTPStatus(code: 405, phrase: "Method Not Allowed")
    public static let requestTimeout = HTTPStatus(code: 408, phrase: "Request Timeout")
    public static let conflict = HTTPStatus(code: 409, phrase: "Conflict")
    public static let lengthRequired = HTTPStatus(code: 411, phrase: "Length Required")
    public static let contentTooLarge = HTTPStatus(code: 413, phrase: "Content Too Large")
    public static let uriTooLong = HTTPStatus(code: 414, phrase: "URI Too Long")
    public static let unsupportedMediaType = HTTPStatus(code: 415, phrase: "Unsupported Media Type")
    public static let unprocessableContent = HTTPStatus(code: 422, phrase: "Unprocessable Content")
    public static let tooManyRequests = HTTPStatus(code: 429, phrase: "Too Many Requests")
    public static let headerFieldsTooLarge = HTTPStatus(code: 431, phrase: "Request Header Fields Too Large")
    public static let internalServerError = HTTPStatus(code: 500, phrase: "Internal Server Error")
    public static let notImplemented = HTTPStatus(code: 501, phrase: "Not Implemented")
    public static let serviceUnavailable = HTTPStatus(code: 503, phrase: "Service Unavailable")
    public static let versionNotSupported = HTTPStatus(code: 505, phrase: "HTTP Version Not Supported")
}
