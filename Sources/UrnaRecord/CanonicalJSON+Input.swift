import Foundation

/// Files people write or parties send: manifests, trustee registrations and messages, wallets,
/// receipts. Every refusal is a `RecordError` whose reason names the field and whose `position`
/// is the line and column where the fault was written; no Foundation decoding text reaches a user.
extension CanonicalJSON {
    /// Reads a file a person writes or a party sends: white space is free, but a byte order mark,
    /// a duplicate key, a number that is not an integer, a value of the wrong type, a missing
    /// field or a field `T` does not know is refused with the key's path, line and column.
    public static func decodeInput<T: Codable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        // Fast path: a file already in canonical form (as Urna writes them) is checked as a body is.
        if let value = try? foundationDecode(type, from: bytes), (try? encode(value)) == bytes { return value }
        let written = try parse(bytes, mode: .input, as: T.self)
        let value: T
        do {
            value = try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            let (reason, path) = describe(error, written: written)
            throw RecordError(.malformed, "\(T.self): \(reason)", field: path.description,
                              position: position(of: path, in: bytes, atName: false))
        } catch let error as RecordError {
            // A rule of the type (the manifest's limits) names its field: place it in the text.
            let path = error.field.flatMap(JSONPath.init(parsing:))
            throw error.at(path.flatMap { position(of: $0, in: bytes, atName: false) })
        } catch {
            throw RecordError(.malformed, "\(T.self): the JSON text cannot be decoded")
        }
        let decoded = try JSONParser.parse(encode(value), mode: .relaxed)
        if let unknown = written.firstUnknownField(comparedTo: decoded) {
            throw RecordError(.malformed, "\(T.self): \(unknown.reason); remove it (an Urna reader refuses fields it does not know)",
                              field: unknown.path.description, position: position(of: unknown.path, in: bytes, atName: true))
        }
        return value
    }

    /// Line and column of the value at `path` (of its member name with `atName`).
    static func position(of path: JSONPath, in bytes: [UInt8], atName: Bool) -> RecordError.Position? {
        guard let located = JSONParser.locate(path, in: bytes) else { return nil }
        return JSONPath.position(ofByte: atName ? located.key ?? located.value : located.value, in: bytes)
    }

    /// A decoding failure in words, and the path of the value it concerns (the object, for a
    /// missing field). The text `written` names what was found instead.
    static func describe(_ error: DecodingError, written: JSONValue) -> (String, JSONPath) {
        func found(_ path: JSONPath) -> String { written.value(at: path)?.typeName ?? "nothing" }
        switch error {
        case .keyNotFound(let key, let context):
            let path = JSONPath(codingPath: context.codingPath)
            return ((path.steps.isEmpty ? "" : "\(path): ") + "missing field '\(key.stringValue)'; add it", path)
        case .typeMismatch(let type, let context):
            let path = JSONPath(codingPath: context.codingPath)
            return ("\(path): expected \(expected(type)), found \(found(path))", path)
        case .valueNotFound(let type, let context):
            let path = JSONPath(codingPath: context.codingPath)
            return ("\(path): expected \(expected(type)), found null", path)
        case .dataCorrupted(let context):
            let path = JSONPath(codingPath: context.codingPath)
            if let underlying = context.underlyingError as? RecordError { return (underlying.reason, path) }
            return ("\(path): \(context.debugDescription)", path)
        @unknown default:
            return ("cannot be read", JSONPath())
        }
    }

    /// How a reason names the JSON type a Swift type is read from.
    static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type, is UInt8.Type, is UInt16.Type:
            return "an integer"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
