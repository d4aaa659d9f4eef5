import Foundation
import Testing
@testable import UrnaWeb

/// The embedded copy (`Embedded/WebAssets+*.swift`) is exactly the files under `Assets/`, so the
/// binary serves the reviewed files. `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`
/// regenerates it after an edit.
@Suite struct WebAssetsTests {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/UrnaWeb").standardized

    /// Every file under Assets/ that is served or composed into a page (not the README).
    static func files() throws -> [(path: String, text: String)] {
        let root = source.appendingPathComponent("Assets")
        let manager = FileManager.default
        let walker = try #require(manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        var out: [(path: String, text: String)] = []
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let path = String(url.standardized.path.dropFirst(root.standardized.path.count + 1))
            guard path != "README.md" else { continue }
            let data = try Data(contentsOf: url)
            let text = try #require(String(data: data, encoding: .utf8), "\(path) is not UTF-8")
            out.append((path, text))
        }
        return out.sorted { $0.path < $1.path }
    }

    @Test func embeddedCopyIsTheAssetsFolder() throws {
        let files = try Self.files()
        let generated = WebAssets.embeddedSources(files)
        let folder = Self.source.appendingPathComponent("Embedded")
        let manager = FileManager.default
        if ProcessInfo.processInfo.environment["URNA_WRITE_WEB_ASSETS"] == "1" {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            for stale in try manager.contentsOfDirectory(atPath: folder.path) where !generated.contains(where: { $0.name == stale }) {
                try manager.removeItem(at: folder.appendingPathComponent(stale))
            }
            for file in generated {
                try Data(file.source.utf8).write(to: folder.appendingPathComponent(file.name), options: .atomic)
            }
        }
        let stale = "Sources/UrnaWeb/Embedded is stale: run URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests"
        #expect(try manager.contentsOfDirectory(atPath: folder.path).sorted() == generated.map(\.name).sorted(), "\(stale)")
        for file in generated {
            let committed = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
            #expect(committed == file.source, "\(file.name): \(stale)")
            #expect(committed.split(separator: "\n", omittingEmptySubsequences: false).count <= 500, "\(file.name) is too long")
        }
        // And the compiled-in copy (this build) equals the files, byte for byte.
        #expect(WebAssets.all.map(\.path) == files.map(\.path))
        for file in files {
            #expect(WebAssets.asset(file.path)?.text == file.text, "\(file.path) differs from the embedded copy")
        }
    }

    @Test func generatorSurvivesDelimitersInTheText() throws {
        let tricky = "a \"\"\"# b \\#(x) \\n \"\"\"## c\n"
        let source = WebAssets.embeddedSources([("x.js", tricky)]).map(\.source).joined()
        // The delimiter chosen occurs nowhere in the text.
        let literal = try #require(source.range(of: "(\"x.js\", "))
        let hashes = source[literal.upperBound...].prefix { $0 == "#" }
        #expect(hashes.count == 3)
        #expect(!tricky.contains("\"\"\"" + hashes) && !tricky.contains("\\" + hashes))
    }

    @Test func longFilesAreCutIntoPiecesThatJoinBack() {
        let text = (0..<1000).map { "line \($0) \"\"\"#\n" }.joined() + "no newline at the end"
        let pieces = WebAssets.pieces(of: text)
        #expect(pieces.count == 3)
        #expect(pieces.joined() == text)
        #expect(WebAssets.joined([("a", "1"), ("a", "2"), ("b", "3"), ("a", "4")]).map { "\($0.0)=\($0.1)" } == ["a=12", "b=3", "a=4"])
        #expect(WebAssets.pieces(of: "") == [""])
    }

    @Test func assetsLoadNothingFromOutside() throws {
        for file in try Self.files() {
            for needle in ["http://", "https://", "//cdn", "@import", "url(", "eval(", "new Function", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"] {
                let allowed = needle == "http://" && file.text.contains("http://www.w3.org/2000/svg")
                    && file.text.components(separatedBy: "http://").count - 1 == file.text.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
                #expect(allowed || !file.text.contains(needle), "\(file.path) contains \(needle)")
            }
        }
    }

    @Test func pagesHaveNoInlineScriptOrStyle() throws {
        for page in WebPages.pages {
            let html = try #require(WebPages.render(page.name, title: page.title))
            #expect(!html.contains("<!--"), "\(page.name): a placeholder was not filled")
            #expect(!html.contains("<style"), "\(page.name): inline style element")
            #expect(!html.contains(" style="), "\(page.name): inline style attribute")
            #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "\(page.name): inline event handler")
            // Every script is an external file that is embedded.
            let scripts = html.components(separatedBy: "<script").dropFirst()
            #expect(!scripts.isEmpty)
            for script in scripts {
                let src = try #require(script.range(of: #"^ src="/assets/[^"]+"></script>"#, options: .regularExpression), "\(page.name): inline script")
                let path = script[src].dropFirst(#" src="/assets/"#.count).prefix { $0 != "\"" }
                #expect(WebAssets.asset(String(path)) != nil, "\(page.name): \(path) is not embedded")
            }
            // Every stylesheet and icon is embedded too.
            for link in html.matches(of: /<link\s[^>]*href="\/assets\/([^"]+)"/) {
                #expect(WebAssets.asset(String(link.1)) != nil, "\(page.name): \(link.1) is not embedded")
            }
            #expect(html.matches(of: /<link\s/).count == html.matches(of: /<link\s[^>]*href="\/assets\//).count, "\(page.name): a link to outside")
            // Every id is unique in the page (tests and labels rely on them).
            let ids = html.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
            #expect(Set(ids).count == ids.count, "\(page.name): repeated ids \(ids)")
            // Every input and textarea has a label.
            for id in html.matches(of: /<(?:input|textarea)[^>]*\sid="([^"]+)"/).map({ String($0.1) }) {
                #expect(html.contains("for=\"\(id)\""), "\(page.name): #\(id) has no label")
            }
        }
    }

    @Test func servesPagesAndAssetsWithAStrictPolicy() throws {
        for page in WebPages.pages {
            let response = try #require(WebPages.response(path: page.path))
            #expect(response.status.code == 200)
            let headers = Dictionary(response.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            #expect(headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(headers["Content-Security-Policy"] == WebPages.contentSecurityPolicy)
            #expect(headers["X-Content-Type-Options"] == "nosniff")
            #expect(headers["Cache-Control"] == "no-store")
        }
        #expect(WebPages.contentSecurityPolicy.contains("default-src 'none'"))
        #expect(!WebPages.contentSecurityPolicy.contains("unsafe"))
        let script = try #require(WebPages.response(path: "/assets/js/urna-p256.js"))
        #expect(script.headers.contains { $0 == ("Content-Type", "text/javascript; charset=utf-8") })
        #expect(WebPages.response(path: "/vote/")?.status.code == 200)
    }

    @Test func refusesWhatIsNotAnAsset() {
        for path in ["/assets/", "/assets/js/none.js", "/assets/../Package.swift", "/assets/js/../../WebPages.swift",
                     "/assets/pages/layout.html", "/assets/pages/vote.html", "/assets/README.md", "/votes", "/vote/x", "//vote",
                     "/assets/js/urna-p256.js/", "/assets//js/urna-p256.js", "/index.html"] {
            #expect(WebPages.response(path: path) == nil, "\(path) should not be served")
        }
    }
}
