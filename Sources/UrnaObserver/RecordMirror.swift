import Foundation
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
/// the next seq whatever the pages' boundaries; hashes, chain, signature and root are the
/// verifier's to check.
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
    /// checkpoint, or to `checkpointNote` when the caller fetched it already.
    @discardableResult
    public static func sync(_ remote: RemoteRecord, into directory: URL, checkpointNote: String? = nil,
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
        var held = try entriesFile.repairAndCount()
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
            for line in page.lines {
                bytes += line
                bytes.append(0x0A)
            }
            try entriesFile.append(bytes)
            held += UInt64(page.lines.count)
            progress?(Progress(entries: held, target: checkpoint.size))
        }
        try entriesFile.sync()
        try AtomicFile.write(Array(note.utf8), to: directory.appendingPathComponent(LedgerExport.checkpointFileName))
        return Outcome(checkpointNote: note, checkpoint: checkpoint, appended: held - before, entries: held, verifierKey: key)
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
        try file.cut(toLines: size)
    }
}
