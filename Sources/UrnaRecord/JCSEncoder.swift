import UrnaCrypto

/// A Swift `Encoder` that writes RFC 8785 (JCS) bytes directly: members sorted by the UTF-16
/// code units of their names (§3.2.3), no white space (§3.2.1), JCS string escapes (§3.2.2.2),
/// integers as plain decimal (§3.2.2.3). Urna bodies hold only integers: a number of magnitude
/// 2^53 or more, or one with a fraction, is refused. An absent optional is omitted.
enum JCSEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        try item(value, parent: nil, key: nil).write(into: &out, codingPath: [])
        return out
    }

    /// `value` encoded by a child encoder of `parent` at `key`. Points, scalars and hex byte
    /// strings, most of a body, are written straight from their bytes.
    static func item<T: Encodable>(_ value: T, parent: JCSValueEncoder?, key: (any CodingKey)?) throws -> JCSItem {
        if T.self == Point.self, let point = value as? Point { return .hex(point.bytes) }
        if T.self == Scalar.self, let scalar = value as? Scalar { return .hex(scalar.bytes) }
        if T.self == HexBytes.self, let hex = value as? HexBytes { return .hex(hex.bytes) }
        let encoder = JCSValueEncoder(parent: parent, key: key)
        try value.encode(to: encoder)
        guard let item = encoder.item else {
            throw EncodingError.invalidValue(value, .init(codingPath: encoder.codingPath, debugDescription: "\(T.self) encoded no value"))
        }
        return item
    }

    static func string(_ text: String) -> JCSItem { .string(text) }

    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? nibble + 0x30 : nibble + 0x57 }

    static func integer<T: BinaryInteger>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JCSItem {
        guard value.magnitude < 1 << 53 else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath(),
                debugDescription: "\(value) has no exact JCS form (RFC 8785 §3.2.2.3: integers below 2^53 in magnitude)"))
        }
        return .integer(String(value))
    }

    static func double(_ value: Double, codingPath: @autoclosure () -> [any CodingKey]) throws -> JCSItem {
        guard value.isFinite, value.rounded() == value, let integer = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath(),
                debugDescription: "\(value): Urna bodies hold only integers (RFC 8785 §3.2.2.3)"))
        }
        return try Self.integer(integer == 0 ? 0 : integer, codingPath: codingPath())
    }
}

/// An encoded value: literal JCS bytes, or a container filled by the encoder.
enum JCSItem {
    case literal(StaticString)
    case string(String)
    /// Decimal text of an integer below 2^53 in magnitude.
    case integer(String)
    /// A byte string, written as a lowercase hex string.
    case hex([UInt8])
    case object(JCSObject)
    case array(JCSArray)
    /// A `superEncoder`'s value, read when written.
    case deferred(JCSValueEncoder)

    func write(into out: inout [UInt8], codingPath: [any CodingKey]) throws {
        switch self {
        case .literal(let text): out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        case .string(let text): JSONValue.writeJCSString(text, into: &out)
        case .integer(let text): out.append(contentsOf: text.utf8)
        case .hex(let bytes):
            let start = out.count
            out.append(contentsOf: repeatElement(UInt8(ascii: "\""), count: bytes.count * 2 + 2))
            out.withUnsafeMutableBufferPointer { buffer in
                var index = start + 1
                for byte in bytes {
                    buffer[index] = JCSEncoder.hexDigit(byte >> 4)
                    buffer[index + 1] = JCSEncoder.hexDigit(byte & 0x0F)
                    index += 2
                }
            }
        case .object(let object):
            let members = object.members.sorted { JSONValue.precedes($0.key, $1.key) }
            out.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 {
                    guard members[offset - 1].key != member.key else {
                        throw EncodingError.invalidValue(member.key, .init(codingPath: codingPath, debugDescription: "duplicate key '\(member.key)'"))
                    }
                    out.append(UInt8(ascii: ","))
                }
                JSONValue.writeJCSString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try member.value.write(into: &out, codingPath: codingPath)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (offset, element) in array.elements.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                try element.write(into: &out, codingPath: codingPath)
            }
            out.append(UInt8(ascii: "]"))
        case .deferred(let encoder):
            guard let item = encoder.item else {
                throw EncodingError.invalidValue((), .init(codingPath: codingPath, debugDescription: "a super encoder encoded no value"))
            }
            try item.write(into: &out, codingPath: codingPath)
        }
    }
}

final class JCSObject {
    var members: [(key: String, value: JCSItem)] = []
}

final class JCSArray {
    var elements: [JCSItem] = []
}

/// The encoder of one value. It is also its value's node in the coding path: the path is walked
/// up through `parent` only when an error asks for it.
final class JCSValueEncoder: Encoder {
    private let parent: JCSValueEncoder?
    private let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var item: JCSItem?

    init(parent: JCSValueEncoder?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: JCSValueEncoder? = self
        while let current = node {
            if let key = current.key { path.append(key) }
            node = current.parent
        }
        return path.reversed()
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object)? = item { return KeyedEncodingContainer(JCSKeyedContainer(object: object, owner: self)) }
        let object = JCSObject()
        item = .object(object)
        return KeyedEncodingContainer(JCSKeyedContainer(object: object, owner: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array)? = item { return JCSUnkeyedContainer(array: array, owner: self) }
        let array = JCSArray()
        item = .array(array)
        return JCSUnkeyedContainer(array: array, owner: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JCSSingleValueContainer(encoder: self) }
}

struct JCSKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JCSObject
    /// The encoder whose value this object is.
    let owner: JCSValueEncoder
    var codingPath: [any CodingKey] { owner.codingPath }

    private func add(_ key: Key, _ item: JCSItem) { object.members.append((key.stringValue, item)) }

    mutating func encodeNil(forKey key: Key) throws { add(key, .literal("null")) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(key, .literal(value ? "true" : "false")) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(key, JCSEncoder.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(key, try JCSEncoder.double(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(key, try JCSEncoder.double(Double(value), codingPath: codingPath + [key])) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, try JCSEncoder.integer(value, codingPath: codingPath + [key])) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        add(key, try JCSEncoder.item(value, parent: owner, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JCSObject()
        add(key, .object(nested))
        return KeyedEncodingContainer(JCSKeyedContainer<NestedKey>(object: nested, owner: JCSValueEncoder(parent: owner, key: key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JCSArray()
        add(key, .array(nested))
        return JCSUnkeyedContainer(array: nested, owner: JCSValueEncoder(parent: owner, key: key))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let encoder = JCSValueEncoder(parent: owner, key: JCSIndexKey(stringValue: name))
        object.members.append((name, .deferred(encoder)))
        return encoder
    }
}

struct JCSUnkeyedContainer: UnkeyedEncodingContainer {
    let array: JCSArray
    /// The encoder whose value this array is.
    let owner: JCSValueEncoder
    var codingPath: [any CodingKey] { owner.codingPath }
    var count: Int { array.elements.count }

    private var path: [any CodingKey] { codingPath + [JCSIndexKey(intValue: count)] }

    mutating func encodeNil() throws { array.elements.append(.literal("null")) }
    mutating func encode(_ value: Bool) throws { array.elements.append(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { array.elements.append(JCSEncoder.string(value)) }
    mutating func encode(_ value: Double) throws { array.elements.append(try JCSEncoder.double(value, codingPath: path)) }
    mutating func encode(_ value: Float) throws { array.elements.append(try JCSEncoder.double(Double(value), codingPath: path)) }
    mutating func encode(_ value: Int) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: Int8) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: Int16) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: Int32) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: Int64) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: UInt) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: UInt8) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: UInt16) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: UInt32) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode(_ value: UInt64) throws { array.elements.append(try JCSEncoder.integer(value, codingPath: path)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(try JCSEncoder.item(value, parent: owner, key: JCSIndexKey(intValue: count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JCSObject()
        let node = JCSValueEncoder(parent: owner, key: JCSIndexKey(intValue: count))
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(JCSKeyedContainer<NestedKey>(object: nested, owner: node))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JCSArray()
        let node = JCSValueEncoder(parent: owner, key: JCSIndexKey(intValue: count))
        array.elements.append(.array(nested))
        return JCSUnkeyedContainer(array: nested, owner: node)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = JCSValueEncoder(parent: owner, key: JCSIndexKey(intValue: count))
        array.elements.append(.deferred(encoder))
        return encoder
    }
}

struct JCSSingleValueContainer: SingleValueEncodingContainer {
    let encoder: JCSValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ item: JCSItem) { encoder.item = item }

    mutating func encodeNil() throws { set(.literal("null")) }
    mutating func encode(_ value: Bool) throws { set(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { set(JCSEncoder.string(value)) }
    mutating func encode(_ value: Double) throws { set(try JCSEncoder.double(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try JCSEncoder.double(Double(value), codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int8) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int16) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int32) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int64) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt8) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt16) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt32) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt64) throws { set(try JCSEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws { set(try JCSEncoder.item(value, parent: encoder, key: nil)) }
}

/// An array index or a super encoder's name in a coding path.
struct JCSIndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(intValue: Int) {
        self.intValue = intValue
        self.stringValue = String(intValue)
    }
    init(stringValue: String) {
        self.intValue = nil
        self.stringValue = stringValue
    }
}
