import UrnaCrypto

/// A voter's pseudonym on the roll (`Specs/election-record.md` §4.1a): 16 random bytes that the
/// registrar draws, written as 32 lowercase hex digits. Stored inline (two words), so a roll of
/// millions stays compact.
public struct Pseudonym: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public static let byteCount = 16

    let high: UInt64, low: UInt64

    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Exactly 32 lowercase hex digits (as in the record).
    public init?(hex: String) {
        guard hex.utf8.count == 2 * Self.byteCount, let bytes = try? Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// What a person may type from a letter: hex digits in either case, with spaces or dashes.
    public init?(typed text: String) {
        let kept = text.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "-" }
        self.init(hex: String(String.UnicodeScalarView(kept)).lowercased())
    }

    public static func generate() throws -> Pseudonym {
        guard let value = Pseudonym(bytes: try RandomBytes.generate(byteCount)) else {
            throw RecordError(.malformed, "random pseudonym of the wrong length")
        }
        return value
    }

    public var bytes: [UInt8] {
        (0..<8).reversed().map { UInt8(truncatingIfNeeded: high >> UInt64($0 * 8)) }
            + (0..<8).reversed().map { UInt8(truncatingIfNeeded: low >> UInt64($0 * 8)) }
    }

    public var hex: String { bytes.hex }
    public var description: String { hex }

    public static func < (a: Pseudonym, b: Pseudonym) -> Bool { (a.high, a.low) < (b.high, b.low) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Pseudonym(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a pseudonym is 32 lowercase hex digits")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
