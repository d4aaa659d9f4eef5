import UrnaCryptoBackend

/// The single error type of UrnaTLS: a stable code and a reason naming the problem.
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}

extension TLSError.Code {
    /// A certificate (chain) or trust file that is missing, unreadable or not PEM certificates.
    public static let badCertificate = Self(rawValue: "bad-certificate")
    /// A private key file that is missing, unreadable, encrypted, or not the certificate's key.
    public static let badKey = Self(rawValue: "bad-key")
    /// The TLS handshake failed (no common protocol, an untrusted or misnamed certificate, bytes
    /// that are not TLS) or did not finish before its deadline.
    public static let handshakeFailed = Self(rawValue: "handshake-failed")
    /// Reading or writing on an established session failed.
    public static let io = Self(rawValue: "io")
}

extension TLSError {
    /// Runs a backend call, turning its `CryptoError` into the same code and reason here.
    static func rethrowing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CryptoError {
            throw TLSError(Code(rawValue: error.code.rawValue), error.reason)
        }
    }
}
