import Foundation
import UrnaAPI
import UrnaHTTP
import UrnaRecord
import UrnaService
import UrnaTLS

/// `urna serve`: the ballot service on the network (`Specs/api.md`).
enum ServeCommand {
    static let help = """
    usage: urna serve --dir DIR [--dir DIR…] [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE]
                      [--insecure-public] [--witness URL=VKEY…] [--witness-wait SECONDS] [--witness-cacert FILE]
                      [--max-connections N] [--workers N] [--max-body BYTES] [--max-header BYTES] [--read-timeout SECONDS]
                      [--rate PER-SECOND] [--burst N] [--access-log FILE]

    Serves the elections in the DIR folders over HTTP/1.1 (HTTPS with --tls-cert and --tls-key)
    until SIGINT or SIGTERM; then the requests in flight finish, pending issuances are published
    and a final checkpoint is signed. While it runs, 'urna election …', 'urna roll import' and
    'urna trustee import' on the same DIR still work: they pause the service over DIR/admin.sock.
      --listen         address and port (default 127.0.0.1:8080; port 0 picks a free one). Plain
                       HTTP only on a loopback address unless --insecure-public is given.
      --tls-cert/--tls-key  PEM certificate chain and private key: HTTPS, TLS 1.2 or newer.
      --witness        a witness to push every checkpoint to, as URL=VERIFIER_KEY (repeat per
                       witness); receipts carry the cosignatures that arrive within --witness-wait
                       (default 2 s).
      --max-connections  connections at once (default 512; more get 503)
      --workers        requests handled at once (default 64)
      --max-body       largest request body in bytes (default 1048576)
      --max-header     largest request header block in bytes (default 16384)
      --read-timeout   seconds for a request to arrive, and idle keep-alive time (default 10)
      --rate/--burst   POST requests per second per client address, and the burst (default 20/40)
      --access-log     append the access log to FILE instead of stderr
    Prints 'listening on URL' once it serves.
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "listen", "tls-cert", "tls-key", "witness", "witness-wait", "witness-cacert",
                                                     "max-connections", "workers", "max-body", "max-header", "read-timeout", "rate", "burst", "access-log"],
                                 switches: ["insecure-public"])
        if args.wantsHelp { return print(help) }
        blockSignals()
        guard args.positionals.isEmpty else {
            throw Arguments.UsageError(description: "unexpected argument '\(Console.safe(args.positionals[0]))'")
        }
        let directories = args.all("dir").map { URL(fileURLWithPath: $0) }
        guard !directories.isEmpty else { throw Arguments.UsageError(description: "give the election with --dir DIR") }
        var configuration = APIService.Configuration()
        let (host, port) = try listenAddress(args.optional("listen") ?? "127.0.0.1:8080")
        configuration.http.host = host
        configuration.http.port = port
        configuration.http.maxConnections = try args.integer("max-connections", default: 512, in: 1...100_000)
        // Handlers mostly wait (for the disk, for witnesses' cosignatures while the witnesses read
        // the record from this same service), so there are many more workers than cores.
        configuration.http.workers = try args.integer("workers", default: 64, in: 1...4096)
        configuration.http.limits.maxBodyBytes = try args.integer("max-body", default: 1 << 20, in: 1024...(64 << 20))
        configuration.http.limits.maxHeaderBytes = try args.integer("max-header", default: 16 * 1024, in: 1024...(1 << 20))
        configuration.http.readTimeout = Double(try args.integer("read-timeout", default: 10, in: 1...3600))
        raiseDescriptorLimit(for: configuration.http.maxConnections)
        configuration.limits.ratePerSecond = Double(try args.integer("rate", default: 20, in: 1...1_000_000))
        configuration.limits.burst = Double(try args.integer("burst", default: 40, in: 1...1_000_000))
        configuration.witnesses = args.all("witness")
        configuration.witnessWait = Double(try args.integer("witness-wait", default: 2, in: 0...120))
        configuration.witnessCertificates = args.optional("witness-cacert")
        let certificate = args.optional("tls-cert"), key = args.optional("tls-key")
        switch (certificate, key) {
        case let (certificate?, key?):
            do {
                configuration.http.tls = try TLSServerContext(certificatePath: certificate, privateKeyPath: key)
            } catch let error as TLSError {
                throw FileError(description: "--tls-cert/--tls-key: \(Console.safe(error.reason)) (\(error.code)); give a PEM certificate chain and its PEM private key")
            }
        case (nil, nil):
            guard args.has("insecure-public") || HTTPServer.isLoopback(host: host) else {
                throw Arguments.UsageError(description: "plain HTTP on \(Console.safe(host)) would expose voters' traffic; give --tls-cert and --tls-key, listen on 127.0.0.1, or say --insecure-public")
            }
        default:
            throw Arguments.UsageError(description: "give both --tls-cert and --tls-key, or neither")
        }
        let log = try accessLog(args.optional("access-log"))
        let service = try APIService(directories: directories, configuration: configuration, log: log, progress: Console.progress)
        let scheme = configuration.http.tls == nil ? "http" : "https"
        let shown = host.contains(":") ? "[\(host)]" : host
        for election in service.hosts {
            print("serving election '\(Console.safe(election.electionID))' from \(Console.safe(election.directory.path)) at \(scheme)://\(shown):\(service.port)/v1/elections/\(Console.safe(election.electionID))")
        }
        print("listening on \(scheme)://\(shown):\(service.port)")
        fflush(nil)  // every output stream: the "listening on" line reaches a pipe at once
        waitForSignal()
        Console.progress("stopping: finishing the requests in flight and making every append durable")
        service.stop()
        Console.progress("stopped")
    }

    /// `HOST:PORT`, `[IPv6]:PORT`.
    static func listenAddress(_ text: String) throws -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw Arguments.UsageError(description: "--listen '\(Console.safe(text))': give HOST:PORT, e.g. 127.0.0.1:8080")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw Arguments.UsageError(description: "--listen '\(Console.safe(text))': the host is missing") }
        return (host, port)
    }

    static func accessLog(_ path: String?) throws -> @Sendable (String) -> Void {
        let handle: FileHandle
        if let path {
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640])
            }
            guard let file = FileHandle(forWritingAtPath: path) else {
                throw FileError(description: "--access-log \(Console.safe(path)): cannot open it for writing")
            }
            file.seekToEndOfFile()
            handle = file
        } else {
            handle = FileHandle.standardError
        }
        // A log that cannot be written (its disk is full) never stops the service: the lines are
        // dropped, and stderr is told so at most once a minute.
        let lock = NSLock()
        nonisolated(unsafe) var dropped = 0
        nonisolated(unsafe) var lastWarning: UInt64 = 0
        return { line in
            lock.withLock {
                guard !handle.writeSafely(Data((line + "\n").utf8)) else { return }
                dropped += 1
                let now = DispatchTime.now().uptimeNanoseconds
                guard lastWarning == 0 || now - lastWarning >= 60_000_000_000 else { return }
                lastWarning = now
                FileHandle.standardError.writeSafely(Data("urna serve: the access log cannot be written (a full disk?); \(dropped) lines dropped so far\n".utf8))
            }
        }
    }

    /// Raises the soft limit on open files to what `connections` need (each connection holds
    /// one; the databases, witnesses and logs a few dozen more), up to the hard limit, and warns
    /// when even that is too low. Running out anyway is defined: new connections get 503 `busy`.
    static func raiseDescriptorLimit(for connections: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = rlim_t(connections + 128)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        if limit.rlim_cur < wanted {
            Console.progress("warning: --max-connections \(connections) needs about \(wanted) open files, but this process may open only \(limit.rlim_cur) (raise 'ulimit -n'); beyond that, new connections get 503 busy")
        }
    }

    /// Blocks until SIGINT or SIGTERM.
    static func waitForSignal() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
    }

    /// Blocks SIGINT and SIGTERM in every thread (call before any thread starts), so that
    /// ``waitForSignal()`` receives them.
    static func blockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}
