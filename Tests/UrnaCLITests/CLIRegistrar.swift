import Foundation

/// The registrar's side of a set-up, through the real `urna`: the roll CSV written as
/// `voters.csv`, the key file `registrar.key` (mode 0600) and the registration `registrar.json`
/// for `urna election create --registrar`.
enum CLIRegistrar {
    /// Writes `roll` to `voters.csv` in `directory` and returns the `urna registrar init` arguments.
    static func initialize(roll: String, in directory: URL, name: String = "registrar", key: String = "registrar.key",
                           publicOut: String = "registrar.json") throws -> [String] {
        try roll.write(to: directory.appendingPathComponent("voters.csv"), atomically: true, encoding: .utf8)
        return ["registrar", "init", "--name", name, "--roll", "voters.csv", "--key", key, "--public-out", publicOut]
    }

    /// `urna registrar init` in `directory` for `roll`; throws unless it exits 0.
    static func register(roll: String, in directory: URL, key: String = "registrar.key", publicOut: String = "registrar.json") throws {
        try expectSuccess(initialize(roll: roll, in: directory, key: key, publicOut: publicOut), in: directory)
    }

    /// The registrar signs the roll for the election at `record` (`roll.json`), and the
    /// commission imports it: what an election needs before `urna election open`.
    static func signAndImport(record: String, in directory: URL, key: String = "registrar.key", out: String = "roll.json") throws {
        try expectSuccess(["registrar", "roll", "--key", key, "--record", record, "--out", out], in: directory)
        try expectSuccess(["roll", "import", "--dir", record, out], in: directory)
    }

    static func expectSuccess(_ arguments: [String], in directory: URL) throws {
        let outcome = try CLI.run("urna", arguments, in: directory)
        guard outcome.status == 0, !outcome.signalled else {
            throw CLI.Failure(description: "urna \(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.err)")
        }
    }
}
