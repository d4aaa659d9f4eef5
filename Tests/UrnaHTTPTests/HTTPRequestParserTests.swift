import Foundation
import Testing
@testable import UrnaHTTP

@Suite("HTTP/1.1 request parser")
struct HTTPRequestParserTests {
    static func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) throws -> HTTPRequest? {
        var parser = HTTPRequestParser(limits: limits)
        parser.append(Array(text.utf8))
        return try parser.next()
    }

    /// The status a request is refused with.
    static func refusal(_ text: String, limits: HTTPLimits = HTTPLimits(), sourceLocation: SourceLocation = #_sourceLocation) -> Int? {
        do {
            let request = try parse(text, limits: limits)
            Issue.record("accepted: \(String(describing: request))", sourceLocation: sourceLocation)
            return nil
        } catch let error as HTTPError {
            return error.status.code
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test("a request with a body, byte by byte, then a pipelined second request")
    func incrementalAndPipelined() throws {
        let first = "POST /v1/ballots?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\nhello"
        let second = "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        var parser = HTTPRequestParser()
        var requests: [HTTPRequest] = []
        for byte in Array((first + second).utf8) {
            parser.append([byte])
            while let request = try parser.next() { requests.append(request) }
        }
        #expect(requests.count == 2)
        #expect(requests[0].method == "POST" && requests[0].path == "/v1/ballots" && requests[0].query == "x=1")
        #expect(requests[0].header("CONTENT-TYPE") == "application/json" && requests[0].body == Array("hello".utf8))
        #expect(requests[0].keepAlive)
        #expect(requests[1].path == "/healthz" && requests[1].body.isEmpty && !requests[1].keepAlive)
        #expect(parser.buffered == 0)
    }

    @Test("HTTP/1.0 closes unless keep-alive; leading empty lines are skipped; values are trimmed")
    func versionsAndWhitespace() throws {
        let old = try #require(try Self.parse("GET / HTTP/1.0\r\n\r\n"))
        #expect(!old.keepAlive)
        let kept = try #require(try Self.parse("\r\nGET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"))
        #expect(kept.keepAlive)
        let trimmed = try #require(try Self.parse("GET / HTTP/1.1\r\nHost:  a \t\r\n\r\n"))
        #expect(trimmed.header("host") == "a")
        #expect(try Self.parse("GET / HTTP/1.1\r\nHost: a\r\n") == nil)  // incomplete: more bytes needed
    }

    @Test("malformed requests are refused with 400, 501 or 505")
    func malformed() {
        #expect(Self.refusal("GET /\r\n\r\n") == 400)
        #expect(Self.refusal("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(Self.refusal("G(T / HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(Self.refusal("GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(Self.refusal("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(Self.refusal("GET /\u{e9} HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(Self.refusal("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == 505)
        #expect(Self.refusal("GET / HTTP/1.1\r\n\r\n") == 400)  // no Host
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400)
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost : a\r\n\r\n") == 400)
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n") == 400)
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n") == 400)
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n") == 400)
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: a\r\nX: b\u{1}c\r\n\r\n") == 400)
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") == 400)
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\nx") == 400)
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx") == 400)
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 501)
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc") == 400)
    }

    @Test("limits: header section 431, header count 431, target 414, body 413 — each before the rest is buffered")
    func limits() {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 256
        limits.maxHeaderCount = 4
        limits.maxTargetBytes = 32
        limits.maxBodyBytes = 10
        // The header section is refused while it is still incomplete, once it exceeds the limit.
        #expect(Self.refusal("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 300), limits: limits) == 431)
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X: 1\r\n", count: 5) + "\r\n", limits: limits) == 431)
        #expect(Self.refusal("GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\nHost: a\r\n\r\n", limits: limits) == 414)
        // The body limit is known from Content-Length: refused before any body byte arrives.
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits: limits) == 413)
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", limits: limits) == 400)
    }

    @Test("responses: status line, Content-Length and Connection set by the writer; no CR/LF injected into a header")
    func responses() throws {
        let response = HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain"), ("X-Evil", "a\r\nSet-Cookie: b"),
                                                           ("Content-Length", "999")], body: Array("ok".utf8))
        let text = String(decoding: response.serialized(keepAlive: false), as: UTF8.self)
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Evil: aSet-Cookie: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        let problem = HTTPResponse.problem(.forbidden, code: "not-authorized", detail: "pseudonym and \"code\" do not match")
        #expect(problem.headers.first?.value == "application/problem+json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(problem.body)) as? [String: Any])
        #expect(json["status"] as? Int == 403 && json["code"] as? String == "not-authorized" && json["title"] as? String == "Forbidden")
        #expect(json["type"] as? String == "urn:urna:problem:not-authorized" && json["detail"] as? String == "pseudonym and \"code\" do not match")
        let refused = HTTPResponse.problem(HTTPError(.contentTooLarge, "too big"))
        #expect(refused.status.code == 413)
    }
}

@Suite("HTTP/1.1 request parser: memory and time on hostile pipelines")
struct HTTPRequestParserMemoryTests {
    @Test("pipelined requests read in chunks that end inside the next request never accumulate")
    func pipelinedRequestsAreCompacted() throws {
        var parser = HTTPRequestParser()
        let body = [UInt8](repeating: 0x61, count: 100_000)
        let one = Array("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        let stream = Array((0..<100).map { _ in one }.joined())
        var offset = 0, parsed = 0, peak = 0
        while offset < stream.count {
            let chunk = min(16_384 + 7, stream.count - offset)  // never aligned with a request
            parser.append(stream[offset..<(offset + chunk)])
            offset += chunk
            while let request = try parser.next() {
                #expect(request.body.count == body.count)
                parsed += 1
            }
            peak = max(peak, parser.storedBytes)
        }
        #expect(parsed == 100)
        // 10 MB went through; what is held stays around one request plus the compaction slack.
        #expect(peak < 400_000, "the parser held \(peak) bytes")
    }

    @Test("a header sent one byte at a time is still parsed")
    func oneByteAtATime() throws {
        var parser = HTTPRequestParser()
        let request = Array(("GET /healthz HTTP/1.1\r\nHost: h\r\n" + (0..<50).map { "X-\($0): \(String(repeating: "v", count: 100))\r\n" }.joined() + "\r\n").utf8)
        var parsed: HTTPRequest?, early = 0
        for byte in request {
            if parsed != nil { early += 1 }
            parser.append([byte])
            parsed = try parser.next()
        }
        #expect(early == 0)
        #expect(parsed?.path == "/healthz")
        #expect(parsed?.headers.count == 51)
    }
}
