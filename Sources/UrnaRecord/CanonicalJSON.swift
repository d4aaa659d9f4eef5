import Foundation

/// Entry bodies are RFC 8785 (JCS) JSON (`Specs/election-record.md` §1): written once in that
/// form, hashed and signed as the stored bytes. A reader accepts a body only if it is exactly the
/// JCS encoding of its parsed value and names no field the body type does not know, so every
/// verifier reads one body one way.
///
/// Three ways in:
/// - ``decode(_:from:)`` for entry bodies: canonical JCS, no unknown or missing field;
/// - ``decodeInput(_:from:)`` for files people write or exchange (manifests, trustee
///   registrations and messages, wallets, receipts): any white space, but no duplicate keys, no
///   unknown fields and integers only; errors carry the line and column (`CanonicalJSON+Input.swift`);
/// - ``decodeFields(_:from:)`` to read some fields of a larger object (a header, a tag).
public enum CanonicalJSON {
    /// The JCS bytes of `value` (RFC 8785), written directly by ``JCSEncoder``.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        do {
            return try JCSEncoder.encode(value)
        } catch let error as EncodingError {
            throw RecordError(.malformed, "\(T.self): cannot encode: \(describe(error))")
        }
    }

    /// Decodes an entry body: refuses bytes that are not exactly the JCS encoding of their parsed
    /// value (naming a duplicate key, white space, a byte order mark, key order, an escape or a
    /// number form) and a body whose value does not encode back to the same bytes (naming the
    /// unknown field, the missing field, or the value not in canonical form).
    ///
    /// Fast path: when the decoded value's JCS encoding is the stored bytes, the body is JCS (it
    /// is an output of the JCS encoder) and has exactly the type's fields. Only a body that
    /// fails is parsed again, to name the fault.
    public static func decode<T: Codable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value: T
        do {
            value = try foundationDecode(type, from: bytes)
        } catch {
            // A JSON-level fault (duplicate key, BOM, …) is the better reason, if there is one.
            _ = try parse(bytes, mode: .canonical, as: T.self)
            throw error
        }
        let again = try encode(value)
        if again == bytes { return value }
        let stored = try parse(bytes, mode: .canonical, as: T.self)
        let expected = try JSONParser.parse(again, mode: .relaxed)
        let reason = stored.firstDifference(from: expected) ?? "the body is not the canonical encoding of its value"
        throw RecordError(.malformed, "\(T.self): \(reason)")
    }

    /// Reads only the fields `T` names from well-formed JSON without duplicate keys (a ballot's
    /// header, a message's tag); other fields are not checked here.
    public static func decodeFields<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        _ = try parse(bytes, mode: .relaxed, as: T.self)
        return try foundationDecode(type, from: bytes)
    }

    static func parse<T>(_ bytes: [UInt8], mode: JSONParser.Mode, as: T.Type) throws -> JSONValue {
        do {
            return try JSONParser.parse(bytes, mode: mode)
        } catch let error as RecordError {
            throw RecordError(error.code, "\(T.self): \(error.reason)", field: error.field, position: error.position)
        }
    }

    /// Decodes with Foundation; a failure names the type and the coding path.
    static func foundationDecode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw RecordError(.malformed, "\(T.self): \(describe(error))")
        } catch let error as RecordError {
            throw error
        } catch {
            throw RecordError(.malformed, "\(T.self): \(error)")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        let joined = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return joined.isEmpty ? "(root)" : String(joined.drop { $0 == "." })
    }

    static func describe(_ error: EncodingError) -> String {
        switch error {
        case .invalidValue(_, let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String { Self.path(context.codingPath) }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)): missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context): return "\(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? RecordError { return underlying.reason }
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
