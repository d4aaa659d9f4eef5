import Foundation
import Testing
import UrnaLedger
@testable import UrnaVerifier

/// Review finding 9: the verifier's memory is bounded in bytes, not only in entries
/// (`Specs/verification.md` §2). A record of many 8 MiB bodies is verified by the `scrutineer`
/// executable under `/usr/bin/time`, which reports the child's peak resident set.
@Suite("Memory bound")
struct MemoryBoundTests {
    /// Entries of the largest body the spec allows.
    static let entryCount = 16
    /// Peak RSS allowed: the bound of §2 (2 chunks < 16 MiB each, one entry read ahead, one line
    /// of ≤ 11.2 MiB being decoded) plus the process itself. Without the byte bound the reader
    /// held every entry of this record (128 MiB of bodies).
    static let maxResidentMiB = 160

    /// A JSON Lines file of `entryCount` chained entries with 8 MiB bodies (no election: the
    /// record is invalid, which is fine; the point is that it is read in bounded memory).
    static func largeRecord(_ fixture: ElectionFixture) throws -> String {
        let path = fixture.scratch("large") + ".jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var prev = Entry.genesisPrev
        for seq in 0..<entryCount {
            let body = [UInt8](repeating: UInt8(ascii: "a") &+ UInt8(seq % 26), count: Entry.maxBodySize)
            let entry = try Entry(seq: UInt64(seq), kind: "note", time: 1_700_000_000_000, body: body, prev: prev)
            prev = entry.hash
            try handle.write(contentsOf: EntryLine.encode(entry))
        }
        return path
    }

    @Test("a record of many 8 MiB entries verifies with peak memory under the stated bound")
    func peakMemory() throws {
        let fixture = try ElectionFixture.shared.get()
        let path = try Self.largeRecord(fixture)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "peak-rss-kib %M", try CommandTests.executable().path, "verify", path, "--quiet", "--json"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(errors)")
        let report = try JSONDecoder().decode(VerificationReport.self, from: output)
        #expect(report.entries == UInt64(Self.entryCount))
        #expect(report.result(of: .entryHash)?.passed == Self.entryCount)
        let line = try #require(errors.split(separator: "\n").last { $0.hasPrefix("peak-rss-kib ") })
        let kib = try #require(Int(line.dropFirst("peak-rss-kib ".count)))
        print("peak RSS verifying \(Self.entryCount) × 8 MiB entries: \(kib / 1024) MiB")
        #expect(kib / 1024 < Self.maxResidentMiB, "peak RSS \(kib / 1024) MiB")
    }
}
