import Foundation
import Testing
@testable import UrnaRecord

/// `CanonicalJSON.decodeInput` places every refusal in the text: line and column (the column
/// counts characters), the field, and a reason in words — no Foundation decoding text.
@Suite struct InputPositionTests {
    /// A pretty-printed manifest; line 7 holds contest c1's min and max.
    static let manifest = """
    {
      "election_id": "city-2026",
      "title": "City élection 2026",
      "contests": [
        {
          "id": "c1", "title": "Mayor",
          "min": 0, "max": 1,
          "candidates": [{"id": "a", "name": "Ana"}, {"id": "b", "name": "Bo"}]
        }
      ],
      "districts": [{"id": "north", "name": "North", "contests": ["c1"]}]
    }

    """

    func refusal(replacing from: String, with to: String, in text: String = manifest,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> RecordError {
        #expect(text.contains(from), "fixture lacks \(from)", sourceLocation: sourceLocation)
        let bytes = Array(text.replacingOccurrences(of: from, with: to).utf8)
        return try #require(throws: RecordError.self, sourceLocation: sourceLocation) {
            _ = try CanonicalJSON.decodeInput(Manifest.self, from: bytes)
        }
    }

    @Test("the fixture itself is accepted")
    func fixtureIsValid() throws {
        let manifest = try CanonicalJSON.decodeInput(Manifest.self, from: Array(Self.manifest.utf8))
        #expect(manifest.contests[0].max == 1)
    }

    @Test("1.5, 1e3, 1.0 and -0 where an integer is expected are non-integers at their line and column")
    func nonIntegers() throws {
        for number in ["1.5", "1e3", "1E+0", "1.0", "-0", "-0.0"] {
            let error = try refusal(replacing: "\"max\": 1", with: "\"max\": \(number)")
            #expect(error.code == .malformed)
            #expect(error.reason.contains("non-integer number '\(number)'"), "\(error)")
            #expect(error.reason.contains("at contests[0].max"), "\(error)")
            #expect(error.field == "contests[0].max")
            #expect(error.position == RecordError.Position(line: 7, column: 24), "\(number): \(String(describing: error.position))")
            #expect(!error.reason.contains("invalid JSON") && !error.reason.contains("not valid JSON"))
        }
        let big = try refusal(replacing: "\"max\": 1", with: "\"max\": 9007199254740992")
        #expect(big.reason.contains("out of range") && big.position == RecordError.Position(line: 7, column: 24), "\(big)")
    }

    @Test("the strict body parser still refuses non-integers, and the relaxed one still reads them")
    func otherModesUnchanged() throws {
        #expect(throws: RecordError.self) { _ = try JSONParser.parse(Array("[1.5]".utf8), mode: .canonical) }
        #expect(try JSONParser.parse(Array("[1.5, 1e3, -0]".utf8), mode: .relaxed) == .array([.number("1.5"), .number("1e3"), .number("-0")]))
        #expect(try JSONParser.parse(Array("[1, -2, 0]".utf8), mode: .input) == .array([.number("1"), .number("-2"), .number("0")]))
    }

    @Test("a duplicate key is refused at the second occurrence's name")
    func duplicateKey() throws {
        let error = try refusal(replacing: "\"min\": 0,", with: "\"min\": 0, \"min\": 1,")
        #expect(error.reason.contains("duplicate key 'min' at contests[0]"), "\(error)")
        #expect(error.position == RecordError.Position(line: 7, column: 17), "\(String(describing: error.position))")
        let top = try refusal(replacing: "\"title\": \"City", with: "\"election_id\": \"x\", \"title\": \"City")
        #expect(top.reason.contains("duplicate key 'election_id'") && top.position?.line == 3, "\(top)")
    }

    @Test("syntax errors carry line and column; columns count characters, not bytes")
    func syntaxPositions() throws {
        // "é" is two bytes: the column after it is one less than the byte count would give.
        let error = try refusal(replacing: "\"City élection 2026\",", with: "\"City élection 2026\" \"oops\",")
        #expect(error.position == RecordError.Position(line: 3, column: 33), "\(String(describing: error.position))")
        #expect(error.reason.contains("expected ',' or '}'"), "\(error)")
        let truncated = try #require(throws: RecordError.self) {
            _ = try CanonicalJSON.decodeInput(Manifest.self, from: Array("{\n  \"title\": ".utf8))
        }
        #expect(truncated.position == RecordError.Position(line: 2, column: 12), "\(String(describing: truncated.position))")
        let control = try refusal(replacing: "\"Ana\"", with: "\"An\ta\"")
        #expect(control.reason.contains("unescaped control character 0x9") && control.position?.line == 8, "\(control)")
    }

    @Test("a wrong type, a null, a missing field and an unknown field are named in words, with their place")
    func decodingFailuresInWords() throws {
        let wrongType = try refusal(replacing: "\"max\": 1", with: "\"max\": \"1\"")
        #expect(wrongType.reason == "Manifest: contests[0].max: expected an integer, found a string", "\(wrongType)")
        #expect(wrongType.position == RecordError.Position(line: 7, column: 24))
        let null = try refusal(replacing: "\"title\": \"Mayor\"", with: "\"title\": null")
        #expect(null.reason == "Manifest: contests[0].title: expected a string, found null", "\(null)")
        #expect(null.position == RecordError.Position(line: 6, column: 28), "\(String(describing: null.position))")
        let missing = try refusal(replacing: "\"min\": 0, ", with: "")
        #expect(missing.reason == "Manifest: contests[0]: missing field 'min'; add it", "\(missing)")
        #expect(missing.position == RecordError.Position(line: 5, column: 5), "\(String(describing: missing.position))")
        let unknown = try refusal(replacing: "\"min\": 0,", with: "\"min\": 0, \"colour\": 2,")
        #expect(unknown.reason.contains("unknown field 'colour' at contests[0]"), "\(unknown)")
        #expect(unknown.position == RecordError.Position(line: 7, column: 17), "\(String(describing: unknown.position))")
        let root = try #require(throws: RecordError.self) { _ = try CanonicalJSON.decodeInput(Manifest.self, from: Array("[1]".utf8)) }
        #expect(root.reason == "Manifest: (root): expected an object, found an array", "\(root)")
        for error in [wrongType, null, missing, unknown, root] {
            for foundation in ["Expected to decode", "debugDescription", "NSCocoaErrorDomain", "DecodingError", "CodingKeys"] {
                #expect(!error.reason.contains(foundation), "\(error)")
            }
        }
    }

    @Test("a manifest rule names its field, and the field is placed in the text")
    func validationPositions() throws {
        let error = try refusal(replacing: "\"name\": \"Bo\"", with: "\"name\": \"B\\u001bo\"")
        #expect(error.code == .invalidManifest)
        #expect(error.field == "contests[0].candidates[1].name")
        #expect(error.position == RecordError.Position(line: 8, column: 70), "\(String(describing: error.position))")
        let district = try refusal(replacing: "\"contests\": [\"c1\"]", with: "\"contests\": [\"c1\", \"c9\"]")
        #expect(district.field == "districts[0].contests[1]" && district.position?.line == 11, "\(district)")
    }

    @Test("JSONPath reads what it writes, and refuses what it cannot")
    func pathRoundTrip() throws {
        for text in ["title", "contests[0].candidates[12].name", "districts[3]", "a.b.c"] {
            #expect(JSONPath(parsing: text)?.description == text)
        }
        #expect(JSONPath(parsing: "(root)")?.steps.isEmpty == true)
        for bad in ["[x]", "a[", ".a", "a..b", "a[-1]"] {
            #expect(JSONPath(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("line and column count lines from 1 and characters from 1")
    func positionArithmetic() {
        let bytes = Array("ab\nçd\n\nx".utf8)
        #expect(RecordError.Position(ofByte: 0, in: bytes) == .init(line: 1, column: 1))
        #expect(RecordError.Position(ofByte: 3, in: bytes) == .init(line: 2, column: 1))
        #expect(RecordError.Position(ofByte: 5, in: bytes) == .init(line: 2, column: 2))
        #expect(RecordError.Position(ofByte: 8, in: bytes) == .init(line: 4, column: 1))
        #expect(RecordError.Position(ofByte: 999, in: bytes) == .init(line: 4, column: 2))
    }
}
