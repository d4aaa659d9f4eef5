import UrnaHTTP

/// The browser pages of `urna serve`: `/`, `/vote`, `/receipt`, `/ledger`, `/check`, and their
/// scripts and style under `/assets/`. Each page is `pages/layout.html` around the page's own
/// `pages/NAME.html`, with every script loaded from `/assets/` (no inline script or style), sent
/// with a Content-Security-Policy that allows nothing from anywhere but this service.
public enum WebPages {
    /// The pages, by path, with their titles.
    public static let pages: [(path: String, name: String, title: String)] = [
        ("/", "home", "Election"),
        ("/vote", "vote", "Vote"),
        ("/receipt", "receipt", "Check a receipt"),
        ("/ledger", "ledger", "Ledger"),
        ("/check", "check", "Was a token issued in my name?"),
    ]

    /// The scripts every page loads, in order: the crypto and ledger libraries, then the page's own.
    public static let libraries = [
        "js/urna-bytes.js", "js/urna-p256.js", "js/urna-hash.js", "js/urna-elgamal.js", "js/urna-proofs.js",
        "js/urna-blindrsa.js", "js/urna-ed25519.js", "js/urna-ledger.js", "js/urna-ballot.js", "js/page-common.js",
    ]

    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

    /// The answer to a GET of `path`, or nil when `path` is not a page or an asset.
    public static func response(path: String) -> HTTPResponse? {
        if let page = pages.first(where: { $0.path == path || ($0.path != "/" && $0.path + "/" == path) }) {
            guard let html = render(page.name, title: page.title) else { return nil }
            return answer(html, contentType: "text/html; charset=utf-8", cache: "no-store")
        }
        guard path.hasPrefix("/assets/") else { return nil }
        let name = String(path.dropFirst("/assets/".count))
        guard !name.hasPrefix("pages/"), let asset = WebAssets.asset(name), let type = asset.contentType else { return nil }
        return answer(asset.text, contentType: type, cache: "no-cache")
    }

    /// `layout.html` with the page's title, navigation state, main content and scripts filled in.
    static func render(_ name: String, title: String) -> String? {
        guard let layout = WebAssets.asset("pages/layout.html")?.text,
              let main = WebAssets.asset("pages/\(name).html")?.text else { return nil }
        let scripts = (libraries + ["js/page-\(name).js"])
            .map { "<script src=\"/assets/\($0)\"></script>" }
            .joined(separator: "\n")
        return layout
            .replacingOccurrences(of: "<!--title-->", with: title)
            .replacingOccurrences(of: "<!--page-->", with: name)
            .replacingOccurrences(of: "<!--main-->", with: main)
            .replacingOccurrences(of: "<!--scripts-->", with: scripts)
    }

    private static func answer(_ text: String, contentType: String, cache: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: [
            ("Content-Type", contentType),
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cache-Control", cache),
        ], body: Array(text.utf8))
    }
}
