import UrnaCryptoBackend

extension CryptoError.Code {
    /// An activation code has the wrong length, a character outside the alphabet, or a
    /// check symbol that does not match (a typing error).
    public static let invalidActivationCode = Self(rawValue: "invalid-activation-code")
}

/// A voter's one-time activation code (DESIGN.md "Election model"; `Specs/secrets.md` §4).
///
/// 21 data symbols of Crockford base32 (105 random bits from `RAND_bytes`) and one check
/// symbol computed with the Luhn mod N algorithm (N = 32). Shown to people grouped as
/// `XXXX-XXXX-XXXX-XXXX-XXXX-XX`. The registrar publishes only ``commitment(electionID:pseudonym:)``
/// (`Specs/secrets.md` §4.4); the code itself is revealed when the voter uses it.
///
/// A code is a secret and must not end up in logs by accident: its description, debug
/// description and mirror (`print`, `"\(code)"`, `dump`) are redacted. Use ``displayed`` or
/// ``canonical`` explicitly.
public struct ActivationCode: Sendable, Hashable {
    /// Crockford's base32 alphabet: digits and capital letters without I, L, O and U.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// Number of random data symbols.
    public static let dataSymbolCount = 21
    /// Data symbols plus the check symbol.
    public static let symbolCount = dataSymbolCount + 1
    /// Entropy of a generated code: 21 symbols × log2(32) = 105 bits.
    public static let entropyBits = dataSymbolCount * 5
    /// Domain-separation tag of the commitment on the roll.
    public static let commitmentTag = "urna/v1/code-commitment"

    /// Symbol values 0…31, data symbols first, check symbol last.
    let values: [Int]

    init(values: [Int]) {
        self.values = values
    }

    /// Random bytes consumed per code: 14 (112 bits, of which 105 are used).
    public static let entropyByteCount = (entropyBits + 7) / 8

    /// A fresh code from 14 bytes of `RAND_bytes` (see ``init(entropy:)``).
    public static func generate() throws -> ActivationCode {
        try ActivationCode(entropy: SecureRandom.bytes(entropyByteCount))
    }

    /// The code for 14 given random bytes (`Specs/secrets.md` §4.1): the first 105 bits,
    /// most significant bit first, become 21 five-bit data symbols; the check symbol
    /// follows. Use ``generate()`` for real codes; this exists to reproduce the spec's
    /// worked example. Throws `invalid-parameter` unless given exactly 14 bytes.
    public init(entropy: [UInt8]) throws {
        guard entropy.count == Self.entropyByteCount else {
            throw CryptoError(.invalidParameter, "activation code needs \(Self.entropyByteCount) random bytes, got \(entropy.count)")
        }
        var data: [Int] = []
        data.reserveCapacity(Self.symbolCount)
        for index in 0..<Self.dataSymbolCount {
            var value = 0
            for bit in (5 * index)..<(5 * index + 5) {
                value = value << 1 | Int(entropy[bit / 8] >> (7 - UInt8(bit % 8)) & 1)
            }
            data.append(value)
        }
        self.init(values: data + [LuhnModN.checkValue(for: data)])
    }

    /// Parses a code as a person typed it (`Specs/secrets.md` §4.3): case-insensitive; white
    /// space and dashes are dropped; I and L read as 1, O as 0. Throws
    /// `invalid-activation-code` for a wrong length, a character outside the alphabet
    /// (including U), or a check symbol that does not match.
    public static func parse(_ text: String) throws -> ActivationCode {
        var values: [Int] = []
        var position = 0
        for character in text {
            position += 1
            if character.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || dashes.contains($0) }) { continue }
            guard let value = symbolValue(character) else {
                throw CryptoError(.invalidActivationCode,
                    "character \"\(character)\" at position \(position) is not in the code alphabet")
            }
            guard values.count < symbolCount else {
                throw CryptoError(.invalidActivationCode, "code has more than \(symbolCount) symbols")
            }
            values.append(value)
        }
        guard values.count == symbolCount else {
            throw CryptoError(.invalidActivationCode, "code has \(values.count) symbols, expected \(symbolCount)")
        }
        guard LuhnModN.isValid(values) else {
            throw CryptoError(.invalidActivationCode, "check symbol does not match; the code was probably mistyped")
        }
        return ActivationCode(values: values)
    }

    /// The 22 symbols in upper case without separators: the form that is hashed.
    public var canonical: String {
        String(values.map { Self.alphabet[$0] })
    }

    /// `XXXX-XXXX-XXXX-XXXX-XXXX-XX`: groups of four separated by `-`.
    public var displayed: String {
        let symbols = values.map { Self.alphabet[$0] }
        return stride(from: 0, to: symbols.count, by: 4)
            .map { String(symbols[$0..<min($0 + 4, symbols.count)]) }
            .joined(separator: "-")
    }

    /// The commitment on the roll (`Specs/secrets.md` §4.4):
    /// `H("urna/v1/code-commitment", election id, pseudonym, ASCII(canonical))`. The code's 105
    /// random bits make it hiding.
    public func commitment(electionID: String, pseudonym: [UInt8]) -> [UInt8] {
        DomainHash.hash(tag: Self.commitmentTag, [Array(electionID.utf8), pseudonym, Array(canonical.utf8)])
    }

    /// True when `commitment` is this code's commitment, compared in constant time.
    public func matches(commitment: [UInt8], electionID: String, pseudonym: [UInt8]) -> Bool {
        ConstantTime.equals(self.commitment(electionID: electionID, pseudonym: pseudonym), commitment)
    }

    /// Characters dropped while parsing besides white space: `-` and the Unicode dashes
    /// U+2010…U+2015 and U+2212 that copy and paste can produce.
    static let dashes: Set<Unicode.Scalar> = ["-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}"]

    /// The value of one typed character, after upper-casing and the I/L→1, O→0 mapping.
    static func symbolValue(_ character: Character) -> Int? {
        guard character.isASCII, let ascii = character.asciiValue else { return nil }
        var upper = ascii >= 0x61 && ascii <= 0x7A ? ascii - 0x20 : ascii
        switch upper {
        case UInt8(ascii: "I"), UInt8(ascii: "L"): upper = UInt8(ascii: "1")
        case UInt8(ascii: "O"): upper = UInt8(ascii: "0")
        default: break
        }
        return alphabet.firstIndex(of: Character(Unicode.Scalar(upper)))
    }
}

/// The Luhn mod N algorithm over symbol values `0..<32` (`Specs/secrets.md` §4.2).
///
/// From the rightmost symbol leftwards, values are weighted alternately by 1 and 2 (the
/// check symbol gets 1, the last data symbol 2); a weighted value `w` contributes
/// `w / 32 + w % 32`. A code is valid when the sum is ≡ 0 (mod 32). This detects every
/// single-symbol substitution and every adjacent transposition except `0`↔`Z` (0↔31).
public enum LuhnModN {
    public static let base = 32

    /// The check value for `data` (values in `0..<32`), to be appended after it.
    public static func checkValue(for data: [Int]) -> Int {
        // The check symbol will have weight 1, so the last data symbol gets weight 2.
        let sum = weightedSum(data, firstWeight: 2)
        return (base - sum % base) % base
    }

    /// True when `values` (data symbols then check symbol) pass the check.
    public static func isValid(_ values: [Int]) -> Bool {
        guard values.allSatisfy({ (0..<base).contains($0) }) else { return false }
        return weightedSum(values, firstWeight: 1) % base == 0
    }

    /// Sum of `w / 32 + w % 32` for `w = weight × value`, right to left, weights alternating
    /// from `firstWeight` (for the rightmost value).
    static func weightedSum(_ values: [Int], firstWeight: Int) -> Int {
        var weight = firstWeight
        var sum = 0
        for value in values.reversed() {
            let weighted = weight * value
            sum += weighted / base + weighted % base
            weight = weight == 2 ? 1 : 2
        }
        return sum
    }
}

extension ActivationCode: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "ActivationCode(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
