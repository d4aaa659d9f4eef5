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
            throw FileError(description: "\(Console.safe(codesPath)) exists; refusing to overwrite activation codes (give another --codes-out)")
        }
        let roll = try named(csvPath) { try VoterRoll(csv: Files.read(csvPath)) }  // refuses text that is not UTF-8, naming the line
        try Files.requireWritableFolder(for: codesPath, what: "--codes-out")
        try ElectionCommand.withService(["--dir", try args.required("dir")]) { service in
            // The codes file appears (mode 0600, complete) only once the import has committed.
            let codes = try named(csvPath) {
                try service.importRoll(roll, codesPath: codesPath) { codes in
                    Array(("voter_id,district,activation_code\n" + codes.map { "\($0.voterID),\($0.district),\($0.code)\n" }.joined()).utf8)
                }
            }
            print("imported \(codes.count) voter(s); activation codes written to \(Console.safe(codesPath)) (mode 0600) — mail them, then destroy the file")
        }
    }

    /// Roll errors name the file: `roll.csv line 3: unknown district 'east' …`.
    static func named<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ServiceError where error.code == .invalidRoll {
            throw ServiceError(.invalidRoll, "\(path) \(error.reason)")
        }
    }
}
