import Testing
@testable import UrnaRecord

/// RFC 8785 serialization known answers, and the strict parser's refusals.
@Suite struct JCSTests {
    func jcs(_ text: String) throws -> String {
        String(decoding: try JSONParser.parse(Array(text.utf8), mode: .relaxed).jcsBytes(), as: UTF8.self)
    }

    @Test("RFC 8785 §3.2.2.2 string example: escapes, literal UTF-8, '/' unescaped")
    func rfcStringExample() throws {
        let input = #"{"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null, true, false]}"#
        #expect(try jcs(input) == #"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    @Test("RFC 8785 §3.2.3 sorting example: names ordered by UTF-16 code units")
    func rfcSortingExample() throws {
        let input = #"""
        {
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\","
            + "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try jcs(input) == expected)
    }

    @Test("every control character has the JCS escape; DEL and non-ASCII stay literal")
    func controlCharacters() throws {
        let text = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init))) + "\u{7f}é"
        var out: [UInt8] = []
        JSONValue.writeJCSString(text, into: &out)
        let expected = #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
            + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"#
            + "\u{7f}é\""
        #expect(String(decoding: out, as: UTF8.self) == expected)
        // The canonical parser reads its own output back.
        #expect(try JSONParser.parse(out, mode: .canonical) == .string(text))
    }

    @Test("integers keep their text; other numbers have no JCS form in an Urna body")
    func numbers() throws {
        #expect(try jcs("[0,-1,42,9007199254740991,-9007199254740991]") == "[0,-1,42,9007199254740991,-9007199254740991]")
        for number in ["2.0", "2e0", "-0", "9007199254740992", "1E3", "0.5"] {
            expectMalformed(["number '\(number)'"]) { _ = try jcs("[\(number)]") }
        }
    }

    @Test("the canonical parser accepts exactly the JCS form")
    func canonicalParser() throws {
        let canonical = #"{"a":[1,true,null,"x\n\u001f"],"b":{"":-3,"c":"é/"}}"#
        #expect(try JSONParser.parse(Array(canonical.utf8), mode: .canonical).jcsBytes() == Array(canonical.utf8))
        let refused: [(String, String)] = [
            ("\u{feff}{}", "byte order mark"),
            (#"{"a":1} "#, "white space"),
            (#"{ "a":1}"#, "white space"),
            (#"{"a":1,"a":1}"#, "duplicate key 'a'"),
            (#"{"b":1,"a":1}"#, "key 'a'"),
            (#"{"a":1,"b":1,"a":2}"#, "duplicate key 'a'"),
            (#"["\u00E9"]"#, #"\u00E9"#),
            (#"["\u00e9"]"#, #"\u00e9"#),
            (#"["\u001F"]"#, #"\u001F"#),
            (#"["\u000a"]"#, #"\u000a"#),
            (#"["\/"]"#, #"\/"#),
            (#"[2.0]"#, "number '2.0'"),
            (#"[2e0]"#, "number '2e0'"),
            (#"[-0]"#, "number '-0'"),
            (#"{"a":1}x"#, "trailing data"),
        ]
        for (text, fragment) in refused {
            expectMalformed([fragment]) { _ = try JSONParser.parse(Array(text.utf8), mode: .canonical) }
        }
    }

    @Test("both modes refuse duplicates, bad UTF-8, lone surrogates, deep nesting and trailing data")
    func relaxedParser() throws {
        #expect(try JSONParser.parse(Array(" {\n \"a\" : [ 1.5e3 , \"\\u00E9\\/\" ] }\n".utf8), mode: .relaxed)
                == .object([("a", .array([.number("1.5e3"), .string("é/")]))]))
        let refused: [([UInt8], String)] = [
            (Array(#"{"a":1,"b":2,"a":3}"#.utf8), "duplicate key 'a'"),
            (Array(#"{"x":{"a":1, "a":2}}"#.utf8), "duplicate key 'a' at x"),
            ([0x22, 0xC3, 0x28, 0x22], "invalid UTF-8"),
            ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8"),
            (Array(#"["\ud800"]"#.utf8), "lone surrogate"),
            (Array(#"["\udc00x"]"#.utf8), "lone surrogate"),
            ([0xEF, 0xBB, 0xBF] + Array("{}".utf8), "byte order mark"),
            (Array("{} {}".utf8), "trailing data"),
            (Array(String(repeating: "[", count: 100).utf8) + Array(String(repeating: "]", count: 100).utf8), "nesting"),
            (Array("[01]".utf8), "leading zero"),
            (Array("[\"a\tb\"]".utf8), "control character"),
        ]
        for (bytes, fragment) in refused {
            expectMalformed([fragment]) { _ = try JSONParser.parse(bytes, mode: .relaxed) }
        }
    }
}

/// `CanonicalJSON.encode` (the JCS encoder) on values Urna's bodies do not exercise.
@Suite struct JCSEncoderTests {
    struct Sample: Encodable {
        let text: String
        let count: Int
        let absent: Int?
        let map: [String: UInt64]
    }

    @Test("members sorted by UTF-16 code units, JCS escapes, absent optionals omitted")
    func encodesJCS() throws {
        let sample = Sample(text: "a\u{1}\"\\/é\n", count: -7, absent: nil,
                            map: ["\u{fb33}": 1, "😀": 2, "b": 3, "a": 4, "10": 5, "9": 6])
        let expected = #"{"count":-7,"map":{"10":5,"9":6,"a":4,"b":3,"😀":2,"#
            + "\"\u{fb33}\":1},\"text\":\"a\\u0001\\\"\\\\/é\\n\"}"
        #expect(String(decoding: try CanonicalJSON.encode(sample), as: UTF8.self) == expected)
    }

    @Test("numbers without an exact JCS integer form are refused")
    func refusesNumbers() {
        #expect(throws: RecordError.self) { _ = try CanonicalJSON.encode([UInt64(1) << 53]) }
        #expect(throws: RecordError.self) { _ = try CanonicalJSON.encode([Int64.min]) }
        #expect(throws: RecordError.self) { _ = try CanonicalJSON.encode([0.5]) }
        #expect(throws: RecordError.self) { _ = try CanonicalJSON.encode([Double.nan]) }
        #expect(String(decoding: (try? CanonicalJSON.encode([2.0, -0.0])) ?? [], as: UTF8.self) == "[2,0]")
        #expect(String(decoding: (try? CanonicalJSON.encode([(1 << 53) - 1])) ?? [], as: UTF8.self) == "[9007199254740991]")
    }
}
