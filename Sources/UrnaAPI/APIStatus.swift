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
        case _ where isStorageFault(code): return .serviceUnavailable
        default: return .badRequest
        }
    }

    /// The storage failed (a full disk, a read-only or vanished database file, out of file
    /// descriptors): the request was not carried out, and may be sent again later.
    static func isStorageFault(_ code: String) -> Bool {
        code == "storage-failure" || code == "storage-corrupt" || code == "store-closed"
    }
}
