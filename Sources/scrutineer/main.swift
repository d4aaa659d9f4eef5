import CMalloc
import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaVerifier

/// `scrutineer` — the independent verifier of an Urna election record. Exit codes: 0 every
/// check passed, 1 the record (or receipt) is invalid, 2 it could not be read or the usage was wrong.
enum ScrutineerCommand {
    static let usage = """
    usage: scrutineer <command> [options]

    commands:
      verify RECORD     check every rule of an election record (election.db, JSONL export, or a service's URL)
      follow URL        watch an election's record on a service; alarm on any fork, rewrite or invalid entry
      receipt RECEIPT   check a voter's receipt against a record
      cosign RECORD     verify, then cosign the latest checkpoint with an observer key
      keygen            make an observer key for cosigning
      witness           run an observer's witness (C2SP tlog-witness) for a service's ledger
      version           print the version
      help              show this help (also --help, -h)

    Each command accepts --help. Exit status: 0 valid, 1 invalid, 2 unreadable or bad usage.
    """

    static let verifyUsage = """
    usage: scrutineer verify RECORD [--json] [--state DIR] [--ledger-key VKEY] [--workers N] [--no-batch] [--quiet]
           scrutineer verify URL [--cacert FILE] [same options]

    RECORD is a public election.db, a JSON Lines export directory, or its entries file. A URL
    (http(s)://HOST:PORT/v1/elections/ID) is fetched into a mirror (DIR/mirror with --state,
    else a temporary folder), which is then verified exactly like an export.
      --json            write the report as JSON on stdout (instead of text)
      --state DIR       incremental: remember the verified checkpoint and state in DIR, verify
                        only what was appended since, alarm on any rewrite or truncation
      --cacert FILE     for an https URL: the PEM certificates to trust (default: the system's)
      --ledger-key VKEY the ledger verifier key you trust, obtained out of band: the key string
                        (name+hash+base64) or the path of the ledger.vkey file the commission published.
                        Without it the key comes with the record (the election entry, matched by
                        ledger.vkey or meta.verifier_key): compare the fingerprint the report prints
                        with the published one. No published copy at all draws a warning.
      --workers N       threads for ballot checks (default: every core)
      --no-batch        check proof equations one by one (slower; same verdict)
      --quiet           no progress on stderr
    """

    static let receiptUsage = """
    usage: scrutineer receipt RECEIPT --record RECORD [--ledger-key VKEY] [--json]

    Checks the receipt file (JSON) offline (checkpoint signature, inclusion proof) and against
    the record (the entry is the ballot; the record's latest checkpoint extends the receipt's).
    """

    static let cosignUsage = """
    usage: scrutineer cosign RECORD --key FILE [--out FILE] [--state DIR] [--ledger-key VKEY] [--quiet]

    Verifies RECORD (incrementally with --state, which also checks consistency with the last
    checkpoint verified), and only if it is valid cosigns its latest checkpoint (C2SP
    tlog-cosignature) with the observer signer key in FILE. Writes the cosigned note to --out
    (default: stdout).
    """

    static let keygenUsage = """
    usage: scrutineer keygen --name NAME --out FILE

    Writes a new observer signer key (a secret; mode 0600) to FILE and prints its verifier key.
    """

    static func run(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            FileHandle.standardError.writeSafely(Data((usage + "\n").utf8))
            return 2
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "--help", "-h", "help":
                print(usage)
                return 0
            case "version", "--version":
                print(UrnaVersion.line("scrutineer"))
                return 0
            case "verify": return try verify(Options(rest, usage: verifyUsage))
            case "receipt": return try receipt(Options(rest, usage: receiptUsage))
            case "cosign": return try cosign(Options(rest, usage: cosignUsage))
            case "keygen": return try keygen(Options(rest, usage: keygenUsage))
            case "follow": return try follow(Options(rest, usage: followUsage))
            case "witness": return try WitnessCommand.run(rest)
            default:
                fail("unknown command '\(TerminalText.escaped(command))'\n\(usage)")
                return 2
            }
        } catch let error as UsageError {
            if error.help {
                print(error.message)
                return 0
            }
            fail(error.message)
            return 2
        } catch let error as VerifierError {
            // Reasons may embed record strings and paths: escaped whole, newlines included.
            fail(TerminalText.escaped(error.reason))
            return 2
        } catch {
            fail(TerminalText.escaped("\(error)"))
            return 2
        }
    }

    // MARK: - Commands

    static func verify(_ options: Options) throws -> Int32 {
        let record = try options.single("RECORD")
        if isURL(record) { return try verifyURL(record, options) }
        let report = try verifiedReport(record, options)
        if options.flag("--json") {
            try FileHandle.standardOutput.write(contentsOf: report.jsonData())
            print()
        } else {
            print(report.renderText(), terminator: "")  // renderText escapes every line
        }
        return report.isValid ? 0 : 1
    }

    static func receipt(_ options: Options) throws -> Int32 {
        let path = try options.single("RECEIPT")
        guard let record = options.value("--record") else { throw UsageError("receipt: --record RECORD is required\n\(receiptUsage)") }
        guard let bytes = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read the receipt \(TerminalText.escaped(path))") }
        let receipt: Receipt
        do {
            receipt = try Receipt.decode(Array(bytes))
        } catch {
            throw UsageError("\(TerminalText.escaped(path)) is not a receipt: \(TerminalText.escaped("\(error)"))")
        }
        let report = try ReceiptCheck.check(receipt, source: Scrutineer.openSource(path: record),
                                            trustedLedgerKey: try trustedLedgerKey(options)?.key)
        if options.flag("--json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try FileHandle.standardOutput.write(contentsOf: encoder.encode(report))
            print()
        } else {
            // Step details may embed record strings; no control character reaches the terminal.
            print(TerminalText.escapedLines(report.renderText()), terminator: "")
        }
        return report.isValid ? 0 : 1
    }

    static func cosign(_ options: Options) throws -> Int32 {
        let record = try options.single("RECORD")
        guard let keyPath = options.value("--key") else { throw UsageError("cosign: --key FILE is required\n\(cosignUsage)") }
        let keyData: [UInt8]
        do {
            keyData = try PrivateFile.read(keyPath, what: "the observer key")  // refused if others may read it
        } catch let error as RecordError {
            throw UsageError(TerminalText.escaped(error.reason))
        }
        guard let signerKey = String(validating: keyData, as: UTF8.self)?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            throw UsageError("cannot read the observer key \(TerminalText.escaped(keyPath)): it is not text")
        }
        let report = try verifiedReport(record, options)
        guard report.isValid else {
            FileHandle.standardError.writeSafely(Data(report.renderText().utf8))  // escaped by renderText
            fail("the record is invalid: not cosigning")
            return 1
        }
        let note = try Scrutineer.cosign(report, signerKey: signerKey)
        if let out = options.value("--out") {
            guard FileManager.default.createFile(atPath: out, contents: Data(note.utf8)) else {
                throw UsageError("cannot write \(TerminalText.escaped(out))")
            }
            FileHandle.standardError.writeSafely(Data("scrutineer: cosigned the checkpoint of size \(report.checkpoint?.size ?? 0) into \(TerminalText.escaped(out))\n".utf8))
        } else {
            print(note, terminator: "")
        }
        return 0
    }

    static func keygen(_ options: Options) throws -> Int32 {
        guard options.positional.isEmpty else { throw UsageError("keygen takes no positional argument\n\(keygenUsage)") }
        guard let name = options.value("--name"), let out = options.value("--out") else {
            throw UsageError("keygen: --name NAME and --out FILE are required\n\(keygenUsage)")
        }
        guard !FileManager.default.fileExists(atPath: out) else { throw UsageError("\(TerminalText.escaped(out)) exists; not overwriting a key") }
        let key = try Scrutineer.makeObserverKey(name: name)
        // Created 0600 before a byte is written (FileManager would write first, then chmod).
        do {
            try PrivateFile.write(Array((key.signerKey + "\n").utf8), to: out)
        } catch let error as RecordError {
            throw UsageError("cannot write the key: \(TerminalText.escaped(error.reason))")
        }
        print(TerminalText.escaped(key.verifierKey))
        return 0
    }

    /// Verifies `record`, notes where the trusted ledger key came from, and warns on stderr
    /// (even with --quiet) when the record vouched for its own key.
    static func verifiedReport(_ record: String, _ options: Options) throws -> VerificationReport {
        let trusted = try trustedLedgerKey(options)
        var verification = try verificationOptions(options)
        verification.trustedLedgerKey = trusted?.key
        var report = try Scrutineer.verify(path: record, options: verification,
                                           progress: options.flag("--quiet") ? nil : ProgressPrinter().callAsFunction)
        if let trusted { report.trusted(trusted) }
        if let warning = report.ledgerKeyWarning { fail("warning: \(TerminalText.escaped(warning))") }
        return report
    }

    /// `--ledger-key`: a key string or a ledger.vkey file; neither is a usage error (exit 2).
    static func trustedLedgerKey(_ options: Options) throws -> TrustedLedgerKey? {
        guard let argument = options.value("--ledger-key") else { return nil }
        return try TrustedLedgerKey.resolve(argument)
    }

    static func verificationOptions(_ options: Options) throws -> VerificationOptions {
        var result = VerificationOptions()
        result.stateDirectory = options.value("--state").map { URL(fileURLWithPath: $0) }
        if let workers = options.value("--workers") {
            guard let count = Int(workers), count >= 1 else { throw UsageError("--workers needs a positive integer") }
            result.workers = count
        }
        result.batchProofs = !options.flag("--no-batch")
        return result
    }

    /// Writes a diagnostic to stderr. Record and user strings in `message` are escaped where
    /// they are interpolated; as a last guard no control character but a newline is written.
    static func fail(_ message: String) {
        FileHandle.standardError.writeSafely(Data("scrutineer: \(TerminalText.escapedLines(message))\n".utf8))
    }
}

/// A usage error (exit 2), or a request for help (exit 0).
struct UsageError: Error {
    let message: String
    var help = false

    init(_ message: String, help: Bool = false) {
        self.message = message
        self.help = help
    }
}

/// Parsed arguments: positionals, `--flag`s and `--name value` options.
struct Options {
    static let flags: Set<String> = ["--json", "--no-batch", "--quiet", "--once"]
    static let valued: Set<String> = ["--state", "--ledger-key", "--workers", "--record", "--key", "--out", "--name",
                                      "--interval", "--cacert"]

    var positional: [String] = []
    var flags: Set<String> = []
    var values: [String: String] = [:]

    init(_ arguments: [String], usage: String) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--help" || argument == "-h" { throw UsageError(usage, help: true) }
            if Self.flags.contains(argument) {
                flags.insert(argument)
            } else if Self.valued.contains(argument) {
                guard index + 1 < arguments.count else { throw UsageError("\(TerminalText.escaped(argument)) needs a value\n\(usage)") }
                values[argument] = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--") {
                throw UsageError("unknown option \(TerminalText.escaped(argument))\n\(usage)")
            } else {
                positional.append(argument)
            }
            index += 1
        }
        self.usage = usage
    }

    let usage: String

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name] }

    func single(_ name: String) throws -> String {
        guard positional.count == 1 else { throw UsageError("expected one \(name)\n\(usage)") }
        return positional[0]
    }
}

/// Progress on stderr for long runs: silent for the first two seconds, then a line at most
/// every second (overwritten in place on a terminal).
final class ProgressPrinter {
    private var lastPrinted = 0.0
    private var printed = false
    private let terminal = isatty(STDERR_FILENO) == 1

    func callAsFunction(_ progress: VerificationProgress) {
        guard progress.elapsedSeconds >= 2, progress.elapsedSeconds - lastPrinted >= 1 else { return }
        lastPrinted = progress.elapsedSeconds
        var line = progress.replaying ? "re-hashing verified entries: " : "verifying: "
        line += "\(progress.entries)"
        if let total = progress.totalEntries, total > 0 {
            line += String(format: "/%llu entries (%.0f%%)", total, 100 * Double(progress.entries) / Double(total))
        } else {
            line += " entries"
        }
        line += String(format: ", %d ballots, %.0f ballots/s, %.0f s", progress.ballots,
                       Double(progress.ballots) / progress.elapsedSeconds, progress.elapsedSeconds)
        FileHandle.standardError.writeSafely(Data((terminal ? "\r\(line)\u{1B}[K" : line + "\n").utf8))
        printed = true
    }

    deinit {
        if printed && terminal { FileHandle.standardError.writeSafely(Data("\n".utf8)) }
    }
}

// Large buffers (a chunk's bodies and proofs, the per-ballot tables) are mapped on their own and
// returned when freed. Under glibc's default their freed copies stay resident in the heap: at a
// million ballots the peak was 258,592 KB with this off, 233,336 KB with it (`BENCHMARKS.md`).
_ = urna_map_large_allocations(256 * 1024)
ProcessStart.prepare()
exit(ProgramExit.code(ScrutineerCommand.run(Array(CommandLine.arguments.dropFirst())), program: "scrutineer"))
