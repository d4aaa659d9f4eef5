import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// A JSON Lines export (`Specs/ledger.md` §6): a directory holding `ledger.jsonl`,
/// `checkpoint` and `ledger.vkey`, or a single `.jsonl` file. For a file `F`, the checkpoint is
/// `F.checkpoint` or else `checkpoint` in the same directory, and the key `F.vkey` or else
/// `ledger.vkey` in the same directory. Either may be missing or malformed: that makes the record
/// invalid (`ledger.checkpoint-signature`), not unreadable (`Specs/verification.md` §1); only
/// an I/O error is unreadable. The entries file must start with an entry line, or there is no
/// record at all (an HTML error page, binary bytes, an empty file): unreadable.
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
        try JSONLEntryReader(url: entriesURL).requireFirstEntry(of: entriesURL.path)
    }

    public var name: String { entriesURL.path }

    /// The key in `ledger.vkey` (`Specs/ledger.md` §6.3), nil if there is none. A file that is not
    /// exactly one line ending in a newline comes back as ``UnusableSourceText`` (a failure).
    public func publishedVerifierKey() throws -> String? {
        guard let verifierKeyURL else { return nil }
        guard case .text(let text) = try Self.readSmallFile(verifierKeyURL) else {
            return UnusableSourceText.make("\(verifierKeyURL.lastPathComponent) is larger than \(LedgerExport.maxSmallFileSize) bytes or not UTF-8")
        }
        guard text.hasSuffix("\n"), !text.dropLast().contains("\n"), text.count > 1 else {
            return UnusableSourceText.make("\(verifierKeyURL.lastPathComponent) does not hold exactly one line ending in a newline")
        }
        return String(text.dropLast())
    }

    /// The note in `checkpoint` (`Specs/ledger.md` §6.2); none if there is no file (a failure).
    public func checkpointNotes() throws -> [String] {
        guard let checkpointURL else { return [] }
        guard case .text(let text) = try Self.readSmallFile(checkpointURL) else {
            return [UnusableSourceText.make("\(checkpointURL.lastPathComponent) is larger than \(LedgerExport.maxSmallFileSize) bytes or not UTF-8")]
        }
        return [text]
    }

    /// Counts the lines (one pass with `memchr`-speed scanning; cheap next to verification).
    public func estimatedEntryCount() throws -> UInt64? {
        guard let handle = try? FileHandle(forReadingFrom: entriesURL) else { return nil }
        defer { try? handle.close() }
        var lines: UInt64 = 0
        while let chunk = try? handle.read(upToCount: 1 << 22), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count, let found = memchr(base + offset, 0x0A, raw.count - offset) {
                    lines += 1
                    offset = base.distance(to: UnsafeRawPointer(found)) + 1
                }
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

    enum SmallFile {
        case text(String)
        /// Larger than ``LedgerExport/maxSmallFileSize`` or not UTF-8.
        case unusable
    }

    /// Reads at most ``LedgerExport/maxSmallFileSize`` + 1 bytes; only an I/O error throws.
    static func readSmallFile(_ url: URL) throws -> SmallFile {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: LedgerExport.maxSmallFileSize + 1) ?? Data()
        } catch {
            throw VerifierError(.unreadable, "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard data.count <= LedgerExport.maxSmallFileSize, let text = String(data: data, encoding: .utf8) else {
            return .unusable
        }
        return .text(text)
    }
}

/// Reads `ledger.jsonl` line by line in bounded memory through the ledger's ``JSONLineSplitter``.
/// A line that does not parse is a malformed item, and reading goes on.
final class JSONLEntryReader: RecordEntryReader {
    private let lines: JSONLineSplitter

    init(url: URL) throws {
        do {
            lines = try JSONLineSplitter(url: url)
        } catch let error as LedgerError {
            throw VerifierError(.unreadable, error.reason)
        }
    }

    func skip(lines count: UInt64) throws {
        while lines.lineNumber < count {
            guard try read() != nil else { return }
        }
    }

    func next(maxCount: Int, maxBodyBytes: Int) throws -> [RecordItem] {
        var items: [RecordItem] = []
        var bytes = 0
        while items.count < max(1, maxCount), bytes < maxBodyBytes {
            let position = lines.lineNumber
            guard let line = try read() else { break }
            switch line {
            case .line(let line):
                let item = Self.parse(line, position: position)
                bytes += item.bodyBytes
                items.append(item)
            case .overlong: items.append(.malformed(seq: nil, reason: "line \(position + 1) is longer than \(EntryLine.maxLineLength) bytes"))
            case .unterminated: items.append(.malformed(seq: nil, reason: "line \(position + 1) does not end with a newline"))
            }
        }
        return items
    }

    private func read() throws -> JSONLineSplitter.Line? {
        do {
            return try lines.next()
        } catch let error as LedgerError {
            throw VerifierError(.unreadable, error.reason)
        }
    }

    /// The exact line form of `Specs/ledger.md` §6.1, parsed without checking the hash (the
    /// verifier recomputes it and reports a mismatch under `ledger.entry-hash`).
    static func parse(_ line: ArraySlice<UInt8>, position: UInt64) -> RecordItem {
        do {
            let fields = try EntryLine.parse(line)
            return .entry(RecordEntry(seq: fields.seq, kind: fields.kind, time: fields.time, body: fields.body,
                                      prev: fields.prev, hash: fields.hash))
        } catch let error as LedgerError {
            return .malformed(seq: error.seq, reason: "line \(position + 1): \(error.reason)")
        } catch {
            return .malformed(seq: nil, reason: "line \(position + 1): \(error)")
        }
    }
}
