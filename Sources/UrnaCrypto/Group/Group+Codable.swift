/// JSON encodings (`Specs/crypto.md` §1): points and scalars are lowercase hex strings,
/// validated on decoding exactly as their byte decoders validate.
protocol HexCodable: Codable {
    static func decodeHex(_ text: String) throws -> Self
    var hex: String { get }
}

extension HexCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Self.decodeHex(text)
        } catch let error as CryptoError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

extension Point: HexCodable {
    /// The point at infinity is refused (no v1 wire field allows it).
    static func decodeHex(_ text: String) throws -> Point { try Point(hex: text) }
}

extension Scalar: HexCodable {
    static func decodeHex(_ text: String) throws -> Scalar { try Scalar(hex: text) }
}
