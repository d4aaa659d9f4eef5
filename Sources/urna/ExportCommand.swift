import Foundation
import UrnaLedger
import UrnaRecord
import UrnaService

/// `urna export`: the public record as JSON Lines with its checkpoint and key, replaced
/// atomically — an interrupt never leaves a half-written export, and never damages the
/// previous one.
enum ExportCommand {
    static let help = """
    usage: urna export --dir DIR --out OUTDIR   (writes ledger.jsonl, checkpoint, ledger.vkey)
      OUTDIR is created, or must hold only an earlier export, which is replaced as a whole.
      The export holds exactly the entries its checkpoint covers. While another process holds
      the election (or on a read-only copy), the export is read without a lock and ends at the
      latest checkpoint already signed.
    """

    static let exportFiles: Set<String> = [LedgerExport.entriesFileName, LedgerExport.checkpointFileName, LedgerExport.verifierKeyFileName]

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "out"])
        if args.wantsHelp {
            print(help)
            return
        }
        let out = URL(fileURLWithPath: try args.required("out")).standardizedFileURL
        let dir = try args.required("dir")
        try requireReplaceable(out)
        for marker in [".exporting-", ".previous-"] {
            Leftovers.removeAbandoned(in: out.deletingLastPathComponent().path, marker: ".\(out.lastPathComponent)\(marker)")
        }
        let building = out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).exporting-\(getpid())")
        try? FileManager.default.removeItem(at: building)
        defer { try? FileManager.default.removeItem(at: building) }
        do {
            try FileManager.default.createDirectory(at: building, withIntermediateDirectories: true)
        } catch {
            throw FileError(description: "cannot create \(Console.safe(building.path)): \(error.localizedDescription)")
        }
        let entries = try exportRecord(dir: dir, into: building)
        try AtomicFolder.replace(out, with: building)
        print("exported the public record (\(entries) entries, all under its signed checkpoint) to \(Console.safe(out.path))")
    }

    /// Exports with a writer (signing a checkpoint of the newest entries first) or, when another
    /// process holds the election or it is read-only, with a reader. Returns the entry count.
    static func exportRecord(dir: String, into folder: URL) throws -> UInt64 {
        var service: ElectionService
        do {
            service = try ElectionService.open(directory: URL(fileURLWithPath: dir))
        } catch let error as ServiceError where error.code == .electionBusy || error.code == .readOnlyElection {
            Console.progress("the election is busy or read-only here: exporting up to its latest signed checkpoint")
            service = try ElectionService.open(directory: URL(fileURLWithPath: dir), readOnly: true)
        }
        defer { service.close() }
        let size = try service.export(to: folder)
        try AtomicFolder.syncFiles(in: folder)
        return size
    }

    /// OUTDIR must not exist, or be a folder holding only (part of) an earlier export.
    static func requireReplaceable(_ out: URL) throws {
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: out.path)) != nil {
            throw FileError(description: "--out \(Console.safe(out.path)) is a symbolic link; give a real folder path (the export replaces its folder as a whole)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw FileError(description: "--out \(Console.safe(out.path)) is a file; give a folder for the export")
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        if let other = contents.first(where: { !exportFiles.contains($0) }) {
            throw FileError(description: "--out \(Console.safe(out.path)) holds '\(Console.safe(other))', which is not part of an export; the export replaces its folder as a whole, so give a new or an export-only folder")
        }
    }
}
