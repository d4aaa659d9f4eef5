import Foundation

/// A strict HTTP/1.1 response parser for the client (RFC 9112 §4, §6): feed it bytes as they
/// arrive, take the response out when it is complete. Refused (an ``HTTPError`` with 502):
/// a status line that is not `HTTP/1.x DDD reason`, a header line with white space before the
/// colon, an obsolete fold, a bare CR or LF, a control character, two `Content-Length`s,
/// `Transfer-Encoding` (chunked answers are not accepted), a header section over
/// ``maxHeaderBytes``, a body over ``maxBodyBytes``. A response without `Content-Length` is
/// accepted only with `Connection: close`, its body read to the end of the stream.
public struct HTTPResponseParser: Sendable {
    public let maxHeaderBytes: Int
    public let maxBodyBytes: Int
    /// Whether the request was HEAD (its response has no body whatever it says).
    private let noBody: Bool
    private var buffer: [UInt8] = []
    private var head: Head?

    struct Head: Sendable {
        let status: Int
        let headers: [(name: String, value: String)]
        let bodyStart: Int
        /// nil: read to the end of the stream.
        let length: Int?
        let closes: Bool
    }

    public init(maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 64 << 20, noBody: Bool = false) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.noBody = noBody
    }

    /// Bytes received so far.
    public var received: Int { buffer.count }

    public mutating func append(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if let head {
            let limit = head.length ?? maxBodyBytes
            guard buffer.count - head.bodyStart <= limit else {
                throw head.length == nil
                    ? Self.tooLarge("the response body exceeds \(maxBodyBytes) bytes")
                    : Self.refused("the server sent more bytes than its Content-Length announced")
            }
        }
    }

    /// The complete response, or nil when more bytes are needed. `atEnd`: the stream ended
    /// (a body without `Content-Length` is then complete; anything else incomplete is an error).
    public mutating func next(atEnd: Bool = false) throws -> (response: HTTPClientResponse, closes: Bool)? {
        if head == nil {
            guard let end = findHeaderEnd() else {
                guard buffer.count <= maxHeaderBytes else {
                    throw Self.refused("the response's status line and headers exceed \(maxHeaderBytes) bytes")
                }
                guard !atEnd else {
                    throw Self.refused(buffer.isEmpty ? "the server closed the connection without answering"
                                                      : "the server closed the connection in the middle of the response headers")
                }
                return nil
            }
            guard end <= maxHeaderBytes else {
                throw Self.refused("the response's status line and headers exceed \(maxHeaderBytes) bytes")
            }
            head = try parseHead(end)
        }
        guard let head else { return nil }
        let available = buffer.count - head.bodyStart
        if let length = head.length {
            guard available >= length else {
                guard !atEnd else { throw Self.refused("the server closed the connection after \(available) of \(length) body bytes") }
                return nil
            }
            guard available == length else {
                throw Self.refused("the server sent more bytes than its Content-Length announced")
            }
        } else {
            guard available <= maxBodyBytes else { throw Self.tooLarge("the response body exceeds \(maxBodyBytes) bytes") }
            guard atEnd else { return nil }
        }
        let body = Array(buffer[head.bodyStart...])
        return (HTTPClientResponse(status: head.status, headers: head.headers, body: body), head.closes)
    }

    private func findHeaderEnd() -> Int? {
        var i = 0
        while i + 3 < buffer.count {
            if buffer[i] == 0x0D, buffer[i + 1] == 0x0A, buffer[i + 2] == 0x0D, buffer[i + 3] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    private func parseHead(_ end: Int) throws -> Head {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0, i = 0
        while i < end {
            switch buffer[i] {
            case 0x0D:
                guard buffer[i + 1] == 0x0A else { throw Self.refused("a bare CR in the response headers") }
                lines.append(buffer[lineStart..<i])
                i += 2
                lineStart = i
            case 0x0A:
                throw Self.refused("a bare LF in the response headers")
            default:
                i += 1
            }
        }
        lines.append(buffer[lineStart..<end])
        let (status, version) = try parseStatusLine(lines[0])
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let first = line.first, first != 0x20, first != 0x09 else {
                throw Self.refused("an obsolete line fold in the response headers")
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy(HTTPRequestParser.isTokenCharacter) else {
                throw Self.refused("a response header line is not 'Name: value'")
            }
            let raw = line[(colon + 1)...]
            guard raw.allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7F }) else {
                throw Self.refused("a control character in a response header value")
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
                .trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            headers.append((name, value))
        }
        guard !headers.contains(where: { $0.name == "transfer-encoding" }) else {
            throw Self.refused("the server sent a Transfer-Encoding (chunked) response; only Content-Length bodies are accepted")
        }
        let options = headers.filter { $0.name == "connection" }
            .flatMap { $0.value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let closes = options.contains("close") || (version == "HTTP/1.0" && !options.contains("keep-alive"))
        let lengths = headers.filter { $0.name == "content-length" }
        var length: Int?
        if noBody || status == 204 || status == 304 || (100..<200).contains(status) {
            length = 0
        } else if let text = lengths.first?.value {
            guard lengths.count == 1 else { throw Self.refused("the response has more than one Content-Length") }
            guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text) else {
                throw Self.refused("the response's Content-Length is not a decimal number")
            }
            guard value <= maxBodyBytes else {
                throw Self.tooLarge("the response body of \(value) bytes exceeds the limit of \(maxBodyBytes) bytes")
            }
            length = value
        } else {
            guard closes else {
                throw Self.refused("the response has neither Content-Length nor Connection: close, so its end cannot be known")
            }
        }
        return Head(status: status, headers: headers, bodyStart: end + 4, length: length, closes: closes || length == nil)
    }

    private func parseStatusLine(_ line: ArraySlice<UInt8>) throws -> (Int, String) {
        let bytes = Array(line)
        guard bytes.count >= 12, bytes.count <= 1024,
              bytes[0..<7].elementsEqual("HTTP/1.".utf8), bytes[7] == UInt8(ascii: "0") || bytes[7] == UInt8(ascii: "1"),
              bytes[8] == 0x20, bytes[9..<12].allSatisfy({ (0x30...0x39).contains($0) }),
              bytes.count == 12 || bytes[12] == 0x20,
              bytes.dropFirst(12).allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7F }),
              let status = Int(String(decoding: bytes[9..<12], as: UTF8.self)), status >= 100 else {
            throw Self.refused("the server's answer does not start with an HTTP/1.1 status line")
        }
        return (status, String(decoding: bytes[0..<8], as: UTF8.self))
    }

    /// A response larger than the client accepts: 413, so that a caller can ask for less.
    static func tooLarge(_ reason: String) -> HTTPError {
        HTTPError(.contentTooLarge, "response refused: \(reason)")
    }

    static func refused(_ reason: String) -> HTTPError {
        HTTPError(.badGateway, "malformed response: \(reason)")
    }
}
