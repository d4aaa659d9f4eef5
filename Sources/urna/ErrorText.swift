import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord
import UrnaService

/// What a user reads for an error: the library's reason and code, never a raw Foundation
/// (`NSCocoaErrorDomain …`) or Swift `DecodingError` dump.
enum ErrorText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ServiceError: return "\(error.reason) [\(error.code)]"
        case let error as RecordError: return "\(error.reason) [\(error.code)]"
        case let error as LedgerError: return "\(error.reason) [\(error.code)]"
        case let error as CryptoError: return "\(error.reason) [\(error.code)]"
        case let error as FileError: return error.description
        case let error as DecodingError: return describe(decoding: error)
        case let error as CustomStringConvertible where !(error is NSError): return error.description
        default:
            let error = error as NSError
            let path = (error.userInfo[NSFilePathErrorKey] as? String).map { " (\($0))" } ?? ""
            let underlying = (error.userInfo[NSUnderlyingErrorKey] as? NSError).map { ": \(String(cString: strerror(Int32($0.code))))" } ?? ""
            return "\(error.localizedDescription)\(path)\(underlying)"
        }
    }

    /// `field a.b[2]: expected a number` rather than Swift's dump.
    static func describe(decoding error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "(top level)" : text)
        }
        switch error {
        case .keyNotFound(let key, let context): return "field \(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context): return "field \(path(context.codingPath)) has the wrong type: \(context.debugDescription)"
        case .valueNotFound(_, let context): return "field \(path(context.codingPath)) is null or missing"
        case .dataCorrupted(let context): return "field \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "the input does not decode"
        }
    }
}
