import Foundation
import Testing
import UrnaCrypto
@testable import UrnaLedger

@Suite struct EntryLineTests {
    @Test func lineIsByteExactAndRoundTrips() throws {
        let entry = try SpecExample.entries()[0]
        let line = String(decoding: EntryLine.encode(entry), as: UTF8.self)
        #expect(line == #"{"seq":0,"kind":"election","time":1700000000000,"prev":""#
            + String(repeating: "0", count: 64) + #"","hash":""# + SpecExample.hash0
            + #"","body":"eyJuYW1lIjoidGVzdCJ9"}"# + "\n")
        let bytes = EntryLine.encode(entry)
        #expect(try EntryLine.decode(bytes.dropLast()) == entry)
        // The line is plain JSON.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["kind"] as? String == "election")
    }

    @Test func malformedLinesAreRefused() throws {
        let entry = try SpecExample.entries()[1]
        let line = String(decoding: EntryLine.encode(entry).dropLast(), as: UTF8.self)
        let bad = [
            line.replacingOccurrences(of: "\"seq\":1", with: "\"seq\":01"),
            line.replacingOccurrences(of: "\"seq\":1", with: "\"seq\": 1"),
            line.replacingOccurrences(of: "\"seq\":1", with: "\"seq\":2"),          // hash no longer matches
            line.replacingOccurrences(of: "\"kind\":\"open\"", with: "\"kind\":\"op\\u0065n\""),
            line.replacingOccurrences(of: "\"time\":1700000001000", with: "\"time\":-1"),
            line.replacingOccurrences(of: "\"body\":\"e30=\"", with: "\"body\":\"e30\""),
            line.replacingOccurrences(of: "\"body\":\"e30=\"", with: "\"body\":\"e31=\""), // non-canonical bits
            line.replacingOccurrences(of: "\"body\":\"e30=\"", with: "\"body\":\"e3t=\""), // other bytes
            String(line.dropLast()),
            line + " ",
            line.replacingOccurrences(of: SpecExample.hash1, with: SpecExample.hash1.uppercased()),
            "{\"kind\":\"open\"," + line.dropFirst(1),
        ]
        for text in bad {
            #expect(throws: LedgerError.self, "\(text)") { try EntryLine.decode(ArraySlice(Array(text.utf8))) }
        }
    }

    @Test func readerStreamsAcrossChunksAndNamesBadLines() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-entryline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var entries: [Entry] = []
        var prev = Entry.genesisPrev
        for seq in 0..<40 as Range<UInt64> {
            // Bodies of up to ~12 KiB so that lines straddle the 64 KiB read chunks.
            let body = Array("{\"pad\":\"\(String(repeating: "x", count: Int(seq) * 300))\"}".utf8)
            let entry = try Entry(seq: seq, kind: "ballot", time: Int64(seq), body: body, prev: prev)
            entries.append(entry)
            prev = entry.hash
        }
        let url = directory.appendingPathComponent("ledger.jsonl")
        try Data(entries.flatMap(EntryLine.encode)).write(to: url)
        let reader = try EntryLineReader(url: url)
        var read: [Entry] = []
        while let entry = try reader.next() { read.append(entry) }
        #expect(read == entries)

        // Missing final newline, and an empty line.
        var noNewline = entries.prefix(3).flatMap(EntryLine.encode)
        noNewline.removeLast()
        try Data(noNewline).write(to: url)
        let r2 = try EntryLineReader(url: url)
        _ = try r2.next()
        _ = try r2.next()
        let e2 = try #require(throws: LedgerError.self) { _ = try r2.next() }
        #expect(e2.detail == .line(3))
        try Data(EntryLine.encode(entries[0]) + [0x0A] + EntryLine.encode(entries[1])).write(to: url)
        let r3 = try EntryLineReader(url: url)
        _ = try r3.next()
        let e3 = try #require(throws: LedgerError.self) { _ = try r3.next() }
        #expect(e3.detail == .line(2))
    }
}
