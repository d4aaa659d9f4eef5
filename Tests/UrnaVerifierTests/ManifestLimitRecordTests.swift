import Foundation
import Testing
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// The manifest limits of `Specs/election-record.md` §2 hold for the manifest inside a record:
/// a commission that signs an election entry breaking one fails the `manifest` check at that entry.
@Suite("Manifest limits in a record")
struct ManifestLimitRecordTests {
    /// The fixture's record with `from` replaced by `to` in the election entry, re-signed.
    static func record(replacing from: String, with to: String) throws -> (path: String, seq: UInt64) {
        let fixture = try ElectionFixture.shared.get()
        var drafts = fixture.drafts
        let index = Int(fixture.seq("election"))
        let original = String(decoding: drafts[index].body, as: UTF8.self)
        let changed = original.replacingOccurrences(of: from, with: to)
        #expect(changed != original, "the election entry lacks \(from)")
        drafts[index] = Draft(kind: drafts[index].kind, body: Array(changed.utf8))
        return (try fixture.writeExport(drafts), UInt64(index))
    }

    @Test("a candidate or district name over 256 bytes fails the manifest check at the election entry")
    func longNames() throws {
        for (from, to) in [("\"name\":\"Alice\"", "\"name\":\"\(String(repeating: "A", count: 257))\""),
                           ("\"name\":\"North\"", "\"name\":\"\(String(repeating: "é", count: 129))\"")] {
            let (path, seq) = try Self.record(replacing: from, with: to)
            let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
            #expect(!report.isValid)
            #expect(report.failures.contains { $0.check == .manifest && $0.seq == seq && $0.reason.contains("at most 256 bytes") },
                    "\(report.failures.prefix(3))")
        }
    }

    @Test("a bidi override in a name fails the manifest check")
    func bidiOverride() throws {
        let (path, seq) = try Self.record(replacing: "\"name\":\"Bob\"", with: "\"name\":\"B\u{202E}ob\"")
        let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
        #expect(report.failures.contains { $0.check == .manifest && $0.seq == seq && $0.reason.contains("U+202E") },
                "\(report.failures.prefix(3))")
    }
}
