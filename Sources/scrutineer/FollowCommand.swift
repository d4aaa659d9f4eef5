import Foundation
import UrnaHTTP
import UrnaObserver
import UrnaRecord
import UrnaVerifier

/// `scrutineer verify URL` and `scrutineer follow URL`: observers of a record on the network.
extension ScrutineerCommand {
    static let followUsage = """
    usage: scrutineer follow URL --state DIR [--interval SECONDS] [--once] [--ledger-key VKEY] [--cacert FILE] [--quiet]

    Watches the record of the election at URL (http(s)://HOST:PORT/v1/elections/ID, or the
    service's root if it serves one election). Each round fetches the latest checkpoint; when it
    is new, checks its signature, that it extends every checkpoint seen before (consistency
    proof; never another root for a size seen, never a smaller size), fetches the new entries
    into DIR/mirror and verifies them incrementally; then prints one line: size, root, entries
    verified. DIR keeps everything across restarts.
      --state DIR       where the seen checkpoints, the mirror and the verifier state are kept (required)
      --interval SECONDS  time between rounds (default 30)
      --once            one round, then exit (0 when valid)
      --ledger-key VKEY the ledger key to trust (key string or ledger.vkey file); without it the
                        service's key is trusted on first contact and remembered in DIR
      --cacert FILE     PEM certificates to trust for an https URL (default: the system's)
      --quiet           no progress on stderr

    Exit status: 1 on an ALARM (printed on stderr: a fork, a rewrite or truncation, a bad
    signature, an invalid record), 2 when the service cannot be reached or answers nonsense
    (with --once; otherwise it is retried at the next round) or DIR cannot be used, 0 after
    --once with a valid record.

    Alarm or retry: entries count only once they continue the chain held up to the chain head
    the signed checkpoint names (each seq next, each hash that of its fields, each prev the hash
    before it). A page that does not is answered nonsense (a tampered connection or a broken
    service): it is not kept, the fetched entries not yet verified are dropped, and the round is
    retried. Entries that do continue it are the ones the ledger key signed: if they do not
    verify, that is an ALARM, and it stays one on every later round until someone looks.
    """

    /// Whether `record` names a service rather than a file.
    static func isURL(_ record: String) -> Bool {
        record.hasPrefix("http://") || record.hasPrefix("https://")
    }

    /// `scrutineer verify URL`: fetch into a mirror, then the file verifier's report and exit code.
    static func verifyURL(_ url: String, _ options: Options) throws -> Int32 {
        let trusted = try trustedLedgerKey(options)
        var verification = try verificationOptions(options)
        verification.stateDirectory = nil
        verification.trustedLedgerKey = trusted?.key
        let quiet = options.flag("--quiet")
        let report: VerificationReport
        do {
            let printer = ProgressPrinter()
            var lastPrinted = Date()
            report = try RemoteVerification.verify(
                url: url, stateDirectory: options.value("--state").map { URL(fileURLWithPath: $0) }, options: verification,
                http: try httpConfiguration(url, options),
                fetching: quiet ? nil : { step in
                    guard step.entries == step.target || Date().timeIntervalSince(lastPrinted) >= 2 else { return }
                    lastPrinted = Date()
                    fail("fetched \(step.entries)/\(step.target) entries from \(TerminalText.escaped(url))")
                },
                progress: quiet ? nil : printer.callAsFunction)
        } catch let error as ObserverError {
            fail("\(error.isAlarm ? "ALARM: " : "")cannot verify \(TerminalText.escaped(url)): \(error.reason)")
            return error.isAlarm ? 1 : 2
        }
        var shown = report
        if let trusted { shown.trusted(trusted) }
        if let warning = shown.ledgerKeyWarning { fail("warning: \(TerminalText.escaped(warning))") }
        if options.flag("--json") {
            try FileHandle.standardOutput.write(contentsOf: shown.jsonData())
            print()
        } else {
            print(shown.renderText(), terminator: "")
        }
        return shown.isValid ? 0 : 1
    }

    static func follow(_ options: Options) throws -> Int32 {
        let url = try options.single("URL")
        guard isURL(url) else { throw UsageError("follow: URL must start with http:// or https://\n\(followUsage)") }
        guard let state = options.value("--state") else { throw UsageError("follow: --state DIR is required\n\(followUsage)") }
        var interval = 30.0
        if let text = options.value("--interval") {
            guard let value = Double(text), value.isFinite, value >= 0.1, value <= 86_400 else {
                throw UsageError("--interval needs a number of seconds from 0.1 to 86400")
            }
            interval = value
        }
        let quiet = options.flag("--quiet")
        var follow = Follower.Options()
        follow.trustedLedgerKey = try trustedLedgerKey(options)?.key
        follow.http = try httpConfiguration(url, options)
        follow.verification = try verificationOptions(options)
        if !quiet {
            follow.progress = { line in FileHandle.standardError.writeSafely(Data("scrutineer: \(TerminalText.escapedLines(line))\n".utf8)) }
        }
        let once = options.flag("--once")
        while true {
            do {
                let round = try Follower.round(url: url, state: URL(fileURLWithPath: state), options: follow)
                if round.isNew {
                    FileHandle.standardOutput.writeSafely(Data((round.line + "\n").utf8))
                } else if !quiet {
                    fail("checkpoint \(round.size) unchanged")
                }
            } catch let error as ObserverError {
                if error.isAlarm {
                    fail("ALARM: \(error.reason)")
                    return 1
                }
                let retry = !once && [ObserverError.unreachable, ObserverError.badAnswer].contains(error.code)
                fail("\(error.reason)\(retry ? " (retrying in \(interval) s)" : "")")
                guard retry else { return 2 }
            }
            if once { return 0 }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// The HTTP client's configuration: `--cacert` for an https URL.
    static func httpConfiguration(_ url: String, _ options: Options) throws -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        if let cacert = options.value("--cacert") {
            guard url.hasPrefix("https://") else { throw UsageError("--cacert applies to an https:// URL only") }
            guard FileManager.default.isReadableFile(atPath: cacert) else {
                throw UsageError("--cacert \(TerminalText.escaped(cacert)): cannot read the file; give a PEM file of certificates")
            }
            configuration.trustedCertificatesPath = cacert
        }
        return configuration
    }
}
