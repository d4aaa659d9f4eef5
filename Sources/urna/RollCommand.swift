import Foundation
import UrnaService

enum RollCommand {
    static let subcommands = Subcommands(command: "roll", entries: [
        ("import", "import --dir DIR --csv ROLL.csv --codes-out CODES.csv   (CSV header: voter_id,district)", importRoll),
    ])

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    static func importRoll(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "csv", "codes-out"])
        let csvPath = try args.required("csv"), codesPath = try args.required("codes-out")
        guard !FileManager.default.fileExists(atPath: codesPath) else {
            throw Arguments.UsageError(description: "\(Console.safe(codesPath)) exists; refusing to overwrite activation codes")
        }
        let roll = try VoterRoll(csv: Files.read(csvPath))  // refuses text that is not UTF-8, naming the line
        try ElectionCommand.withService(["--dir", try args.required("dir")]) { service in
            // The codes file is written (mode 0600, fsynced) inside the import: if writing fails,
            // nothing is imported; if the import then fails, the file is removed.
            var wrote = false
            let codes: [ElectionService.IssuedCode]
            do {
                codes = try service.importRoll(roll) { codes in
                    let csv = "voter_id,district,activation_code\n" + codes.map { "\($0.voterID),\($0.district),\($0.code)\n" }.joined()
                    try Files.write(Array(csv.utf8), to: codesPath, private: true)
                    wrote = true
                }
            } catch {
                if wrote { try? FileManager.default.removeItem(atPath: codesPath) }
                throw error
            }
            print("imported \(codes.count) voter(s); activation codes written to \(Console.safe(codesPath)) (mode 0600) — mail them, then destroy the file")
        }
    }
}

enum ExportCommand {
    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "out"])
        if args.wantsHelp {
            print("usage: urna export --dir DIR --out OUTDIR   (writes ledger.jsonl, checkpoint, ledger.vkey)")
            return
        }
        let out = URL(fileURLWithPath: try args.required("out"))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try ElectionCommand.withService(["--dir", try args.required("dir")]) { service in
            try service.export(to: out)
            print("exported the public record to \(Console.safe(out.path))")
        }
    }
}
