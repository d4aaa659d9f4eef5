#if canImport(Glibc)
import Glibc
#endif
import Foundation
import UrnaHTTP
import UrnaTLS

/// Certificates made at test time with the `openssl` command, in a temporary directory.
final class TLSFixtures {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A self-signed P-256 certificate for localhost and 127.0.0.1: (certificate, key) paths.
    func selfSigned(_ name: String, subject: String = "/CN=localhost",
                    names: String = "DNS:localhost,IP:127.0.0.1") throws -> (certificate: String, key: String) {
        let certificate = path("\(name)-cert.pem"), key = path("\(name)-key.pem")
        let result = try Self.run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                              "-subj", subject, "-addext", "subjectAltName=\(names)", "-days", "1",
                                              "-keyout", key, "-out", certificate])
        guard result.status == 0 else { throw TLSError(.badCertificate, "openssl req failed: \(result.output)") }
        return (certificate, key)
    }

    /// Whether a program is on the PATH.
    static func installed(_ program: String) -> Bool {
        (try? run("sh", ["-c", "command -v \(program)"]).status) == 0
    }

    /// Runs a program with `input` (or none); its exit status and its output and errors together.
    /// Killed after `timeout` seconds (a generous bound, so that a hung server cannot hang the tests).
    static func run(_ program: String, _ arguments: [String], input: String? = nil,
                    timeout: Double = 60) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("urna-tls-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let pipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : pipe
        try process.run()
        if let input {
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        }
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        process.waitUntilExit()
        killer.cancel()
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }

    /// An HTTPS server on 127.0.0.1 with `/healthz` and `/peer`, already started.
    static func server(context: TLSServerContext, _ configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> HTTPServer {
        var configuration = HTTPServer.Configuration()
        configuration.tls = context
        configure(&configuration)
        let server = HTTPServer(configuration: configuration) { request, connection in
            switch request.path {
            case "/healthz": HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain")], body: Array("ok\n".utf8))
            case "/peer": HTTPResponse(status: .ok, body: Array("\(connection.remoteAddress) tls=\(connection.isTLS)".utf8))
            default: HTTPResponse.problem(.notFound, code: "not-found", detail: "no route for this path")
            }
        }
        try server.start()
        return server
    }

    /// A TCP socket connected to 127.0.0.1:`port`, with a receive timeout of `timeout` seconds.
    static func connect(port: UInt16, timeout: Int = 10) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw TLSError(.io, "connect: \(String(cString: strerror(errno)))")
        }
        var receive = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &receive, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Reads from a stream until the peer closes or `limit` seconds pass.
    static func readAll(_ stream: HTTPByteStream, limit: Double = 10) throws -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            guard let count = try buffer.withUnsafeMutableBytes({ try stream.read(into: $0) }) else { continue }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
