import Foundation
import Testing
import UrnaCrypto

private struct ActivationCodeKAT: Decodable {
    let randomBytes, canonical, displayed, electionID, pseudonym, commitmentInput, commitment: String

    static func load() throws -> ActivationCodeKAT {
        let url = try #require(Bundle.module.url(forResource: "activation_code_kat", withExtension: "json", subdirectory: "Resources"))
        return try JSONDecoder().decode(ActivationCodeKAT.self, from: Data(contentsOf: url))
    }
}

private func code(_ body: () throws -> Void) -> CryptoError.Code? {
    do {
        try body()
        return nil
    } catch let error as CryptoError {
        return error.code
    } catch {
        return CryptoError.Code(rawValue: "unexpected \(error)")
    }
}

private let alphabet = ActivationCode.alphabet

@Suite struct ActivationCodeTests {
    @Test func parametersGiveAtLeast100Bits() {
        #expect(alphabet.count == 32)
        #expect(Set(alphabet).count == 32)
        #expect(!alphabet.contains("I") && !alphabet.contains("L") && !alphabet.contains("O") && !alphabet.contains("U"))
        // Each data symbol is uniform over 32 values: log2(32) = 5 bits.
        #expect(ActivationCode.entropyBits == ActivationCode.dataSymbolCount * 5)
        #expect(ActivationCode.entropyBits >= 100)
        #expect(ActivationCode.symbolCount == 22)
    }

    @Test func knownAnswer() throws {
        let kat = try ActivationCodeKAT.load()
        let parsed = try ActivationCode.parse(kat.displayed)
        #expect(try ActivationCode(entropy: Hex.decode(kat.randomBytes)) == parsed)
        #expect(parsed.canonical == kat.canonical)
        #expect(parsed.displayed == kat.displayed)
        let pseudonym = try Hex.decode(kat.pseudonym)
        #expect(DomainHash.encode(tag: ActivationCode.commitmentTag, [Array(kat.electionID.utf8), pseudonym, Array(kat.canonical.utf8)]).hex
                == kat.commitmentInput)
        let commitment = parsed.commitment(electionID: kat.electionID, pseudonym: pseudonym)
        #expect(commitment.hex == kat.commitment)
        #expect(parsed.matches(commitment: commitment, electionID: kat.electionID, pseudonym: pseudonym))
        // The check symbol of the 21 data symbols, from the Luhn mod N definition.
        let values = kat.canonical.map { alphabet.firstIndex(of: $0)! }
        #expect(LuhnModN.checkValue(for: Array(values.prefix(21))) == values[21])
    }

    @Test func entropyBitsMapToSymbolsMostSignificantFirst() throws {
        // All-ones input: every data symbol is 31 (Z); the unused last 7 bits do not matter.
        let ones = try ActivationCode(entropy: [UInt8](repeating: 0xFF, count: 14))
        #expect(ones.canonical.prefix(21) == Substring(String(repeating: "Z", count: 21)))
        var lowBitsOnly = [UInt8](repeating: 0, count: 14)
        lowBitsOnly[13] = 0x7F
        #expect(try ActivationCode(entropy: lowBitsOnly).canonical.prefix(21) == Substring(String(repeating: "0", count: 21)))
        // 0b00001_00010_... : the first byte 0x08 gives symbol values 1 then 0.
        var first = [UInt8](repeating: 0, count: 14)
        first[0] = 0x08
        #expect(try ActivationCode(entropy: first).canonical.prefix(2) == "10")
        for bad in [0, 13, 15] {
            #expect(code { _ = try ActivationCode(entropy: [UInt8](repeating: 1, count: bad)) } == .invalidParameter)
        }
    }

    @Test func commitmentBindsElectionPseudonymAndCode() throws {
        let first = try ActivationCode.generate()
        let second = try ActivationCode.generate()
        let pseudonym = [UInt8](repeating: 7, count: 16)
        let commitment = first.commitment(electionID: "city-2026", pseudonym: pseudonym)
        #expect(commitment.count == 32)
        #expect(first.matches(commitment: commitment, electionID: "city-2026", pseudonym: pseudonym))
        #expect(!second.matches(commitment: commitment, electionID: "city-2026", pseudonym: pseudonym))
        #expect(!first.matches(commitment: commitment, electionID: "city-2027", pseudonym: pseudonym))
        #expect(!first.matches(commitment: commitment, electionID: "city-2026", pseudonym: [UInt8](repeating: 8, count: 16)))
        var flipped = commitment
        flipped[0] ^= 1
        #expect(!first.matches(commitment: flipped, electionID: "city-2026", pseudonym: pseudonym))
        #expect(!first.matches(commitment: Array(commitment.prefix(31)), electionID: "city-2026", pseudonym: pseudonym))
    }

    @Test func generateRoundTripsAndLooksUniform() throws {
        var counts = [Int](repeating: 0, count: 32)
        var seen = Set<String>()
        let total = 2000
        for _ in 0..<total {
            let generated = try ActivationCode.generate()
            let displayed = generated.displayed
            #expect(displayed.count == 27)
            #expect(displayed.split(separator: "-").map(\.count) == [4, 4, 4, 4, 4, 2])
            #expect(try ActivationCode.parse(displayed) == generated)
            #expect(try ActivationCode.parse(generated.canonical.lowercased()) == generated)
            seen.insert(generated.canonical)
            for character in generated.canonical.prefix(ActivationCode.dataSymbolCount) {
                counts[alphabet.firstIndex(of: character)!] += 1
            }
        }
        #expect(seen.count == total)
        // 42,000 data symbols: 1312.5 expected per symbol, standard deviation about 35.6.
        // The bounds are about ±8.8 standard deviations: a failure means a real bias.
        #expect(counts.allSatisfy { (1000...1625).contains($0) }, "\(counts)")
    }

    /// A code printed, interpolated or dumped by accident shows none of its symbols.
    @Test func descriptionsAreRedacted() throws {
        let code = try ActivationCode.generate()
        var dumped = ""
        dump(code, to: &dumped)
        for shown in [String(describing: code), String(reflecting: code), "\(code)", dumped] {
            #expect(!shown.contains(code.canonical) && !shown.contains(code.displayed), "\(shown)")
            #expect(shown.contains("ActivationCode"), "\(shown)")
            #expect(!shown.contains("values"), "\(shown)")
        }
    }

    @Test func normalisation() throws {
        let kat = try ActivationCodeKAT.load()
        let expected = try ActivationCode.parse(kat.canonical)
        // "041061050R3GG28A1C60TE": lower case, spaces, dashes, O for 0, I and L for 1.
        let variants = [
            kat.displayed.lowercased(),
            "0410 6105 0R3G G28A 1C60 TE",
            "  0410-6105 -0r3g-g28a-1c60-te\n",
            "O41O61O5OR3GG28A1C6OTE",
            "04I06I050R3GG28AIC60TE",
            "04l06l050R3GG28A1C60TE",
            "0410\u{2013}6105\u{2014}0R3G\u{2212}G28A\u{2010}1C60\u{00A0}TE",
        ]
        for variant in variants {
            #expect(try ActivationCode.parse(variant) == expected, "\(variant.debugDescription)")
        }
    }

    @Test func rejectsWrongLengthAndBadCharacters() throws {
        let kat = try ActivationCodeKAT.load()
        let canonical = kat.canonical
        let cases = [
            "", String(canonical.dropLast()), canonical + "0", String(canonical.prefix(21)),
            "U" + canonical.dropFirst(),            // U is not in the alphabet
            "*" + canonical.dropFirst(),
            "\u{00C9}" + canonical.dropFirst(),     // É
            "\u{FF10}" + canonical.dropFirst(),     // full-width digit zero
            canonical + canonical,
        ]
        for text in cases {
            #expect(code { _ = try ActivationCode.parse(text) } == .invalidActivationCode, "\(text.debugDescription)")
        }
    }

    /// Luhn mod N detects every single-symbol substitution: checked exhaustively at every
    /// position of a sample code, for every replacement symbol.
    @Test func everySingleSubstitutionIsDetected() throws {
        let canonical = Array(try ActivationCodeKAT.load().canonical)
        var tried = 0
        for position in canonical.indices {
            for replacement in alphabet where replacement != canonical[position] {
                var altered = canonical
                altered[position] = replacement
                #expect(code { _ = try ActivationCode.parse(String(altered)) } == .invalidActivationCode,
                    "substitution at \(position) by \(replacement) not detected")
                tried += 1
            }
        }
        #expect(tried == 22 * 31)
    }

    /// Adjacent transpositions: Luhn mod 32 misses exactly the swaps of `0` and `Z` (values
    /// 0 and 31, whose weighted contributions cancel), and catches all others. Measured on
    /// every ordered pair of distinct symbols at one position, and on a sample code.
    @Test func adjacentTranspositionDetectionRate() throws {
        let base = Array(try ActivationCodeKAT.load().canonical)
        var undetected: [String] = []
        var tried = 0
        // Put each ordered pair (a, b) at positions 19 and 20 (the last two data symbols),
        // recompute the check symbol, then swap the pair.
        for a in alphabet.indices {
            for b in alphabet.indices where a != b {
                let data = Array(base.prefix(19)).map { alphabet.firstIndex(of: $0)! } + [a, b]
                let values = data + [LuhnModN.checkValue(for: data)]
                var swapped = values
                swapped.swapAt(19, 20)
                tried += 1
                if LuhnModN.isValid(swapped) { undetected.append("\(alphabet[a])\(alphabet[b])") }
            }
        }
        #expect(tried == 32 * 31)
        #expect(undetected.sorted() == ["0Z", "Z0"])
        // Detection rate 990/992 ≈ 99.8 %.
        #expect(tried - undetected.count == 990)

        // On the sample code, every adjacent swap of distinct symbols (including with the
        // check symbol) is detected unless the pair is 0/Z.
        for position in 0..<(base.count - 1) where base[position] != base[position + 1] {
            var swapped = base
            swapped.swapAt(position, position + 1)
            let pair = Set([base[position], base[position + 1]])
            let detected = code { _ = try ActivationCode.parse(String(swapped)) } == .invalidActivationCode
            #expect(detected == (pair != ["0", "Z"]), "swap at \(position)")
        }
    }
}
