import UrnaCrypto

/// A 32-byte value (credential key, voter pseudonym) stored inline, so that sets of hundreds of
/// thousands of them stay compact (32 bytes each instead of a heap array).
struct Key32: Hashable, Sendable, Codable, CustomStringConvertible {
    let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    init?(_ bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        func word(_ i: Int) -> UInt64 {
            var value: UInt64 = 0
            for byte in bytes[(i * 8)..<(i * 8 + 8)] { value = value << 8 | UInt64(byte) }
            return value
        }
        w0 = word(0)
        w1 = word(1)
        w2 = word(2)
        w3 = word(3)
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out
    }

    var description: String { bytes.hex }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let bytes = try? Hex.decode(container.decode(String.self)), let key = Key32(bytes) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not 64 hex digits")
        }
        self = key
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bytes.hex)
    }
}
