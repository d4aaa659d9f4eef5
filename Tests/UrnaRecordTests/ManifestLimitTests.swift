import Foundation
import Testing
import UrnaRecord

/// The documented limits of `Specs/election-record.md` §2: ids 1–64 characters of
/// `a–z A–Z 0–9 . _ -`; every title and name 1–256 bytes of UTF-8 without control or bidi-control
/// characters. Each limit is accepted at its bound and refused one past it, naming the field.
@Suite struct ManifestLimitTests {
    static let template = """
    {"election_id":"ELECTION","title":"TITLE","contests":[{"id":"CONTEST","title":"CTITLE","min":0,"max":1,
     "candidates":[{"id":"CANDIDATE","name":"CNAME"},{"id":"b","name":"B"}]}],
     "districts":[{"id":"DISTRICT","name":"DNAME","contests":["CONTEST"]}]}
    """

    static let defaults = ["ELECTION": "e1", "TITLE": "T", "CONTEST": "c1", "CTITLE": "C", "CANDIDATE": "a",
                           "CNAME": "A", "DISTRICT": "d1", "DNAME": "D"]

    /// The manifest with `slot` set to `value` (JSON-escaped) and every other slot at its default.
    func manifest(_ slot: String, _ value: String) throws -> Manifest {
        var text = Self.template
        var values = Self.defaults
        values[slot] = value
        // Longest slot names first, so that "CONTEST" does not replace part of "CTITLE"'s neighbours.
        for (name, replacement) in values.sorted(by: { $0.key.count > $1.key.count }) {
            let quoted = String(decoding: try JSONEncoder().encode(replacement), as: UTF8.self).dropFirst().dropLast()
            text = text.replacingOccurrences(of: "\"\(name)\"", with: "\"\(quoted)\"")
        }
        return try CanonicalJSON.decodeInput(Manifest.self, from: Array(text.utf8))
    }

    func expectRefused(_ slot: String, _ value: String, field: String, mentioning fragment: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try manifest(slot, value)
            Issue.record("accepted \(slot) = \(value.prefix(20))…", sourceLocation: sourceLocation)
        } catch let error as RecordError {
            #expect(error.code == .invalidManifest, "\(error)", sourceLocation: sourceLocation)
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            #expect(error.reason.hasPrefix("\(field): ") && error.reason.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            #expect(error.position != nil, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    static let texts = [("TITLE", "title"), ("CTITLE", "contests[0].title"), ("CNAME", "contests[0].candidates[0].name"),
                        ("DNAME", "districts[0].name")]
    static let ids = [("ELECTION", "election_id"), ("CONTEST", "contests[0].id"), ("CANDIDATE", "contests[0].candidates[0].id"),
                      ("DISTRICT", "districts[0].id")]

    @Test("the defaults are valid")
    func defaultsAreValid() throws {
        #expect(try manifest("TITLE", "T").title == "T")
    }

    @Test("titles and names: 256 bytes are accepted, 257 refused, empty refused")
    func textLength() throws {
        #expect(Manifest.maxTextBytes == 256)
        for (slot, field) in Self.texts {
            // 128 two-byte characters: 256 bytes, 128 characters.
            _ = try manifest(slot, String(repeating: "é", count: 128))
            expectRefused(slot, String(repeating: "é", count: 128) + "x", field: field, mentioning: "is 257 bytes long; at most 256")
            expectRefused(slot, "", field: field, mentioning: "is empty")
        }
    }

    @Test("titles and names: control, bidi-control and separator characters are refused; other scripts are kept")
    func textCharacters() throws {
        for (slot, field) in Self.texts {
            for scalar in ["\u{0}", "\u{1B}", "\n", "\u{7F}", "\u{85}", "\u{2028}", "\u{202E}", "\u{2066}", "\u{2069}"] {
                let code = String(Unicode.Scalar(scalar)!.value, radix: 16, uppercase: true)
                expectRefused(slot, "A\(scalar)B", field: field, mentioning: "control character U+\(String(repeating: "0", count: 4 - code.count))\(code)")
            }
            #expect(try manifest(slot, "Ζωή Łódź 北京 مرحبا").contests.count == 1)
        }
    }

    @Test("ids: 64 characters are accepted, 65 refused, and only a–z A–Z 0–9 . _ -")
    func identifiers() throws {
        #expect(Manifest.maxIdentifierLength == 64)
        for (slot, field) in Self.ids {
            _ = try manifest(slot, "A-z_0." + String(repeating: "x", count: 58))
            expectRefused(slot, String(repeating: "x", count: 65), field: field, mentioning: "1–64 characters")
            for bad in ["", "a b", "é", "a/b", "a\u{202E}"] {
                expectRefused(slot, bad, field: field, mentioning: "is not an id")
            }
        }
    }
}
