import UrnaHTTP

/// Problem statuses for the service's error codes (`Specs/api.md` §2).
enum APIStatus {
    static func status(for code: String) -> HTTPStatus {
        switch code {
        case "not-authorized", "locked", "bad-token", "bad-signature", "bad-proof", "voter-other-district",
             "token-other-district", "credential-other-district":
            return .forbidden
        case "not-found", "no-election", "no-route": return .notFound
        case "wrong-phase", "credential-used", "ballot-replayed", "spoil-limit", "already-issued", "not-published",
             "paused", "ambiguous", "duplicate-trustee-message":
            return .conflict
        case "rate-limited": return .tooManyRequests
        case "unsupported-media-type": return .unsupportedMediaType
        case "method-not-allowed": return .methodNotAllowed
        case "internal-failure": return .internalServerError
        case "unavailable", "election-busy": return .serviceUnavailable
        default: return .badRequest
        }
    }
}
