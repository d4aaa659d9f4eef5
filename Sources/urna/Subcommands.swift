/// Dispatch for commands with subcommands (`urna election create`, …).
struct Subcommands: Sendable {
    let command: String
    let entries: [(name: String, usage: String, run: @Sendable ([String]) throws -> Void)]
    /// Longer help for some subcommands, shown by `urna COMMAND SUBCOMMAND --help`.
    var details: [String: String] = [:]

    var help: String {
        "usage:\n" + entries.map { "  urna \(command) \($0.usage)" }.joined(separator: "\n")
    }

    func run(_ arguments: [String]) throws {
        let names = entries.map(\.name).joined(separator: ", ")
        guard let name = arguments.first, !["--help", "-h", "help"].contains(name) else {
            if arguments.isEmpty { throw Arguments.UsageError(description: "missing subcommand (one of: \(names))") }
            print(help)
            return
        }
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw Arguments.UsageError(description: "unknown subcommand '\(Console.safe(name))' (one of: \(names))")
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print("usage: urna \(command) \(entry.usage)" + (details[entry.name].map { "\n\n" + $0 } ?? ""))
            return
        }
        do {
            try entry.run(rest)
        } catch let error as Arguments.UsageError where error.helpCommand == nil {
            throw Arguments.UsageError(description: error.description, helpCommand: "\(command) \(entry.name)")
        }
    }
}
