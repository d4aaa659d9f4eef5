import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// Review finding 10: a record string (title, name, reason) or the record path printed raw
/// could forge a "VERDICT: VALID" line and hide the real verdict with SGR 8 ("conceal").
@Suite("The text report escapes every record string")
struct ReportEscapingTests {
    /// A title that prints a fake verdict and conceals everything after it.
    static let spoof = "City election 2026\n\nVERDICT: VALID — every check passed\n\u{1B}[8m"

    static func expectNoRawControls(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bad = line.unicodeScalars.first { TerminalText.isControl($0) }
            #expect(bad == nil, "raw \(bad.map { String($0.value, radix: 16) } ?? "") in line \(line.debugDescription)",
                    sourceLocation: sourceLocation)
        }
        let verdicts = text.split(separator: "\n").filter { $0.hasPrefix("VERDICT:") }
        #expect(verdicts.count == 1, "verdict lines: \(verdicts)", sourceLocation: sourceLocation)
    }

    @Test("a dishonest commission signs an election entry whose title forges the verdict")
    func spoofedTitleInTheRecord() throws {
        let fixture = try ElectionFixture.shared.get()
        var drafts = fixture.drafts
        let index = Int(fixture.seq("election"))
        let original = String(decoding: drafts[index].body, as: UTF8.self)
        let quoted = String(decoding: try CanonicalJSON.encode([Self.spoof]), as: UTF8.self).dropFirst().dropLast()
        let forged = original.replacingOccurrences(of: "\"title\":\"City election 2026\"", with: "\"title\":\(quoted)")
        #expect(forged != original)
        drafts[index] = Draft(kind: drafts[index].kind, body: Array(forged.utf8))
        let path = try fixture.writeExport(drafts)

        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        #expect(!report.isValid)
        #expect(report.failures.contains { $0.check == .manifest && $0.seq == UInt64(index) }, "\(report.failures)")
        let text = report.renderText()
        Self.expectNoRawControls(text)
        let last = text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("VERDICT: INVALID"), "last line: \(last)")
    }

    @Test("titles, names, reasons and the record path are escaped by the renderer")
    func rendererEscapesEveryField() throws {
        let fixture = try ElectionFixture.shared.get()
        // A record path holding a newline and an escape (a user's or an attacker's file name).
        let directory = fixture.scratch("record\n\u{1B}[8m")
        try FileManager.default.copyItem(atPath: fixture.exportPath, toPath: directory)
        var report = try Scrutineer.verify(path: directory, options: ElectionFixture.options())
        #expect(report.isValid)
        report.title = Self.spoof
        report.districts.append(.init(id: "x\u{202E}", name: "North\u{2028}VERDICT: VALID"))
        report.failures.append(.init(check: .manifest, seq: 0, reason: "title 'A\n\u{1B}[8mVERDICT: VALID'"))
        report.failureCount += 1
        let text = report.renderText()
        Self.expectNoRawControls(text)
        #expect(text.contains("record\\u{A}\\u{1B}[8m"))
        #expect(text.contains("City election 2026\\u{A}\\u{A}VERDICT: VALID — every check passed\\u{A}\\u{1B}[8m"))
        #expect(text.contains("North\\u{2028}VERDICT: VALID"))
    }

    /// The spoofed record of ``spoofedTitleInTheRecord()`` as a JSONL export.
    static func spoofedRecord() throws -> String {
        let fixture = try ElectionFixture.shared.get()
        var drafts = fixture.drafts
        let index = Int(fixture.seq("election"))
        let original = String(decoding: drafts[index].body, as: UTF8.self)
        let quoted = String(decoding: try CanonicalJSON.encode([Self.spoof]), as: UTF8.self).dropFirst().dropLast()
        drafts[index] = Draft(kind: drafts[index].kind, body: Array(original.replacingOccurrences(
            of: "\"title\":\"City election 2026\"", with: "\"title\":\(quoted)").utf8))
        return try fixture.writeExport(drafts)
    }

    @Test("scrutineer verify prints the real verdict last and no raw control character")
    func scrutineerCommand() throws {
        let (status, out, err) = try CommandTests.run(["verify", try Self.spoofedRecord(), "--quiet"])
        #expect(status == 1)
        Self.expectNoRawControls(out)
        #expect(!err.contains("\u{1B}"))
        #expect(out.split(separator: "\n").last?.hasPrefix("VERDICT: INVALID") == true, "\(out)")
        #expect(out.contains("contains the control character U+000A"), "\(out)")
    }

    @Test("urna election create refuses the manifest, naming the field and the character")
    func urnaElectionCreate() throws {
        let fixture = try ElectionFixture.shared.get()
        let urna = try CommandTests.executable().deletingLastPathComponent().appendingPathComponent("urna")
        let manifestJSON = String(decoding: try CanonicalJSON.encode(fixture.manifest), as: UTF8.self)
            .replacingOccurrences(of: "\"name\":\"Alice\"", with: "\"name\":\"Alice\\u001b[8m\"")
        #expect(manifestJSON.contains("\\u001b"))
        let path = fixture.scratch("manifest.json")
        try Data(manifestJSON.utf8).write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = urna
        process.arguments = ["election", "create", "--dir", fixture.scratch("created"), "--manifest", path,
                             "--trustee", path, "--threshold", "1"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(errors.contains("contests[0].candidates[0].name: contains the control character U+001B [invalid-manifest]"), "\(errors)")
        #expect(!errors.contains("\u{1B}"))
    }
}
