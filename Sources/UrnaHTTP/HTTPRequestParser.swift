import Foundation

/// An incremental, strict HTTP/1.1 request parser (RFC 9112): feed it bytes as they arrive,
/// take requests out one by one (pipelining keeps the rest buffered). Every fault is an
/// ``HTTPError`` with the status to answer before closing the connection:
/// - a request line that is not `METHOD SP /target SP HTTP/1.x CRLF` → 400 (505 for another version);
/// - a header line with white space before the colon, an obsolete line fold, a bare CR or LF,
///   a control character, or a second `Host`/`Content-Length` → 400; no `Host` in HTTP/1.1 → 400;
/// - `Transfer-Encoding` → 501 (bodies carry `Content-Length`; both together are refused as a
///   smuggling attempt, 400);
/// - header section, target or body beyond ``HTTPLimits`` → 431, 414, 413, as soon as it is known.
public struct HTTPRequestParser: Sendable {
    public let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// Where the unread part of ``buffer`` starts.
    private var start = 0
    /// Where the search for the end of the header section resumes: bytes before it were
    /// already searched, so a header sent one byte at a time costs linear time, not quadratic.
    private var searchFrom = 0
    /// A consumed prefix longer than this is dropped when more bytes arrive, so pipelined
    /// requests never accumulate in memory.
    static let compactionThreshold = 64 * 1024

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Bytes received and not yet taken as requests.
    public var buffered: Int { buffer.count - start }

    /// Bytes held, consumed or not (for tests of the compaction).
    var storedBytes: Int { buffer.count }

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            searchFrom = 0
            start = 0
        } else if start >= Self.compactionThreshold {
            buffer.removeFirst(start)
            searchFrom = max(0, searchFrom - start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete request, or nil when more bytes are needed.
    public mutating func next() throws -> HTTPRequest? {
        // RFC 9112 §2.2: empty lines before a request line are ignored.
        while buffered >= 2, buffer[start] == 0x0D, buffer[start + 1] == 0x0A { start += 2 }
        guard let headerEnd = findHeaderEnd() else {
            guard buffered <= limits.maxHeaderBytes else {
                throw HTTPError(.headerFieldsTooLarge, "the request line and header fields exceed \(limits.maxHeaderBytes) bytes")
            }
            return nil
        }
        guard headerEnd - start <= limits.maxHeaderBytes else {
            throw HTTPError(.headerFieldsTooLarge, "the request line and header fields exceed \(limits.maxHeaderBytes) bytes")
        }
        let lines = try Self.lines(buffer[start..<headerEnd])
        guard let requestLine = lines.first else { throw HTTPError(.badRequest, "no request line") }
        let (method, target, version) = try parseRequestLine(requestLine)
        let headers = try parseHeaders(lines.dropFirst())
        let length = try bodyLength(headers, version: version)
        guard length <= limits.maxBodyBytes else {
            throw HTTPError(.contentTooLarge, "a body of \(length) bytes; at most \(limits.maxBodyBytes) are accepted")
        }
        let bodyStart = headerEnd + 4
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        return HTTPRequest(method: method, target: target, version: version, headers: headers, body: body)
    }

    /// The index of the CRLFCRLF ending the header section, if buffered.
    private mutating func findHeaderEnd() -> Int? {
        var i = max(start, searchFrom)
        while i + 3 < buffer.count {
            if buffer[i] == 0x0D, buffer[i + 1] == 0x0A, buffer[i + 2] == 0x0D, buffer[i + 3] == 0x0A { return i }
            i += 1
        }
        searchFrom = max(start, buffer.count - 3)
        return nil
    }

    /// Splits the header section on CRLF; a bare CR or LF is refused.
    private static func lines(_ bytes: ArraySlice<UInt8>) throws -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = bytes.startIndex, i = bytes.startIndex
        while i < bytes.endIndex {
            switch bytes[i] {
            case 0x0D:
                guard i + 1 < bytes.endIndex, bytes[i + 1] == 0x0A else { throw HTTPError(.badRequest, "a bare CR in the header section") }
                lines.append(bytes[lineStart..<i])
                i += 2
                lineStart = i
            case 0x0A:
                throw HTTPError(.badRequest, "a bare LF in the header section (lines end with CRLF)")
            default:
                i += 1
            }
        }
        lines.append(bytes[lineStart..<bytes.endIndex])
        return lines
    }

    /// `tchar` of RFC 9110 §5.6.2.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    private func parseRequestLine(_ line: ArraySlice<UInt8>) throws -> (String, String, String) {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(Self.isTokenCharacter) else {
            throw HTTPError(.badRequest, "the request line is not 'METHOD /target HTTP/1.1'")
        }
        let target = parts[1]
        guard target.count <= limits.maxTargetBytes else {
            throw HTTPError(.uriTooLong, "a request target of \(target.count) bytes; at most \(limits.maxTargetBytes) are accepted")
        }
        // Origin form only (RFC 9112 §3.2.1): a path, visible ASCII, no fragment.
        guard target.first == UInt8(ascii: "/"), target.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "#") }) else {
            throw HTTPError(.badRequest, "the request target must be a path starting with '/', in visible ASCII")
        }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version.hasPrefix("HTTP/"), version.utf8.count == 8 else {
            throw HTTPError(.badRequest, "the request line does not end with an HTTP version")
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw HTTPError(.versionNotSupported, "only HTTP/1.1 (and 1.0) are served")
        }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: target, as: UTF8.self), version)
    }

    private func parseHeaders(_ lines: ArraySlice<ArraySlice<UInt8>>) throws -> [HTTPRequest.Header] {
        guard lines.count <= limits.maxHeaderCount else {
            throw HTTPError(.headerFieldsTooLarge, "\(lines.count) header fields; at most \(limits.maxHeaderCount) are accepted")
        }
        var headers: [HTTPRequest.Header] = []
        for line in lines {
            guard let first = line.first, first != 0x20, first != 0x09 else {
                throw HTTPError(.badRequest, "an obsolete line fold (a header line starting with white space)")
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy(Self.isTokenCharacter) else {
                throw HTTPError(.badRequest, "a header line is not 'Name: value' (no white space before the colon)")
            }
            let raw = line[(colon + 1)...]
            // Field values: visible characters, SP, HTAB and obs-text; no other control.
            guard raw.allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7F }) else {
                throw HTTPError(.badRequest, "a control character in a header value")
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
                .trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            headers.append(HTTPRequest.Header(name: name, value: value))
        }
        return headers
    }

    private func bodyLength(_ headers: [HTTPRequest.Header], version: String) throws -> Int {
        let hosts = headers.filter { $0.name == "host" }
        if version == "HTTP/1.1", hosts.count != 1 {
            throw HTTPError(.badRequest, hosts.isEmpty ? "an HTTP/1.1 request needs a Host header" : "more than one Host header")
        }
        let lengths = headers.filter { $0.name == "content-length" }
        if headers.contains(where: { $0.name == "transfer-encoding" }) {
            guard lengths.isEmpty else {
                throw HTTPError(.badRequest, "both Transfer-Encoding and Content-Length: refused (request smuggling)")
            }
            throw HTTPError(.notImplemented, "Transfer-Encoding is not supported; send the body with Content-Length")
        }
        guard let length = lengths.first else { return 0 }
        guard lengths.count == 1 else { throw HTTPError(.badRequest, "more than one Content-Length header") }
        guard !length.value.isEmpty, length.value.utf8.count <= 18, length.value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let value = Int(length.value) else {
            throw HTTPError(.badRequest, "Content-Length must be a decimal number of bytes")
        }
        return value
    }
}
