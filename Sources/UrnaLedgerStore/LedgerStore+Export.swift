import Foundation
import UrnaLedger

/// Export to and import from the JSON Lines form (`Specs/ledger.md` §6).
extension LedgerStore {
    /// Writes `ledger.jsonl` (every entry the latest checkpoint covers), `checkpoint` (the latest checkpoint with
    /// its cosignatures) and `ledger.vkey` into `directory` (created if needed). Streams the
    /// entries; memory stays bounded. Needs at least one checkpoint.
    @discardableResult
    public func export(to directory: URL) throws -> (size: UInt64, checkpoint: StoredCheckpoint) {
        guard let checkpoint = try latestCheckpoint() else {
            throw LedgerError(.invalidParameter, "the ledger has no checkpoint to export; make one first")
        }
        guard let key = try verifierKey() else {
            throw LedgerError(.integrityFailure, "the ledger has checkpoints but no verifier key")
        }
        // Exactly what the checkpoint covers: an export is always a consistent, signed record,
        // even from a read-only store whose writer has appended since its last checkpoint.
        let size = checkpoint.checkpoint.size
        let files = FileManager.default
        do {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
            let entriesURL = directory.appendingPathComponent(LedgerExport.entriesFileName)
            guard files.createFile(atPath: entriesURL.path, contents: nil) else {
                throw LedgerError(.storageFailure, "cannot create \(entriesURL.path)")
            }
            let handle = try FileHandle(forWritingTo: entriesURL)
            defer { try? handle.close() }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            try forEachEntry(from: 0, to: size) { entry in
                buffer += EntryLine.encode(entry)
                if buffer.count >= 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: buffer)
            try handle.synchronize()
            try Data(checkpoint.note.utf8).write(to: directory.appendingPathComponent(LedgerExport.checkpointFileName))
            try Data(LedgerExport.verifierKeyFile(key).utf8).write(to: directory.appendingPathComponent(LedgerExport.verifierKeyFileName))
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.storageFailure, "export to \(directory.path) failed: \(error.localizedDescription)")
        }
        return (size, checkpoint)
    }

    /// Creates a new ledger database at `path` from an export: verifies the whole export first
    /// (``LedgerExport/verify(directory:trustedVerifierKey:onEntry:)``, against
    /// `trustedVerifierKey` if given), inserting the entries verbatim as they are checked, then
    /// stores the export's checkpoint. On any failure the new database is removed.
    public static func importLedger(from directory: URL, to path: String, trustedVerifierKey: String? = nil,
                                    configuration: Configuration = Configuration()) throws -> LedgerStore {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.invalidParameter, "\(path) already exists; import creates a new ledger")
        }
        let key = try trustedVerifierKey ?? LedgerExport.readVerifierKey(directory: directory)
        let origin = try CheckpointVerifier(verifierKey: key).origin
        var config = configuration
        config.checkpointVerifier = try CheckpointVerifier(verifierKey: key)
        var store: LedgerStore?
        do {
            let opened = try LedgerStore.open(path: path, origin: origin, configuration: config)
            store = opened
            var pending: [Entry] = []
            let summary = try LedgerExport.verify(directory: directory, trustedVerifierKey: trustedVerifierKey) { entry in
                pending.append(entry)
                if pending.count >= 4096 {
                    _ = try opened.appendVerbatimAndWait(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            _ = try opened.appendVerbatimAndWait(pending)
            try opened.importCheckpointAndWait(summary.checkpointNote)
            return opened
        } catch {
            store?.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }
}
