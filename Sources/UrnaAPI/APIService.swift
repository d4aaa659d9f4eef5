import Foundation
import UrnaLedgerStore
import UrnaHTTP
import UrnaService

/// `urna serve`: the elections in their directories, the router, the HTTP(S) server, each
/// election's admin socket, and the witnesses its checkpoints are pushed to.
public final class APIService: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var http = HTTPServer.Configuration()
        public var limits = AbuseLimits.Configuration()
        /// `URL=VERIFIER_KEY` of each witness.
        public var witnesses: [String] = []
        /// Seconds a receipt waits for the witnesses' cosignatures.
        public var witnessWait: Double = 2
        /// Trusted certificates for https witnesses.
        public var witnessCertificates: String?
        /// Seconds between checks for checkpoints the witnesses have not seen yet.
        public var witnessInterval: Double = 5
        public init() {}
    }

    public let metrics = Metrics()
    public let hosts: [ElectionHost]
    private let server: HTTPServer
    private let admins: [AdminSocket]
    private let publishers: [CheckpointPublisher]
    private let witnessesConfigured: [String]
    private let log: @Sendable (String) -> Void
    private let stopping = MonotonicCondition()
    private var stopped = false

    /// Opens every election (taking their locks), binds the listener and starts serving.
    public init(directories: [URL], configuration: Configuration, log: @escaping @Sendable (String) -> Void,
                progress: @escaping @Sendable (String) -> Void = { _ in }) throws {
        let metrics = self.metrics
        APIRouter.declare(metrics)
        var hosts: [ElectionHost] = []
        for directory in directories {
            // The election's id is known once it is open; batches committed before are labelled by folder.
            let label = MetricLabel(directory.lastPathComponent)
            let host = try ElectionHost(directory: directory) {
                try ElectionService.open(directory: directory, waitForLock: 10, waiting: progress) { batch in
                    metrics.observe("urna_append_batch_size", ["election": label.value], Double(batch))
                }
            }
            label.value = host.electionID
            guard !hosts.contains(where: { $0.electionID == host.electionID }) else {
                throw ServiceError(.invalidInput, "two directories hold election '\(host.electionID)'; serve each election once")
            }
            hosts.append(host)
        }
        var routes: [ElectionRoutes] = []
        var publishers: [CheckpointPublisher] = []
        let limits = AbuseLimits(configuration: configuration.limits)
        for host in hosts {
            let witnesses = try configuration.witnesses.map {
                try WitnessPush(spec: $0, timeout: configuration.witnessWait, trustedCertificatesPath: configuration.witnessCertificates,
                                metrics: metrics, electionID: host.electionID, log: log)
            }
            let publisher = CheckpointPublisher(host: host, witnesses: witnesses)
            publishers.append(publisher)
            if !witnesses.isEmpty {
                host.onResume { publisher.pushLatestIfNew() }
            }
            routes.append(ElectionRoutes(host: host, publisher: publisher, metrics: metrics, limits: limits))
            metrics.collect { [host] in
                guard let size = host.ifAvailable({ $0.ledgerSize }) else { return [] }
                return [("urna_ledger_size", ["election": host.electionID], Double(size))]
            }
        }
        let router = APIRouter(elections: routes, metrics: metrics, limits: limits, accessLog: log)
        var http = configuration.http
        http.beforeWorker = { router.waitForElection($0) }
        metrics.declare("urna_descriptors_exhausted_total", .counter, help: "Connections refused because the process was out of file descriptors.")
        let exhausted = ThrottledLog(seconds: 10, log: log)
        http.onDescriptorsExhausted = {
            metrics.increment("urna_descriptors_exhausted_total")
            exhausted("error out of file descriptors: new connections get 503 busy until some close; raise the limit (ulimit -n) or lower --max-connections")
        }
        server = HTTPServer(configuration: http) { request, connection in
            router.handle(request, client: connection.remoteAddress)
        }
        metrics.collect { [server] in [("urna_http_connections", [:], Double(server.connectionCount))] }
        self.hosts = hosts
        self.publishers = publishers
        witnessesConfigured = configuration.witnesses
        self.log = log
        admins = try hosts.map { try AdminSocket(host: $0, log: log) }
        try server.start()
        if !configuration.witnesses.isEmpty {
            let interval = max(0.2, configuration.witnessInterval)
            let thread = Thread { [self] in
                while !waitForStop(seconds: interval) {
                    for publisher in self.publishers { publisher.pushLatestIfNew() }
                }
            }
            thread.name = "urna-witness-push"
            thread.start()
        }
    }

    /// The port the server listens on.
    public var port: UInt16 { server.port }

    /// Clean shutdown: stops accepting, lets requests in flight finish, makes every election's
    /// pending appends durable and public (issuances, a final checkpoint), releases the locks.
    public func stop() {
        stopping.lock()
        let already = stopped
        stopped = true
        stopping.broadcast()
        stopping.unlock()
        guard !already else { return }
        // The last checkpoint goes to the witnesses while the server still answers their reads.
        if !witnessesConfigured.isEmpty { for publisher in publishers { publisher.publishFinal() } }
        server.stop()
        for admin in admins { admin.stop() }
        for host in hosts { host.shutdown() }
    }

    /// True once stopped; otherwise waits up to `seconds`.
    private func waitForStop(seconds: Double) -> Bool {
        stopping.lock()
        defer { stopping.unlock() }
        let deadline = DispatchTime.now() + seconds
        while !stopped, stopping.wait(until: deadline) {}
        return stopped
    }
}

/// A label value set after the closure that uses it was made.
private final class MetricLabel: @unchecked Sendable {
    private let lock = NSLock()
    private var current: String
    init(_ value: String) { current = value }
    var value: String {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}
