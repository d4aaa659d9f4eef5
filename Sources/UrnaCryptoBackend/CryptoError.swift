/// The single error type of the Urna cryptographic libraries.
///
/// Every rejection carries a stable machine-readable ``code`` and a human
/// ``reason`` naming what was wrong. Codes are declared next to the feature
/// that throws them (`extension CryptoError.Code`).
public struct CryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier, e.g. `invalid-point`.
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

extension CryptoError.Code {
    /// Bytes that do not decode as the expected encoding (length, hex, base64, DER).
    public static let invalidEncoding = Self(rawValue: "invalid-encoding")
    /// An OpenSSL call failed where it should not; the reason names the call.
    public static let backendFailure = Self(rawValue: "backend-failure")
    /// The system random generator failed.
    public static let randomFailure = Self(rawValue: "random-failure")
    /// A key that is not acceptable: wrong length or form, wrong exponent, oversized, inconsistent.
    public static let invalidKey = Self(rawValue: "invalid-key")
    /// A signature that does not verify under the given key and message.
    public static let signatureInvalid = Self(rawValue: "signature-invalid")
    /// A caller-supplied parameter is outside what the operation accepts.
    public static let invalidParameter = Self(rawValue: "invalid-parameter")
}
