import Testing
import UrnaRecord

/// Review finding 10: titles and names may not hold control, bidi-control or separator
/// characters, which could forge or hide lines of every tool's output.
@Suite struct ManifestControlCharacterTests {
    static func manifest(title: String = "City election 2026", contestTitle: String = "Mayor",
                         candidate: String = "Alice", district: String = "North") throws -> Manifest {
        try Manifest(
            electionID: "city-2026", title: title,
            contests: [.init(id: "mayor", title: contestTitle, min: 0, max: 1, candidates: [
                .init(id: "alice", name: candidate), .init(id: "bob", name: "Bob"),
            ])],
            districts: [.init(id: "north", name: district, contests: ["mayor"])])
    }

    static func refusal(_ body: () throws -> Manifest) -> RecordError? {
        do {
            _ = try body()
            return nil
        } catch let error as RecordError {
            return error
        } catch {
            return nil
        }
    }

    @Test func spoofingTitleIsRefused() throws {
        let error = try #require(Self.refusal { try Self.manifest(title: "City\n\u{1B}[8m") })
        #expect(error.code == .invalidManifest)
        #expect(error.reason == "title: contains the control character U+000A", "\(error)")
        let escape = try #require(Self.refusal { try Self.manifest(title: "City \u{1B}[8m") })
        #expect(escape.reason == "title: contains the control character U+001B", "\(escape)")
    }

    @Test func candidateNameWithNewlineIsRefused() throws {
        let error = try #require(Self.refusal { try Self.manifest(candidate: "Alice\nVERDICT: VALID") })
        #expect(error.code == .invalidManifest)
        #expect(error.reason == "contests[0].candidates[0].name: contains the control character U+000A", "\(error)")
    }

    @Test(arguments: [
        "\u{0}", "\t", "\r", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9B}", "\u{9F}",
        "\u{2028}", "\u{2029}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
        "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
    ])
    func everyControlIsRefusedInEveryTextField(_ control: String) throws {
        let scalar = try #require(control.unicodeScalars.first)
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let cases: [(String, () throws -> Manifest)] = [
            ("title", { try Self.manifest(title: "A\(control)B") }),
            ("contests[0].title", { try Self.manifest(contestTitle: "A\(control)B") }),
            ("contests[0].candidates[0].name", { try Self.manifest(candidate: "A\(control)B") }),
            ("districts[0].name", { try Self.manifest(district: "A\(control)B") }),
        ]
        for (field, build) in cases {
            let error = Self.refusal(build)
            #expect(error?.reason == "\(field): contains the control character \(code)", "\(field) with \(code): \(String(describing: error))")
        }
    }

    @Test func ordinaryUnicodeIsAccepted() throws {
        let manifest = try Self.manifest(title: "Élection municipale — Zoë’s city 2026", contestTitle: "رئيس البلدية",
                                         candidate: "Ελένη Παπαδοπούλου", district: "北区 ✓")
        #expect(manifest.title.hasPrefix("Élection"))
    }

    @Test func decodedManifestWithEscapedControlIsRefused() throws {
        // The JSON escape \u001b decodes to ESC: refused after decoding, like a direct one.
        let valid = try CanonicalJSON.encode(Self.manifest())
        let text = String(decoding: valid, as: UTF8.self)
            .replacingOccurrences(of: "\"North\"", with: "\"North\\u001b[8m\"")
        #expect(text.contains("\\u001b"))
        let error = try #require(throws: RecordError.self) { try CanonicalJSON.decode(Manifest.self, from: Array(text.utf8)) }
        #expect(error.reason.contains("districts[0].name: contains the control character U+001B"), "\(error)")
    }
}
