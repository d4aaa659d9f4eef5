/// Dispatch for commands with subcommands (`urna election create`, …).
struct Subcommands: Sendable {
    let command: String
    let entries: [(name: String, usage: String, run: @Sendable ([String]) throws -> Void)]

    var help: String {
        "usage:\n" + entries.map { "  urna \(command) \($0.usage)" }.joined(separator: "\n")
    }

    func run(_ arguments: [String]) throws {
        guard let name = arguments.first, !["--help", "-h", "help"].contains(name) else {
            if arguments.isEmpty { throw Arguments.UsageError(description: "missing subcommand\n\(help)") }
            print(help)
            return
        }
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw Arguments.UsageError(description: "unknown subcommand '\(Console.safe(name))'\n\(help)")
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print("usage: urna \(command) \(entry.usage)")
            return
        }
        try entry.run(rest)
    }
}
