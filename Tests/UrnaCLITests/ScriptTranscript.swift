/// The combined output of `bash -x` (trace and commands' output in one stream, in order), cut
/// into the top-level commands bash traced (`+ …`) and the lines each printed. Nested traces
/// (`++ …`, from command substitutions) are left out.
struct ScriptTranscript {
    struct Step {
        let command: String
        var output: [String] = []
    }

    let steps: [Step]

    init(_ text: String) {
        var steps: [Step] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("+ ") {
                steps.append(Step(command: String(line.dropFirst(2))))
            } else if !line.hasPrefix("++"), !steps.isEmpty {
                steps[steps.count - 1].output.append(line)
            }
        }
        self.steps = steps
    }

    /// The steps whose command starts with `prefix` (`urna election publish`).
    func steps(_ prefix: String) -> [Step] {
        steps.filter { $0.command == prefix || $0.command.hasPrefix(prefix + " ") }
    }
}
