import UrnaCrypto

/// A byte string carried in JSON as lowercase hex (hashes, keys, signatures).
public struct HexBytes: Sendable, Hashable, Codable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            bytes = try Hex.decode(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not lowercase hex: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bytes.hex)
    }

    public var hex: String { bytes.hex }
    public var description: String { hex }
}
