import Foundation
import UrnaRecord
import UrnaService

/// `urna roll import`: the commission publishes the registrar's signed roll.
enum RollCommand {
    static let subcommands = Subcommands(command: "roll", entries: [
        ("import", "import --dir DIR ROLL.json   (the signed roll from 'urna registrar roll --out')", importRoll),
    ], details: [
        "import": """
        Records the registrar's signed roll entries (pseudonyms with commitments to their codes).
        Each is checked as a verifier would (the registrar's signature, districts, counts, no
        pseudonym twice) before any is recorded. Importing the same file again records nothing
        new, so an interrupted import is finished by running it again. 'urna election open'
        refuses until every district's roll is complete.
        """,
    ])

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    static func importRoll(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir"])
        guard args.positionals.count == 1 else {
            throw Arguments.UsageError(description: "give exactly one roll file (from 'urna registrar roll --out')")
        }
        let path = args.positionals[0]
        let message: RegistrarMessage
        do {
            message = try CanonicalJSON.decodeInput(RegistrarMessage.self, from: Files.read(path))
        } catch let error as RecordError {
            throw FileError(description: "\(Console.safe(path)) is not a roll from 'urna registrar roll' (\(Console.safe(error.reason)))")
        }
        try ElectionCommand.withService(["--dir", try args.required("dir")]) { service in
            let appended: Int
            do {
                appended = try service.importRoll(message)
            } catch let error as ServiceError where error.code == .invalidRoll {
                throw ServiceError(.invalidRoll, "\(Console.safe(path)): \(error.reason)")
            }
            let counts = try service.rollCounts()
            print("recorded \(appended) roll entr\(appended == 1 ? "y" : "ies")\(appended == 0 ? " (all were already in the record)" : ""); voters on the roll: "
                  + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            let incomplete = service.incompleteRoll()
            if !incomplete.isEmpty {
                Console.progress("the roll is not complete yet: " + incomplete.map { "\($0.district) \($0.onRoll) of \($0.announced)" }.joined(separator: ", "))
            }
        }
    }
}
