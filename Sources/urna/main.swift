import Foundation
import UrnaCrypto

/// The `urna` command line. Subcommands grow with the election service.
enum UrnaCommand {
    static let version = "0.1.0"

    static let usage = """
    usage: urna <command> [options]

    commands:
      version     print the Urna version
      help        show this help (also --help, -h)

    Each command accepts --help.
    """

    static func run(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            return 2
        }
        switch command {
        case "--help", "-h", "help":
            print(usage)
            return 0
        case "version", "--version":
            print("urna \(version)")
            return 0
        default:
            FileHandle.standardError.write(Data("urna: unknown command '\(command)'\n\(usage)\n".utf8))
            return 2
        }
    }
}

exit(UrnaCommand.run(Array(CommandLine.arguments.dropFirst())))
