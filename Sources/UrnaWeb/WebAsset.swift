/// One file of the browser pages, embedded in the binary (`Assets/` in the source tree).
public struct WebAsset: Sendable, Hashable {
    /// The path below `Assets/`, e.g. `js/urna-p256.js`; served as `/assets/` + path.
    public let path: String
    /// The file's bytes, UTF-8 text.
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The media type by extension; nil for a kind of file that is never served.
    public var contentType: String? {
        if path.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if path.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if path.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if path.hasSuffix(".svg") { return "image/svg+xml" }
        return nil
    }
}
