#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import UrnaHTTP

@Suite("HTTP client against real loopback servers", .serialized)
struct HTTPClientTests {
    static func server(_ configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> HTTPServer {
        var configuration = HTTPServer.Configuration()
        configure(&configuration)
        let server = HTTPServer(configuration: configuration) { request, _ in
            switch (request.method, request.path) {
            case ("GET", "/v1/hello"):
                return HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain"), ("X-Accept", request.header("accept") ?? "")],
                                    body: Array("hello \(request.query ?? "")".utf8))
            case ("POST", "/v1/echo"):
                return HTTPResponse(status: .ok, headers: [("Content-Type", request.header("content-type") ?? "")], body: request.body)
            case ("GET", "/v1/big"):
                return HTTPResponse(status: .ok, body: [UInt8](repeating: 0x61, count: 5000))
            default:
                return HTTPResponse.problem(.notFound, code: "no-route", detail: "no route for this path")
            }
        }
        try server.start()
        return server
    }

    @Test("GET and POST through a base URL prefix; headers, query and body arrive whole")
    func getAndPost() throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)/v1/")
        defer { client.close() }
        let hello = try client.get("/hello?start=5", accept: "text/plain")
        #expect(hello.status == 200 && hello.text == "hello start=5" && hello.header("X-ACCEPT") == "text/plain")
        let body = Array("{\"a\":1}".utf8)
        let echo = try client.post("/echo", body: body)
        #expect(echo.status == 200 && echo.body == body && echo.header("content-type") == "application/json")
        let empty = try client.post("/echo", body: [], contentType: "text/plain")
        #expect(empty.status == 200 && empty.body.isEmpty)
    }

    @Test("names and IPv6: localhost resolves; a bad URL is refused with a clear error")
    func urls() throws {
        let server = try Self.server()
        defer { server.stop() }
        #expect(try HTTPClient(baseURL: "http://localhost:\(server.port)/v1").get("/hello").status == 200)
        let v6 = try HTTPURL("http://[::1]:8080/v1/elections/x")
        #expect(v6.host == "::1" && v6.port == 8080 && v6.prefix == "/v1/elections/x" && v6.authority == "[::1]:8080")
        #expect(try HTTPURL("https://example.org").port == 443)
        for bad in ["ftp://x", "example.org", "http://", "http://a b", "http://x:0", "http://x:99999", "http://u@x", "http://x/?q", "http://::1:80"] {
            #expect(throws: HTTPError.self, "\(bad)") { try HTTPClient(baseURL: bad) }
        }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)")
        #expect(throws: HTTPError.self) { try client.get("no-slash") }
        #expect(throws: HTTPError.self) { try client.get("/a\r\nX: y") }
    }

    @Test("keep-alive: many requests on one connection (the server allows only one)")
    func keepAliveReuse() throws {
        let server = try Self.server { $0.maxConnections = 1 }
        defer { server.stop() }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)")
        for i in 0..<20 {
            let response = i.isMultiple(of: 2) ? try client.get("/v1/hello") : try client.post("/v1/echo", body: [UInt8(i)])
            #expect(response.status == 200, "request \(i): \(response.summary)")
        }
        client.close()
        // The server frees its one slot once it has seen the close.
        let deadline = Date().addingTimeInterval(10)
        while server.connectionCount > 0, Date() < deadline { usleep(1000) }
        // Concurrent callers serialise on the one connection.
        let other = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)")
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                guard try other.get("/v1/hello").status == 200 else { failures.add("status"); return }
            } catch {
                failures.add("\(error)")
            }
        }
        other.close()
        #expect(failures.all.isEmpty, "\(failures.all)")
    }

    @Test("a problem+json answer is decoded; another answer has no problem")
    func problems() throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)")
        let missing = try client.get("/nowhere")
        #expect(missing.status == 404 && missing.problem?.code == "no-route" && missing.problem?.detail == "no route for this path")
        #expect(try client.get("/v1/hello").problem == nil)
    }

    @Test("a response over the size limit is refused")
    func oversized() throws {
        let server = try Self.server()
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.maxResponseBytes = 4999
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)", configuration: configuration)
        do {
            _ = try client.get("/v1/big")
            Issue.record("an oversized answer must be refused")
        } catch let error as HTTPError {
            #expect(error.reason.contains("exceeds"), "\(error)")
        }
        configuration.maxResponseBytes = 5000
        #expect(try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)", configuration: configuration).get("/v1/big").body.count == 5000)
        // A length-less body read to the end of the stream is bounded too.
        let scripted = try ScriptedServer([{ $0.readRequest(); $0.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + String(repeating: "x", count: 6000)) }])
        #expect(throws: HTTPError.self) {
            try HTTPClient(baseURL: "http://127.0.0.1:\(scripted.port)", configuration: configuration).get("/")
        }
        scripted.finish()
    }

    @Test("a server that closes the kept-alive connection: a GET reconnects once, a POST is not re-sent")
    func serverCloses() throws {
        let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        // 1: answers, then closes while idle. 2: answers, then takes the next request and closes
        // without answering. 3: answers the GET retried. 4: answers, then drops the POST.
        let server = try ScriptedServer([
            { $0.readRequest(); $0.send(ok) },
            { $0.readRequest(); $0.send(ok); $0.readRequest() },
            { $0.readRequest(); $0.send(ok); $0.readRequest() },
            { $0.readRequest(); $0.send(ok) },
        ])
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)")
        #expect(try client.get("/1").text == "ok")
        server.waitForConnection(1)
        #expect(try client.get("/2").text == "ok")  // the idle connection was seen closed
        #expect(try client.get("/3").text == "ok")  // dropped without an answer: sent again on connection 3
        do {
            _ = try client.post("/4", body: [1])
            Issue.record("a POST dropped without an answer must not succeed")
        } catch let error as HTTPError {
            #expect(error.reason.contains("not sent again"), "\(error)")
        }
        #expect(try client.get("/5").text == "ok")
        server.finish()
        #expect(server.requests == ["/1", "/2", "/3", "/3", "/4", "/5"])
    }

    @Test("a server that never answers: the client gives up at its timeout")
    func timeout() throws {
        let server = try ScriptedServer([{ $0.readRequest(); $0.waitForPeerClose() }])
        var configuration = HTTPClient.Configuration()
        configuration.timeout = 0.5
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)", configuration: configuration)
        do {
            _ = try client.get("/")
            Issue.record("a silent server must time out")
        } catch let error as HTTPError {
            #expect(error.status == .gatewayTimeout, "\(error)")
        }
        client.close()
        server.finish()
    }

    @Test("malformed, chunked, truncated or ambiguous answers are refused; a Connection: close body is read to the end")
    func malformed() throws {
        let bad = [
            "HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
            "HTTP/2 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\n X: folded\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nok",
            "HTTP/1.1 200 OK\r\n\r\nok-without-length",
            "HTTP/1.1 200 OK\r\nX: \u{1}\r\nContent-Length: 2\r\n\r\nok",
            "garbage",
        ]
        for answer in bad {
            let server = try ScriptedServer([{ $0.readRequest(); $0.send(answer); $0.closeWrite(); $0.waitForPeerClose() }])
            var configuration = HTTPClient.Configuration()
            configuration.timeout = 5
            let client = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)", configuration: configuration)
            do {
                _ = try client.get("/")
                Issue.record("accepted \(answer.debugDescription)")
            } catch let error as HTTPError {
                #expect(error.status == .badGateway && error.reason.hasPrefix("malformed response"), "\(answer.debugDescription): \(error)")
            }
            client.close()
            server.finish()
        }
        let server = try ScriptedServer([{ $0.readRequest(); $0.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nto the end") }])
        let response = try HTTPClient(baseURL: "http://127.0.0.1:\(server.port)").get("/")
        #expect(response.status == 200 && response.text == "to the end")
        server.finish()
    }

    @Test("an https URL to a plain-HTTP server: the handshake fails with an error naming TLS and the fix")
    func httpsToPlainServer() throws {
        let server = try Self.server()
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = 1
        let client = try HTTPClient(baseURL: "https://127.0.0.1:\(server.port)", configuration: configuration)
        do {
            _ = try client.get("/v1/hello")
            Issue.record("a plain server cannot answer over TLS")
        } catch let error as HTTPError {
            #expect(error.status == .badGateway && error.reason.contains("TLS with 127.0.0.1") && error.reason.contains("--cacert"), "\(error)")
        }
    }
}

/// Errors collected from concurrent callers.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
