import Foundation

/// `scrutineer witness` as a real process on a loopback port, watching a service.
final class ServedWitness: @unchecked Sendable {
    let process: CLI.Running
    let url: String
    let verifierKey: String
    var spec: String { "\(url)=\(verifierKey)" }

    /// Makes the observer key `NAME.key` in the election's folder (once) and starts the witness.
    init(_ election: CLIElection, name: String, serviceURL: String, ledgerKey: String) throws {
        if !election.exists("\(name).key") {
            let keygen = try CLI.run("scrutineer", ["keygen", "--name", name, "--out", "\(name).key"], in: election.root)
            guard keygen.status == 0 else { throw CLI.Failure(description: "scrutineer keygen: \(keygen.err)") }
        }
        process = try CLI.start("scrutineer", ["witness", "--listen", "127.0.0.1:0", "--key", "\(name).key", "--service", serviceURL,
                                               "--ledger-key", ledgerKey, "--state", "\(name)-state"], in: election.root)
        url = try ServedElection.waitForURL(process)
        guard let key = process.output().out.split(separator: "\n").first else {
            throw CLI.Failure(description: "scrutineer witness printed no verifier key")
        }
        verifierKey = String(key)
    }

    func stop() throws -> CLI.Outcome {
        process.send(SIGTERM)
        return try process.wait(timeout: 60)
    }

    deinit {
        if process.isRunning { process.send(SIGKILL) }
    }

    /// A port nothing listens on right now (bound, read, released), for a service whose
    /// witnesses must know its URL before it starts.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { throw CLI.Failure(description: "no free port: \(String(cString: strerror(errno)))") }
        return UInt16(bigEndian: address.sin_port)
    }
}
