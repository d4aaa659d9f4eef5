import Foundation
import Testing
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaVerifier
@testable import UrnaObserver

@Suite("RecordMirror: a crash-safe JSON Lines mirror of a service's record", .serialized)
struct RecordMirrorTests {
    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("urna-mirror-test-\(UUID().uuidString)")
    }

    static func expectedLines(_ entries: ArraySlice<Entry>) -> [UInt8] {
        entries.reduce(into: [UInt8]()) { $0 += EntryLine.encode($1) }
    }

    static func entriesFile(_ mirror: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: mirror.appendingPathComponent(LedgerExport.entriesFileName)))
    }

    @Test("sync fetches every page, then only what was appended; the mirror verifies like the export")
    func syncAndAppend() throws {
        let demo = try DemoRecord.shared.get()
        let half = demo.entries.count / 2
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: half, signer: demo.signer))
        defer { service.stop() }
        service.pageSize = 7
        let mirror = Self.scratch()
        defer { try? FileManager.default.removeItem(at: mirror) }
        let remote = try RemoteRecord(url: service.url)
        let first = try RecordMirror.sync(remote, into: mirror)
        #expect(first.appended == UInt64(half) && first.entries == UInt64(half) && first.checkpoint.size == UInt64(half))
        #expect(try Self.entriesFile(mirror) == Self.expectedLines(demo.entries[..<half]))
        try service.serve(ServedLedger(demo.entries, signer: demo.signer))
        let second = try RecordMirror.sync(remote, into: mirror)
        #expect(second.appended == UInt64(demo.entries.count - half) && second.entries == UInt64(demo.entries.count))
        let exported = try Data(contentsOf: demo.directory.appendingPathComponent(LedgerExport.entriesFileName))
        #expect(try Self.entriesFile(mirror) == Array(exported))
        let pages = service.requests.filter { $0.contains("/entries?") }
        // The service answers 7 entries where more were asked: the mirror goes on from where it stopped.
        let n = demo.entries.count
        let expected = [(0, half), (7, half), (half, n), (half + 7, n)].map { "/v1/elections/\(demo.electionID)/entries?start=\($0.0)&end=\($0.1)" }
        #expect(Array(pages.prefix(4)) == expected, "\(pages)")
        let third = try RecordMirror.sync(remote, into: mirror)
        #expect(third.appended == 0)
        let report = try Scrutineer.verify(path: mirror.path)
        #expect(report.isValid, "\(report.failures)")
    }

    @Test("pages larger than the client accepts are asked for in smaller parts, down to one entry")
    func largePages() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, signer: demo.signer))
        defer { service.stop() }
        let mirror = Self.scratch()
        defer { try? FileManager.default.removeItem(at: mirror) }
        var configuration = HTTPClient.Configuration()
        configuration.maxResponseBytes = demo.entries.map { EntryLine.encode($0).count }.max() ?? 0
        let outcome = try RecordMirror.sync(try RemoteRecord(url: service.url, configuration: configuration), into: mirror)
        #expect(outcome.entries == UInt64(demo.entries.count))
        #expect(try Self.entriesFile(mirror) == Self.expectedLines(demo.entries[...]))
        #expect(service.requests.filter { $0.contains("/entries?") }.count > 3, "\(service.requests)")
        configuration.maxResponseBytes -= 1
        do {
            try RecordMirror.sync(try RemoteRecord(url: service.url, configuration: configuration), into: Self.scratch())
            Issue.record("an entry larger than the limit cannot be fetched")
        } catch let error as ObserverError {
            #expect(error.code == ObserverError.tooLarge && !error.isAlarm, "\(error)")
        }
    }

    @Test("a torn or damaged last line left by a kill is cut back and fetched again, never kept")
    func tornTail() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 10, signer: demo.signer))
        defer { service.stop() }
        let mirror = Self.scratch()
        defer { try? FileManager.default.removeItem(at: mirror) }
        let remote = try RemoteRecord(url: service.url)
        try RecordMirror.sync(remote, into: mirror)
        try service.serve(ServedLedger(demo.entries, size: 20, signer: demo.signer))
        let file = mirror.appendingPathComponent(LedgerExport.entriesFileName)
        // A kill in the middle of line 10, then a complete line that is not an entry line.
        for tail in [Array(EntryLine.encode(demo.entries[10]).dropLast(9)), Array("{\"seq\":10,\"kind\":\"garbage\"}\n".utf8),
                     Array(EntryLine.encode(demo.entries[10])) + Array("{\"seq\":11".utf8)] {
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            try handle.write(contentsOf: tail)
            try handle.close()
            let outcome = try RecordMirror.sync(remote, into: mirror)
            #expect(outcome.entries == 20)
            #expect(try Self.entriesFile(mirror) == Self.expectedLines(demo.entries[..<20]))
            try FileHandle(forWritingTo: file).truncate(atOffset: UInt64(Self.expectedLines(demo.entries[..<10]).count))
        }
    }

    @Test("pages are never trusted: a skipped entry is refused; a service whose checkpoint shrank below the mirror is a truncation")
    func dishonestPages() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 20, signer: demo.signer))
        defer { service.stop() }
        service.pageSize = 5
        service.skip([12])
        let mirror = Self.scratch()
        defer { try? FileManager.default.removeItem(at: mirror) }
        let remote = try RemoteRecord(url: service.url)
        do {
            try RecordMirror.sync(remote, into: mirror)
            Issue.record("a page with a gap must be refused")
        } catch let error as ObserverError {
            #expect(error.code == ObserverError.badAnswer && error.reason.contains("seq 13 where 12 was due"), "\(error)")
        }
        // The entries before the gap are kept (they were whole); no checkpoint was written.
        #expect(!FileManager.default.fileExists(atPath: mirror.appendingPathComponent(LedgerExport.checkpointFileName).path))
        service.skip([])
        #expect(try RecordMirror.sync(remote, into: mirror).entries == 20)
        try service.serve(ServedLedger(demo.entries, size: 15, signer: demo.signer))
        do {
            try RecordMirror.sync(remote, into: mirror)
            Issue.record("a smaller checkpoint than the mirror holds must be refused")
        } catch let error as ObserverError {
            #expect(error.code == ObserverError.truncated && error.isAlarm, "\(error)")
        }
    }

    @Test("a page that does not continue the chain held (prev, or the signed chain head) is never kept; the unverified entries are cut, then fetched again")
    func brokenChain() throws {
        let demo = try DemoRecord.shared.get()
        let shared = try #require(demo.entries.firstIndex { $0.kind == "ballot" })  // the prefix honest and forged share
        let all = UInt64(demo.entries.count)
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: shared, signer: demo.signer))
        defer { service.stop() }
        service.pageSize = 4
        let mirror = Self.scratch()
        defer { try? FileManager.default.removeItem(at: mirror) }
        let remote = try RemoteRecord(url: service.url)
        #expect(try RecordMirror.sync(remote, into: mirror).entries == UInt64(shared))
        try service.serve(ServedLedger(demo.entries, signer: demo.signer))
        // Entry shared+5 with another prev (its own hash recomputed): the first pages are appended, its page is refused.
        var relinked = demo.entries
        let old = relinked[shared + 5]
        relinked[shared + 5] = try Entry(seq: old.seq, kind: old.kind, time: old.time, body: old.body, prev: SHA256.hash(Array("elsewhere".utf8)))
        service.tamper(relinked)
        do {
            try RecordMirror.sync(remote, into: mirror, verified: UInt64(shared))
            Issue.record("a page that does not continue the chain must be refused")
        } catch let error as ObserverError {
            #expect(error.code == ObserverError.badAnswer && !error.isAlarm && error.reason.contains("prev"), "\(error)")
        }
        #expect(try Self.entriesFile(mirror) == Self.expectedLines(demo.entries[..<shared]), "cut back to the verified entries")
        // Entries that chain, but to another head than the signed one (a forgery on the way): refused, cut back too.
        service.tamper(try demo.forged())
        do {
            try RecordMirror.sync(remote, into: mirror, verified: UInt64(shared))
            Issue.record("entries that end at another chain head than the signed one must be refused")
        } catch let error as ObserverError {
            #expect(error.code == ObserverError.badAnswer && !error.isAlarm && error.reason.contains("chain head"), "\(error)")
        }
        #expect(try Self.entriesFile(mirror) == Self.expectedLines(demo.entries[..<shared]))
        service.tamper(nil)
        #expect(try RecordMirror.sync(remote, into: mirror, verified: UInt64(shared)).entries == all)
        #expect(try Self.entriesFile(mirror) == Self.expectedLines(demo.entries[...]))
        #expect(try RecordMirror.cut(mirror, toEntries: 3) == all - 3)
        #expect(try Self.entriesFile(mirror) == Self.expectedLines(demo.entries[..<3]))
        #expect(try RecordMirror.cut(mirror, toEntries: 0) == 3)
        #expect(try Self.entriesFile(mirror).isEmpty)
    }

    @Test("RemoteRecord: a service root with one election is accepted; a bad URL or path is refused")
    func urls() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 3, signer: demo.signer))
        defer { service.stop() }
        #expect(try RemoteRecord(url: service.root).url == service.url)
        #expect(try RemoteRecord(url: service.root + "/v1/elections/").url == service.url)
        for bad in [service.root + "/v2/x", "ftp://x", service.root + "/v1/elections/a/b"] {
            #expect(throws: ObserverError.self, "\(bad)") { try RemoteRecord(url: bad) }
        }
        do {
            _ = try RemoteRecord(url: "http://127.0.0.1:1/v1/elections/x").checkpointNote()
            Issue.record("nothing listens on port 1")
        } catch let error as ObserverError {
            #expect(error.code == ObserverError.unreachable && !error.isAlarm, "\(error)")
        }
    }
}
