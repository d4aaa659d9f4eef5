/// A base URL the client accepts: `http://host[:port][/prefix]` or `https://…`, with a host
/// name, an IPv4 address or a bracketed IPv6 address. Nothing else (no user info, no query,
/// no fragment): a client points at a service root or an election, not at arbitrary resources.
public struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: UInt16
    /// The path prefix every request path is appended to, without a trailing `/` ("" for none).
    public let prefix: String

    public var isTLS: Bool { scheme == "https" }

    /// The `Host` header value (RFC 9110 §7.2): the port only when it is not the scheme's default.
    public var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isTLS ? 443 : 80) ? name : "\(name):\(port)"
    }

    public var description: String { "\(scheme)://\(authority)\(prefix)" }

    public init(_ text: String) throws {
        let lower = text.lowercased()
        let scheme: String
        if lower.hasPrefix("http://") {
            scheme = "http"
        } else if lower.hasPrefix("https://") {
            scheme = "https"
        } else {
            throw HTTPError(.badRequest, "'\(Self.shown(text))' is not an http:// or https:// URL; give e.g. https://host:8443/v1/elections/ID")
        }
        let rest = text.dropFirst(scheme.count + 3)
        guard rest.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw HTTPError(.badRequest, "the URL holds spaces or characters outside visible ASCII; percent-encode them")
        }
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else {
            throw HTTPError(.badRequest, "the URL may not carry a query, a fragment or user information; give scheme://host:port/path")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let hostPort = rest[..<slash]
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw HTTPError(.badRequest, "an IPv6 address in a URL is written in brackets, e.g. http://[::1]:8080")
            }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw HTTPError(.badRequest, "unexpected characters after the IPv6 address in the URL") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw HTTPError(.badRequest, "'\(Self.shown(String(host)))' is not an IPv6 address")
            }
        } else {
            let parts = hostPort.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else {
                throw HTTPError(.badRequest, "an IPv6 address in a URL is written in brackets, e.g. http://[::1]:8080")
            }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
            guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) else {
                throw HTTPError(.badRequest, "the URL has no valid host name; give e.g. http://127.0.0.1:8080")
            }
        }
        var port: UInt16 = scheme == "https" ? 443 : 80
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt16(portText), value > 0 else {
                throw HTTPError(.badRequest, "the port in the URL must be a number from 1 to 65535")
            }
            port = value
        }
        self.scheme = scheme
        self.host = String(host).lowercased()
        self.port = port
        self.prefix = path
    }

    /// The URL text made safe to quote in an error (no control characters, bounded).
    static func shown(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(200).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
