import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// A local JSON Lines export (`Specs/ledger.md` §6: `ledger.jsonl`, `checkpoint`,
/// `ledger.vkey`) kept in step with a service's record, the form `scrutineer verify DIR`
/// reads. Each sync appends only the entries beyond those held, up to the size of the
/// checkpoint it fetched, then replaces `checkpoint`.
///
/// Crash safety: entries are appended and made durable before the checkpoint that covers them
/// is written (atomically); a last line torn by a kill is cut back at the next sync, never
/// verified as it is. Nothing from the service is trusted: every line is parsed and must carry
/// the next seq whatever the pages' boundaries, its stored hash must be §2.2 of its fields, and
/// its `prev` the hash of the entry before it (`Specs/ledger.md` §2.3), and the last entry's
/// hash must be the chain head the checkpoint signs. A page that does not continue the chain
/// held is not appended: it is a ``ObserverError/badAnswer`` (the entries are not those the
/// signed checkpoint commits to: a tampered path or a service serving garbage, nothing a
/// signature vouches for), and the entries held beyond `verified` (fetched, never verified)
/// are cut too, so the next sync fetches them again. Signature, root and the election rules
/// are the verifier's to check.
public enum RecordMirror {
    public struct Progress: Sendable {
        /// Entries held so far.
        public let entries: UInt64
        /// Entries the checkpoint covers.
        public let target: UInt64
    }

    public struct Outcome: Sendable {
        /// The checkpoint note now in the mirror.
        public let checkpointNote: String
        public let checkpoint: Checkpoint
        /// Entries fetched in this sync.
        public let appended: UInt64
        /// Entries the mirror holds.
        public let entries: UInt64
        /// The ledger key the service publishes.
        public let verifierKey: String
    }

    /// Brings the mirror in `directory` (created if needed) up to the service's latest
    /// checkpoint, or to `checkpointNote` when the caller fetched it already. `verified`: the
    /// entries a verifier has already read from the mirror (never cut; see ``verifiedSize(_:)``).
    @discardableResult
    public static func sync(_ remote: RemoteRecord, into directory: URL, checkpointNote: String? = nil, verified: UInt64 = 0,
                            progress: ((Progress) -> Void)? = nil) throws -> Outcome {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ObserverError(ObserverError.stateUnusable, "cannot create the mirror folder \(directory.path): \(error.localizedDescription)")
        }
        let entriesFile = try MirrorFile(path: directory.appendingPathComponent(LedgerExport.entriesFileName).path)
        let key = try remote.verifierKey()
        let keyURL = directory.appendingPathComponent(LedgerExport.verifierKeyFileName)
        if let held = try AtomicFile.read(keyURL, limit: LedgerExport.maxSmallFileSize) {
            guard held == Array(LedgerExport.verifierKeyFile(key).utf8) else {
                throw ObserverError(ObserverError.badSignature, """
                    the service's ledger key changed: the mirror holds \(TerminalText.escaped(String(decoding: held, as: UTF8.self).trimmingCharacters(in: .newlines))), \
                    the service now publishes \(TerminalText.escaped(key))
                    """)
            }
        } else {
            try AtomicFile.write(Array(LedgerExport.verifierKeyFile(key).utf8), to: keyURL)
        }
        let note = try checkpointNote ?? remote.checkpointNote()
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(signedNote: note)
        } catch {
            throw ObserverError(ObserverError.badAnswer, "the service's checkpoint is not a checkpoint note: \(TerminalText.escaped("\(error)"))")
        }
        var (held, head) = try entriesFile.repair()
        guard held <= checkpoint.size else {
            throw ObserverError(ObserverError.truncated, "the service's checkpoint covers \(checkpoint.size) entries but the mirror already holds \(held) fetched from it: the record was truncated")
        }
        let before = held
        progress?(Progress(entries: held, target: checkpoint.size))
        var pageSize = RemoteRecord.pageSize
        while held < checkpoint.size {
            let end = min(held + pageSize, checkpoint.size)
            let page: (lines: [ArraySlice<UInt8>], ledgerSize: UInt64?)
            do {
                page = try remote.entries(start: held, end: end)
            } catch let error as ObserverError where error.code == ObserverError.tooLarge && end - held > 1 {
                pageSize = max(1, (end - held) / 2)  // large entries: ask for fewer at a time
                continue
            }
            if let size = page.ledgerSize, size < end {
                throw ObserverError(ObserverError.truncated, "the service says its ledger holds \(size) entries, fewer than the \(checkpoint.size) its checkpoint covers")
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(page.lines.reduce(0) { $0 + $1.count + 1 })
            for (index, line) in page.lines.enumerated() {
                head = try chained(line, seq: held + UInt64(index), after: head, file: entriesFile, verified: verified)
                bytes += line
                bytes.append(0x0A)
            }
            try entriesFile.append(bytes)
            held += UInt64(page.lines.count)
            progress?(Progress(entries: held, target: checkpoint.size))
        }
        guard head == checkpoint.chainHead else {
            try entriesFile.cut(toEntries: verified)
            throw ObserverError(ObserverError.badAnswer, """
                the service's entries up to \(checkpoint.size) end with the hash \(Hex.encode(head)), not the chain head \(Hex.encode(checkpoint.chainHead)) \
                its checkpoint signs: they are not the entries it signed (a tampered connection, or a service serving other entries); \
                the unverified entries were dropped and will be fetched again
                """)
        }
        try entriesFile.sync()
        try AtomicFile.write(Array(note.utf8), to: directory.appendingPathComponent(LedgerExport.checkpointFileName))
        return Outcome(checkpointNote: note, checkpoint: checkpoint, appended: held - before, entries: held, verifierKey: key)
    }

    /// Cuts the mirror in `directory` back to its first `count` entries (see
    /// ``MirrorFile/cut(toEntries:)``); nothing when it holds no more, or no mirror yet.
    /// Returns the number of entries removed.
    @discardableResult
    public static func cut(_ directory: URL, toEntries count: UInt64) throws -> UInt64 {
        let path = directory.appendingPathComponent(LedgerExport.entriesFileName).path
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return try MirrorFile(path: path).cut(toEntries: count)
    }

    /// The hash of the entry on `line` if it is entry `seq`, its stored hash is §2.2 of its
    /// fields and its `prev` is `head`; else the unverified entries beyond `verified` are cut and
    /// the page is refused (``ObserverError/badAnswer``).
    static func chained(_ line: ArraySlice<UInt8>, seq: UInt64, after head: [UInt8], file: MirrorFile, verified: UInt64) throws -> [UInt8] {
        let problem: String
        if let fields = try? EntryLine.parse(line) {
            if fields.seq != seq {
                problem = "holds seq \(fields.seq) where \(seq) was due"
            } else if fields.hash != Entry.computeHash(seq: fields.seq, kind: fields.kind, time: fields.time, prev: fields.prev, body: fields.body) {
                problem = "gives entry \(seq) a hash that is not the hash of its fields (ledger.md §2.2)"
            } else if fields.prev != head {
                problem = "gives entry \(seq) the prev \(Hex.encode(fields.prev)), not the hash \(Hex.encode(head)) of the entry before it (ledger.md §2.3)"
            } else {
                return fields.hash
            }
        } else {
            problem = "holds a line that is not an entry line at seq \(seq)"
        }
        try file.cut(toEntries: verified)
        throw ObserverError(ObserverError.badAnswer, """
            the service's entries do not continue the chain the mirror holds: the page \(problem); \
            nothing of it was kept (a tampered connection, or a service serving other entries than it signed), \
            and the unverified entries beyond \(verified) will be fetched again
            """)
    }

    /// Cuts the mirror back to its first `size` entries and removes its checkpoint (the next
    /// sync fetches the rest again and writes the checkpoint it covers): what an observer does
    /// with entries it fetched for a checkpoint it then refused, so that they cannot stand in
    /// for the entries of a later checkpoint.
    public static func cutBack(_ directory: URL, to size: UInt64) throws {
        let entries = directory.appendingPathComponent(LedgerExport.entriesFileName)
        guard FileManager.default.fileExists(atPath: entries.path) else { return }
        let file = try MirrorFile(path: entries.path)
        let checkpoint = directory.appendingPathComponent(LedgerExport.checkpointFileName)
        if FileManager.default.fileExists(atPath: checkpoint.path) {
            do {
                try FileManager.default.removeItem(at: checkpoint)
            } catch {
                throw ObserverError(ObserverError.stateUnusable, "cannot remove \(checkpoint.path): \(error.localizedDescription)")
            }
        }
        _ = try file.cut(toEntries: size)
    }
}
