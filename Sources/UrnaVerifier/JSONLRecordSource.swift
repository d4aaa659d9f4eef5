import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// A JSON Lines export (`Specs/ledger.md` §6): a directory holding `ledger.jsonl`,
/// `checkpoint` and `ledger.vkey`, or a single `.jsonl` file. For a file `F`, the checkpoint is
/// `F.checkpoint` or else `checkpoint` in the same directory, and the key `F.vkey` or else
/// `ledger.vkey` in the same directory; both are optional (without a checkpoint the record
/// fails `ledger.checkpoint-signature`).
public struct JSONLRecordSource: RecordSource {
    public let entriesURL: URL
    public let checkpointURL: URL?
    public let verifierKeyURL: URL?

    public init(path: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VerifierError(.unreadable, "\(path) does not exist")
        }
        let url = URL(fileURLWithPath: path)
        func existing(_ candidates: [URL]) -> URL? { candidates.first { files.fileExists(atPath: $0.path) } }
        if isDirectory.boolValue {
            entriesURL = url.appendingPathComponent(LedgerExport.entriesFileName)
            guard files.isReadableFile(atPath: entriesURL.path) else {
                throw VerifierError(.unreadable, "\(path) holds no readable \(LedgerExport.entriesFileName)")
            }
            checkpointURL = existing([url.appendingPathComponent(LedgerExport.checkpointFileName)])
            verifierKeyURL = existing([url.appendingPathComponent(LedgerExport.verifierKeyFileName)])
        } else {
            guard files.isReadableFile(atPath: path) else { throw VerifierError(.unreadable, "cannot read \(path)") }
            entriesURL = url
            let directory = url.deletingLastPathComponent()
            checkpointURL = existing([URL(fileURLWithPath: path + ".checkpoint"),
                                      directory.appendingPathComponent(LedgerExport.checkpointFileName)])
            verifierKeyURL = existing([URL(fileURLWithPath: path + ".vkey"),
                                       directory.appendingPathComponent(LedgerExport.verifierKeyFileName)])
        }
    }

    public var name: String { entriesURL.path }

    public func publishedVerifierKey() throws -> String? {
        guard let verifierKeyURL else { return nil }
        let text = try Self.readSmallFile(verifierKeyURL)
        guard text.hasSuffix("\n"), !text.dropLast().contains("\n"), text.count > 1 else {
            throw VerifierError(.unreadable, "\(verifierKeyURL.path) must hold exactly one line ending in a newline")
        }
        return String(text.dropLast())
    }

    public func checkpointNotes() throws -> [String] {
        guard let checkpointURL else { return [] }
        return [try Self.readSmallFile(checkpointURL)]
    }

    /// Counts the lines (one pass with `memchr`-speed scanning; cheap next to verification).
    public func estimatedEntryCount() throws -> UInt64? {
        guard let handle = try? FileHandle(forReadingFrom: entriesURL) else { return nil }
        defer { try? handle.close() }
        var lines: UInt64 = 0
        while let chunk = try? handle.read(upToCount: 1 << 22), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                for byte in raw where byte == 0x0A { lines += 1 }
            }
        }
        return lines
    }

    public func entries(from seq: UInt64) throws -> any RecordEntryReader {
        let reader = try JSONLEntryReader(url: entriesURL)
        try reader.skip(lines: seq)
        return reader
    }

    public func subtreeReader() throws -> (any MerkleSubtreeReader)? { nil }

    static func readSmallFile(_ url: URL) throws -> String {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: LedgerExport.maxSmallFileSize + 1) ?? Data()
        } catch {
            throw VerifierError(.unreadable, "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard data.count <= LedgerExport.maxSmallFileSize, let text = String(data: data, encoding: .utf8) else {
            throw VerifierError(.unreadable, "\(url.path) is larger than \(LedgerExport.maxSmallFileSize) bytes or not UTF-8")
        }
        return text
    }
}

/// Reads `ledger.jsonl` line by line in bounded memory (one read buffer plus one line of at
/// most ``EntryLine/maxLineLength`` bytes). A line that does not parse is a malformed item.
final class JSONLEntryReader: RecordEntryReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var offset = 0
    private var scanned = 0
    private var finished = false
    private(set) var lineNumber: UInt64 = 0
    private static let chunkSize = 1 << 20

    init(url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw VerifierError(.unreadable, "cannot open \(url.path): \(error.localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    func skip(lines count: UInt64) throws {
        while lineNumber < count {
            guard try nextLine() != nil else { return }
        }
    }

    func next(maxCount: Int) throws -> [RecordItem] {
        var items: [RecordItem] = []
        while items.count < maxCount {
            let position = lineNumber
            guard let line = try nextLine() else { break }
            switch line {
            case .line(let bytes): items.append(ExportLine.parse(bytes, position: position))
            case .overlong: items.append(.malformed(seq: nil, reason: "line \(position + 1) is longer than \(EntryLine.maxLineLength) bytes"))
            case .unterminated: items.append(.malformed(seq: nil, reason: "line \(position + 1) does not end with a newline"))
            }
        }
        return items
    }

    private enum Line {
        case line(ArraySlice<UInt8>)
        case overlong
        case unterminated
    }

    private func nextLine() throws -> Line? {
        while true {
            if let newline = buffer[max(offset, scanned)...].firstIndex(of: 0x0A) {
                let line = buffer[offset..<newline]
                offset = newline + 1
                scanned = offset
                lineNumber += 1
                return .line(line)
            }
            if buffer.count - offset > EntryLine.maxLineLength {
                // Drop the overlong line up to its newline, then report it.
                offset = buffer.count
                scanned = offset
                try skipToNewline()
                lineNumber += 1
                return .overlong
            }
            if finished {
                guard offset < buffer.count else { return nil }
                offset = buffer.count
                scanned = offset
                lineNumber += 1
                return .unterminated
            }
            scanned = buffer.count
            try refill()
        }
    }

    private func skipToNewline() throws {
        while true {
            try refill()
            if let newline = buffer[offset...].firstIndex(of: 0x0A) {
                offset = newline + 1
                scanned = offset
                return
            }
            offset = buffer.count
            scanned = offset
            if finished { return }
        }
    }

    private func refill() throws {
        if offset > 0 {
            buffer.removeFirst(offset)
            scanned -= offset
            offset = 0
        }
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: Self.chunkSize)
        } catch {
            throw VerifierError(.unreadable, "read failed: \(error.localizedDescription)")
        }
        if let chunk, !chunk.isEmpty {
            buffer.append(contentsOf: chunk)
        } else {
            finished = true
        }
    }
}

/// The exact line form of `Specs/ledger.md` §6.1, parsed without checking the hash (the
/// verifier recomputes it and reports a mismatch under `ledger.entry-hash`).
enum ExportLine {
    static func parse(_ line: ArraySlice<UInt8>, position: UInt64) -> RecordItem {
        var cursor = Cursor(bytes: line)
        do {
            try cursor.expect("{\"seq\":")
            let seq = try cursor.decimal("seq")
            try cursor.expect(",\"kind\":\"")
            let kind = String(decoding: try cursor.until(quote: "kind"), as: UTF8.self)
            try cursor.expect(",\"time\":")
            let time = try cursor.decimal("time")
            try cursor.expect(",\"prev\":\"")
            let prev = try cursor.hex("prev")
            try cursor.expect(",\"hash\":\"")
            let hash = try cursor.hex("hash")
            try cursor.expect(",\"body\":\"")
            let bodyText = String(decoding: try cursor.until(quote: "body"), as: UTF8.self)
            try cursor.expect("}")
            guard cursor.atEnd else { throw VerifierError(.unreadable, "trailing bytes after the entry object") }
            guard let body = Base64.decode(bodyText) else {
                return .malformed(seq: seq, reason: "line \(position + 1): body is not canonical base64")
            }
            return .entry(RecordEntry(seq: seq, kind: kind, time: Int64(time), body: body, prev: prev, hash: hash))
        } catch let error as VerifierError {
            return .malformed(seq: nil, reason: "line \(position + 1): \(error.reason)")
        } catch {
            return .malformed(seq: nil, reason: "line \(position + 1): \(error)")
        }
    }

    private struct Cursor {
        let bytes: ArraySlice<UInt8>
        var position: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.position = bytes.startIndex
        }

        var atEnd: Bool { position == bytes.endIndex }

        func fail(_ reason: String) -> VerifierError { VerifierError(.unreadable, reason) }

        mutating func expect(_ literal: String) throws {
            for byte in literal.utf8 {
                guard position < bytes.endIndex, bytes[position] == byte else {
                    throw fail("expected \(literal) at column \(position - bytes.startIndex + 1)")
                }
                position += 1
            }
        }

        mutating func decimal(_ name: String) throws -> UInt64 {
            let start = position
            var value: UInt64 = 0
            while position < bytes.endIndex, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[position] - 0x30))
                guard !o1, !o2, sum <= UInt64(Int64.max) else { throw fail("\(name) exceeds 2^63-1") }
                value = sum
                position += 1
            }
            let length = position - start
            guard length > 0, length == 1 || bytes[start] != 0x30 else { throw fail("\(name) is not a canonical decimal") }
            return value
        }

        mutating func until(quote name: String) throws -> ArraySlice<UInt8> {
            let start = position
            while position < bytes.endIndex, bytes[position] != UInt8(ascii: "\"") {
                guard bytes[position] != UInt8(ascii: "\\") else { throw fail("\(name) contains an escape") }
                position += 1
            }
            guard position < bytes.endIndex else { throw fail("\(name) string is not terminated") }
            let value = bytes[start..<position]
            position += 1
            return value
        }

        mutating func hex(_ name: String) throws -> [UInt8] {
            let text = String(decoding: try until(quote: name), as: UTF8.self)
            guard text.utf8.count == 64, let value = try? Hex.decode(text) else {
                throw fail("\(name) is not 64 lowercase hex digits")
            }
            return value
        }
    }
}
