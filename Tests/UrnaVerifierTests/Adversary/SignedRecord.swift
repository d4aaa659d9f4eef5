import Foundation
import UrnaLedger
@testable import UrnaVerifier

/// A list of drafts chained, hashed and checkpointed by the ledger key, as a dishonest
/// commission that holds the key can always do: one checkpoint after every phase-changing
/// entry and one at the end. Served to the verifier in memory (``MemoryRecordSource``) or
/// written as a JSON Lines export.
struct SignedRecord: Sendable {
    static let phaseKinds: Set<String> = ["election", "ceremony", "open", "close", "tally", "result"]

    let entries: [RecordEntry]
    let notes: [String]
    let verifierKey: String

    init(drafts: [Draft], signer: CheckpointSigner, origin: String) throws {
        var chain = ChainVerifier()
        var entries: [RecordEntry] = []
        var notes: [String] = []
        for (seq, draft) in drafts.enumerated() {
            let entry = try Entry(seq: UInt64(seq), kind: draft.kind, time: 1_700_000_000_000 + Int64(seq),
                                  body: draft.body, prev: chain.head)
            try chain.append(entry)
            entries.append(RecordEntry(entry))
            if Self.phaseKinds.contains(draft.kind) || seq == drafts.count - 1 {
                let checkpoint = try Checkpoint(origin: origin, size: chain.size, root: chain.root, chainHead: chain.head)
                notes.append(try signer.signedNote(for: checkpoint))
            }
        }
        self.entries = entries
        self.notes = notes
        verifierKey = signer.verifierKey
    }

    var source: MemoryRecordSource { MemoryRecordSource(items: entries.map { .entry($0) }, notes: notes, verifierKey: verifierKey) }

    /// The `ledger.jsonl` bytes (one line per entry).
    var jsonLines: [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            guard let decoded = try? Entry(seq: entry.seq, kind: entry.kind, time: entry.time, body: entry.body, prev: entry.prev)
            else { continue }
            bytes += EntryLine.encode(decoded)
        }
        return bytes
    }

    /// Writes an export directory (`ledger.jsonl`, the latest checkpoint, `ledger.vkey`) with
    /// `lines` as its entries (default: this record's). Returns its path.
    func writeExport(in directory: URL, lines: [UInt8]? = nil) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(lines ?? jsonLines).write(to: directory.appendingPathComponent(LedgerExport.entriesFileName))
        try Data((notes.last ?? "").utf8).write(to: directory.appendingPathComponent(LedgerExport.checkpointFileName))
        try Data(LedgerExport.verifierKeyFile(verifierKey).utf8)
            .write(to: directory.appendingPathComponent(LedgerExport.verifierKeyFileName))
        return directory.path
    }
}

/// A record held in memory: the fastest way to hand the verifier thousands of records.
struct MemoryRecordSource: RecordSource {
    let items: [RecordItem]
    let notes: [String]
    let verifierKey: String?

    var name: String { "memory" }
    func publishedVerifierKey() throws -> String? { verifierKey }
    func checkpointNotes() throws -> [String] { notes }
    func estimatedEntryCount() throws -> UInt64? { UInt64(items.count) }
    func entries(from seq: UInt64) throws -> any RecordEntryReader {
        MemoryEntryReader(items: Array(items.dropFirst(Int(clamping: seq))))
    }
    func subtreeReader() throws -> (any MerkleSubtreeReader)? { nil }
}

final class MemoryEntryReader: RecordEntryReader {
    private let items: [RecordItem]
    private var position = 0

    init(items: [RecordItem]) { self.items = items }

    func next(maxCount: Int, maxBodyBytes: Int) throws -> [RecordItem] {
        var end = position, bytes = 0
        while end < items.count, end - position < max(1, maxCount), end == position || bytes < maxBodyBytes {
            if case .entry(let entry) = items[end] { bytes += entry.body.count }
            end += 1
        }
        defer { position = end }
        return Array(items[position..<end])
    }
}
