import CSQLite
import Foundation
import Testing
import UrnaLedger
@testable import UrnaVerifier

/// Review finding 9: the verifier's memory is bounded in bytes, not only in entries
/// (`Specs/verification.md` §2). A record of many 8 MiB bodies is verified by the `scrutineer`
/// executable under `/usr/bin/time`, which reports the child's peak resident set.
@Suite("Memory bound")
struct MemoryBoundTests {
    /// Peak RSS allowed for `election.db`: the bound of §2 (two chunks of less than 16 MiB of
    /// bodies each, one entry read ahead, SQLite's copy of one row) plus the process itself.
    /// Without the byte bound the reader held every entry of the record (192 MiB of bodies).
    static let maxResidentMiB = 128
    /// For JSON Lines, one line of up to 11.2 MiB is also split and decoded (a few copies of it).
    static let maxResidentMiBJSONL = 112

    /// An `election.db` of `count` rows with 8 MiB bodies (hashes not even right: the record is
    /// invalid, which is fine; the point is that it is read in bounded memory).
    static func largeDatabase(count: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("urna-large-\(UUID().uuidString).db").path
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw FixtureError(description: "cannot create \(path)") }
        defer { sqlite3_close(db) }
        let sql = HostileSourceTests.schema(entries: HostileSourceTests.entriesTable) + """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < \(count))
            INSERT INTO entries SELECT i, 'note', 0, zeroblob(\(Entry.maxBodySize)), zeroblob(32), zeroblob(32) FROM n;
            """
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw FixtureError(description: String(cString: sqlite3_errmsg(db))) }
        return path
    }

    /// Runs `scrutineer verify path --json` under `/usr/bin/time`: the report and the peak RSS in MiB.
    static func measure(_ path: String) throws -> (VerificationReport, Int) {
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
        let line = try #require(errors.split(separator: "\n").last { $0.hasPrefix("peak-rss-kib ") })
        let kib = try #require(Int(line.dropFirst("peak-rss-kib ".count)))
        return (report, kib / 1024)
    }

    @Test("an election.db of 24 entries of 8 MiB verifies with peak memory under the stated bound")
    func peakMemoryDatabase() throws {
        let count = 24
        let path = try Self.largeDatabase(count: count)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (report, mib) = try Self.measure(path)
        print("peak RSS verifying an election.db of \(count) × 8 MiB entries: \(mib) MiB")
        #expect(report.entries == UInt64(count))
        // A body of exactly 8 MiB is an entry, not a malformed row (the row limit leaves room for it).
        #expect(report.result(of: .entryFormat)?.passed == count)
        #expect(mib < Self.maxResidentMiB, "peak RSS \(mib) MiB")
    }

    /// Entries of the largest body the spec allows, as JSON Lines (parsing them is slow in a debug build).
    static let entryCount = 8

    /// A JSON Lines file of `entryCount` chained entries with 8 MiB bodies (no election: the
    /// record is invalid, which is fine; the point is that it is read in bounded memory).
    static func largeRecord() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("urna-large-\(UUID().uuidString).jsonl").path
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

    @Test("a JSON Lines record of 8 MiB entries verifies with peak memory under the stated bound")
    func peakMemoryJSONL() throws {
        let started = Date()
        let path = try Self.largeRecord()
        let written = Date()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (report, mib) = try Self.measure(path)
        print("written in \(Int(written.timeIntervalSince(started) * 1000)) ms, verified in \(Int(Date().timeIntervalSince(written) * 1000)) ms; peak RSS verifying \(Self.entryCount) × 8 MiB JSON Lines entries: \(mib) MiB")
        #expect(report.entries == UInt64(Self.entryCount))
        #expect(report.result(of: .entryHash)?.passed == Self.entryCount)
        #expect(mib < Self.maxResidentMiBJSONL, "peak RSS \(mib) MiB")
    }
}
