import Foundation
import Testing
import UrnaHTTP

/// `urna serve` as a real process on a loopback port (issue 11's end-to-end tests).
@Suite(.serialized) struct ServeCLITests {
    @Test func healthMetricsAndACleanStop() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let served = try ServedElection(election)
        let client = try HTTPClient(baseURL: served.url)
        #expect(try client.get("/healthz").body == Array("ok\n".utf8))
        #expect(try client.get("/v1/elections/cli-2026/nothing").status == 404)
        let metrics = try PrometheusText(String(decoding: try client.get("/metrics").body, as: UTF8.self))
        #expect(metrics.types["urna_http_requests_total"] == "counter")
        #expect(metrics.types["urna_http_request_duration_seconds"] == "histogram")
        #expect(metrics.value("urna_http_requests_total", ["route": "/healthz", "status": "200"]) == 1)
        // An unknown path is counted under "unknown", never under its raw text.
        #expect(metrics.value("urna_http_requests_total", ["route": "unknown", "status": "404"]) == 1)
        #expect((metrics.value("urna_ledger_size", ["election": "cli-2026"]) ?? 0) > 0)
        #expect(election.exists("el/admin.sock"))
        client.close()
        let outcome = try served.stop(SIGTERM)
        #expect(outcome.status == 0 && !outcome.signalled, "\(outcome.err)")
        #expect(outcome.err.contains("stopped"))
        // One structured access-log line per request.
        #expect(outcome.err.split(separator: "\n").filter { $0.contains("route=\"/healthz\"") && $0.contains("status=200") }.count == 1)
        #expect(!election.exists("el/admin.sock"))
    }

    /// An access log on a full disk (`/dev/full` fails every write with ENOSPC) used to end the
    /// service: Foundation's `FileHandle.write(_:)` traps on a write error. The lines are
    /// dropped instead, stderr says so, and the service serves and stops cleanly.
    @Test func accessLogOnAFullDiskDoesNotStopTheService() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let served = try ServedElection(election, arguments: ["--access-log", "/dev/full"])
        let client = try HTTPClient(baseURL: served.url)
        for _ in 0..<3 { #expect(try client.get("/healthz").status == 200) }
        client.close()
        #expect(served.process.isRunning)
        let outcome = try served.stop(SIGTERM)
        #expect(outcome.status == 0 && !outcome.signalled, "\(outcome.err)")
        #expect(outcome.err.contains("the access log cannot be written"), "\(outcome.err)")
    }

    @Test func plainHTTPOnlyOnLoopback() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let refused = try election.urna("serve", "--dir", "el", "--listen", "0.0.0.0:0")
        #expect(refused.status == 2)
        #expect(refused.err.contains("--tls-cert"))
        let half = try election.urna("serve", "--dir", "el", "--tls-cert", "x.pem")
        #expect(half.status == 2)
    }

    @Test func adminCommandsWorkBesideTheService() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let served = try ServedElection(election)
        let client = try HTTPClient(baseURL: served.url)
        #expect(String(decoding: try client.get("/v1/elections/cli-2026").body, as: UTF8.self).contains("\"phase\":\"open\""))
        // Status reads beside it; close pauses it over admin.sock, then it resumes.
        #expect(try election.status().contains("open"))
        let closed = try election.urna("election", "close", "--dir", "el")
        #expect(closed.status == 0, "\(closed.err)")
        #expect(closed.err.contains("pausing it"))
        #expect(String(decoding: try client.get("/v1/elections/cli-2026").body, as: UTF8.self).contains("\"phase\":\"closed\""))
        let late = try client.post("/v1/elections/cli-2026/district", body: Array(#"{"activation_code":"x","pseudonym":"00000000000000000000000000000000"}"#.utf8))
        #expect(late.problem?.code == "wrong-phase")
        // A command killed while holding the pause does not leave the service paused.
        let tally = try CLI.start("urna", ["election", "tally", "--dir", "el"], in: election.root)
        usleep(300_000)
        tally.send(SIGKILL)
        _ = try tally.wait(timeout: 30)
        var phase = ""
        for _ in 0..<100 {
            let answer = try client.get("/v1/elections/cli-2026")
            if answer.status == 200 {
                phase = String(decoding: answer.body, as: UTF8.self)
                break
            }
            usleep(100_000)
        }
        #expect(phase.contains("\"phase\":\"closed\"") || phase.contains("\"phase\":\"tallied\""))
        client.close()
        #expect(try served.stop().status == 0)
    }

    @Test func hostileRequestsGetTheirAnswerAndOthersAreStillServed() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        let served = try ServedElection(election, arguments: ["--read-timeout", "2", "--max-body", "4096", "--max-connections", "64"])
        // Idle connections held open, and a slow sender that never finishes its request.
        let idle = try (0..<20).map { _ in try RawSocket(port: served.port) }
        let slow = try RawSocket(port: served.port)
        slow.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
        // Others are still served at once.
        let client = try HTTPClient(baseURL: served.url)
        #expect(try client.get("/healthz").status == 200)
        // Malformed, oversized header, oversized body, unsupported framing.
        let cases: [(String, [UInt8], Int)] = [
            ("garbage", Array("\u{0}\u{1}\u{2} nonsense\r\n\r\n".utf8), 400),
            ("header", Array(("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 40_000) + "\r\n\r\n").utf8), 431),
            ("body", Array("POST /v1/elections/cli-2026/ballots HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n".utf8), 413),
            ("chunked", Array("POST /v1/elections/cli-2026/ballots HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8), 501),
            ("target", Array(("GET /" + String(repeating: "a", count: 10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").utf8), 414),
            ("version", Array("GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n".utf8), 505),
        ]
        for (name, request, status) in cases {
            let socket = try RawSocket(port: served.port)
            socket.send(request)
            let (bytes, closed) = socket.readUntilClosed(timeout: 10)
            #expect(RawSocket.status(bytes) == status, "\(name): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
            #expect(closed, "\(name): the connection stays open")
        }
        // The slow request times out with 408; the idle ones are closed.
        let (late, closed) = slow.readUntilClosed(timeout: 10)
        #expect(RawSocket.status(late) == 408)
        #expect(closed)
        for socket in idle { #expect(socket.readUntilClosed(timeout: 10).closed) }
        // And the server still serves.
        #expect(try client.get("/healthz").status == 200)
        client.close()
        #expect(try served.stop().status == 0)
    }
}
