import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaObserver
import UrnaRecord
import UrnaVerifier

/// `scrutineer witness`: an observer's C2SP `tlog-witness` for one ledger (`Specs/api.md` §5).
enum WitnessCommand {
    static let usage = """
    usage: scrutineer witness --listen HOST:PORT --key FILE --service URL --ledger-key VKEY --state DIR
                              [--cacert FILE] [--insecure-public]

    Serves POST /add-checkpoint (C2SP tlog-witness) and GET /healthz. Cosigns a checkpoint only
    if the ledger key signed it, it extends the last one cosigned (consistency proof), and the
    whole record up to it, pulled from the service at URL into DIR, verifies VALID.
      --listen HOST:PORT  IPv4 address and port (port 0: any free port); plain HTTP is served on
                          a loopback address only, unless --insecure-public
      --key FILE          the observer signer key (scrutineer keygen)
      --service URL       the election on the service: http(s)://HOST:PORT/v1/elections/ID
      --ledger-key VKEY   the ledger verifier key you trust (key string or ledger.vkey file)
      --state DIR         the witness's state (latest cosigned checkpoint, mirror, verifier state);
                          one witness per DIR: a second one on it is refused at start
      --cacert FILE       PEM certificates to trust for an https service
    The mirror in DIR keeps only entries that verified: those fetched for a checkpoint that was
    refused (or a page that does not continue the chain) are dropped and fetched again for the
    next checkpoint, so one bad answer on the way does not make the witness refuse the honest ones.
    Prints the witness's verifier key, then 'listening on http://HOST:PORT'; logs one line per
    request on stderr; SIGINT or SIGTERM finish the request in flight and stop.
    """

    static let valued: Set<String> = ["--listen", "--key", "--service", "--ledger-key", "--state", "--cacert"]

    struct Arguments {
        var values: [String: String] = [:]
        var insecurePublic = false

        init(_ arguments: [String]) throws {
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                if argument == "--help" || argument == "-h" { throw UsageError(usage, help: true) }
                if argument == "--insecure-public" {
                    insecurePublic = true
                } else if valued.contains(argument) {
                    guard index + 1 < arguments.count else { throw UsageError("\(argument) needs a value\n\(usage)") }
                    values[argument] = arguments[index + 1]
                    index += 1
                } else {
                    throw UsageError("witness: unexpected argument \(TerminalText.escaped(argument))\n\(usage)")
                }
                index += 1
            }
        }

        func required(_ name: String) throws -> String {
            guard let value = values[name] else { throw UsageError("witness: \(name) is required\n\(usage)") }
            return value
        }
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments)
        let (host, port) = try listenAddress(options.required("--listen"), insecurePublic: options.insecurePublic)
        let cosigner = try observerKey(options.required("--key"))
        let ledgerKey = try TrustedLedgerKey.resolve(options.required("--ledger-key")).key
        let service = try options.required("--service")
        let state = URL(fileURLWithPath: try options.required("--state"))
        do {
            try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw UsageError("cannot create the state directory \(TerminalText.escaped(state.path)): \(TerminalText.escaped("\(error)"))")
        }
        let sync = try WitnessMirror.sync(service: service, cacert: options.values["--cacert"], state: state)
        let check = WitnessRecordCheck(ledgerKey: ledgerKey, stateDirectory: state, sync: sync)
        let core = try WitnessCore(ledgerKey: ledgerKey, cosigner: cosigner, stateDirectory: state,
                                   recordCheck: check.recordCheck, log: { logLine("event \($0)") })
        let server = WitnessServer(core: core, host: host, port: port, accessLog: { logLine("request \($0)") })

        // Signals are taken before the server starts, so none arrives unhandled.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        do {
            try server.start()
        } catch {
            throw UsageError("cannot listen on \(TerminalText.escaped(host)):\(port): \(TerminalText.escaped("\(error)"))")
        }
        let cosigned = core.state.size
        FileHandle.standardOutput.writeSafely(Data("\(TerminalText.escaped(cosigner.verifier.verifierKeyString))\nlistening on http://\(host):\(server.port)\n".utf8))
        logLine("event started for \(core.ledger.origin), last cosigned size \(cosigned)")
        stop.wait()
        logLine("event stopping: finishing the request in flight")
        server.stop()
        sources.forEach { $0.cancel() }
        logLine("event stopped")
        return 0
    }

    /// `HOST:PORT` with an IPv4 host; anything but loopback needs `--insecure-public`.
    static func listenAddress(_ text: String, insecurePublic: Bool) throws -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw UsageError("--listen \(TerminalText.escaped(text)): expected HOST:PORT, e.g. 127.0.0.1:8081")
        }
        var host = String(text[..<colon])
        if host == "localhost" { host = "127.0.0.1" }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else {
            throw UsageError("--listen \(TerminalText.escaped(text)): the host must be an IPv4 address, e.g. 127.0.0.1")
        }
        guard parts[0] == "127" || insecurePublic else {
            throw UsageError("--listen \(TerminalText.escaped(host)): plain HTTP is served on a loopback address (127.x.x.x) only; give --insecure-public to serve it on \(TerminalText.escaped(host)) anyway")
        }
        return (host, port)
    }

    /// The observer signer key in `path` (`scrutineer keygen`): type 0x04, a private file.
    static func observerKey(_ path: String) throws -> CosignatureSigner {
        let bytes: [UInt8]
        do {
            bytes = try PrivateFile.read(path, what: "the observer key")
        } catch let error as RecordError {
            throw UsageError("\(TerminalText.escaped(error.reason)); make one with 'scrutineer keygen --name NAME --out FILE'")
        }
        guard let text = String(validating: bytes, as: UTF8.self)?.trimmingCharacters(in: .whitespacesAndNewlines),
              text.hasPrefix("PRIVATE+KEY+"),
              // PRIVATE+KEY+name+ID+base64: the base64 may itself hold '+'.
              let encoded = text.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false).dropFirst(4).first,
              let raw = Data(base64Encoded: String(encoded)), raw.first == 0x04,
              let signer = try? CosignatureSigner(signerKey: text) else {
            throw UsageError("\(TerminalText.escaped(path)) is not an observer signer key (PRIVATE+KEY+NAME+ID+… of type 0x04); make one with 'scrutineer keygen --name NAME --out FILE'")
        }
        return signer
    }

    /// One line on stderr, escaped whole.
    static func logLine(_ text: String) {
        FileHandle.standardError.writeSafely(Data("scrutineer witness: \(TerminalText.escaped(text))\n".utf8))
    }
}
