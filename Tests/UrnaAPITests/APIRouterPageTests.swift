import Foundation
import Testing
@testable import UrnaAPI
import UrnaHTTP
import UrnaWeb

/// The browser pages through the router: served beside the API with the strict policy, GET only,
/// counted under fixed templates, and never shadowing an API route.
@Suite struct APIRouterPageTests {
    static func header(_ response: HTTPResponse, _ name: String) -> String? {
        response.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test func pagesAndAssetsAreServed() throws {
        let api = try APIFixture()
        for path in ["/", "/vote", "/receipt", "/ledger", "/check", "/vote/"] {
            let page = api.request("GET", path)
            #expect(page.status.code == 200, "\(path)")
            #expect(Self.header(page, "Content-Type") == "text/html; charset=utf-8", "\(path)")
            #expect(Self.header(page, "Content-Security-Policy") == WebPages.contentSecurityPolicy, "\(path)")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("<script src=\"/assets/js/urna-p256.js\"></script>"), "\(path)")
        }
        let script = api.request("GET", "/assets/js/page-vote.js")
        #expect(script.status.code == 200)
        #expect(Self.header(script, "Content-Type") == "text/javascript; charset=utf-8")
        #expect(script.body == Array((WebAssets.asset("js/page-vote.js")?.text ?? "").utf8))
        // The election summary still answers at its own path, and every answer (JSON, problem,
        // text) is sent with nosniff.
        #expect(api.get("").status.code == 200)
        for answer in [api.get(""), api.get("/nope"), api.request("GET", "/healthz"), api.request("GET", "/metrics")] {
            #expect(Self.header(answer, "X-Content-Type-Options") == "nosniff")
        }
    }

    @Test func refusals() throws {
        let api = try APIFixture()
        let post = api.request("POST", "/vote", json: Array("{}".utf8))
        #expect(post.status.code == 405)
        #expect(Self.header(post, "Allow") == "GET")
        for path in ["/assets/../Package.swift", "/assets/pages/layout.html", "/assets/js/none.js", "/votes", "/index.html"] {
            let answer = api.request("GET", path)
            #expect(answer.status.code == 404, "\(path)")
            #expect(Self.header(answer, "Content-Type") == "application/problem+json", "\(path)")
        }
    }

    @Test func metricsUseTemplatesNotRawPaths() throws {
        let api = try APIFixture()
        _ = api.request("GET", "/assets/js/urna-p256.js")
        _ = api.request("GET", "/assets/css/urna.css")
        _ = api.request("GET", "/vote")
        let metrics = String(decoding: api.request("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("urna_http_requests_total{route=\"/assets/{file}\",status=\"200\"} 2"))
        #expect(metrics.contains("urna_http_requests_total{route=\"/vote\",status=\"200\"} 1"))
        #expect(!metrics.contains("urna-p256"))
    }
}
