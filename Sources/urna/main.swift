import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService

/// `urna`: the commission's, trustees' and voters' command line. Errors go to stderr; exit codes:
/// 0 success, 1 the operation was refused or failed, 2 usage error.

let commands: [(name: String, summary: String, run: ([String]) throws -> Void)] = [
    ("election", "create, open, close, tally and publish an election; show its status and results", ElectionCommand.run),
    ("manifest", "check a manifest file before creating an election", ManifestCommand.run),
    ("registrar", "the registrar's roll, pseudonyms, codes and letters (on the registrar's own machine)", RegistrarCommand.run),
    ("roll", "publish the registrar's signed roll (commission)", RollCommand.run),
    ("trustee", "trustee key ceremony and decryption (each trustee on its own key file)", TrusteeCommand.run),
    ("vote", "obtain a token and cast (or spoil) a ballot: over the network (--server) or on the database (--dir)", VoteCommand.run),
    ("receipt", "check a receipt against a running service (inclusion, consistency with its latest checkpoint)", ReceiptCommand.run),
    ("voter", "after voting: fetch a receipt again, see what a spoiled ballot encrypted", VoterCommand.run),
    ("serve", "the ballot service on the network: HTTP(S) API for voters, observers and witnesses", ServeCommand.run),
    ("export", "export the public record as JSON Lines with its checkpoint and key", ExportCommand.run),
    ("demo", "run a whole election in one process and verify it", DemoCommand.run),
    ("version", "print the version and the record format version", { _ in print(UrnaVersion.line("urna")) }),
]

let usage = """
usage: urna <command> [options]

commands:
\(commands.map { "  \($0.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))

Run 'urna <command> --help' for a command's options.
"""

@MainActor func main(_ arguments: [String]) -> Int32 {
    guard let name = arguments.first else {
        FileHandle.standardError.writeSafely(Data((usage + "\n").utf8))
        return 2
    }
    if ["--help", "-h", "help"].contains(name) {
        print(usage)
        return 0
    }
    if name == "--version" {
        print(UrnaVersion.line("urna"))
        return 0
    }
    guard let command = commands.first(where: { $0.name == name }) else {
        Console.error("unknown command '\(Console.safe(name))'\n\n\(usage)")
        return 2
    }
    do {
        try command.run(Array(arguments.dropFirst()))
        return 0
    } catch let error as Arguments.UsageError {
        let command = error.helpCommand ?? name
        Console.error("\(command): \(error.description) (see 'urna \(command) --help')")
        return 2
    } catch let error as ServiceError {
        // Reasons may embed record or user strings: escaped whole, newlines included.
        Console.error(Console.safe(ErrorText.describe(error)))
        return 1
    } catch let error as RecordError {
        Console.error(Console.safe(ErrorText.describe(error)))
        return 1
    } catch {
        // Other errors escape their record strings where they are built and may span lines;
        // Console.error still escapes every other control character.
        Console.error(ErrorText.describe(error))
        return 1
    }
}

ProcessStart.prepare()
exit(ProgramExit.code(main(Array(CommandLine.arguments.dropFirst())), program: "urna"))
