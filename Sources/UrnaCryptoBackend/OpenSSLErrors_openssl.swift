import COpenSSL

/// Drains OpenSSL's thread-local error queue into one readable string.
package func openSSLErrorString() -> String {
    var parts: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        parts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return parts.isEmpty ? "no OpenSSL error queued" : parts.joined(separator: "; ")
}

/// A `backend-failure` error naming the OpenSSL function that failed.
package func backendFailure(_ function: String) -> CryptoError {
    CryptoError(.backendFailure, "\(function) failed: \(openSSLErrorString())")
}
