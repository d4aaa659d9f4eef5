import Foundation
import Testing
@testable import UrnaAPI

/// The access log's hand-made timestamp is exactly what Foundation's ISO 8601 formatter writes.
@Suite struct AccessLogTimeTests {
    @Test func matchesTheISO8601Formatter() {
        for time in [0, 1.5, 951_782_400.25, 1_764_482_405.125, 4_102_444_799.5, 1_709_164_800.75] {
            let expected = ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: time), timeZone: .gmt,
                                                       formatOptions: [.withInternetDateTime, .withFractionalSeconds])
            #expect(AccessLogLine.timestamp(time) == expected, "\(time)")
        }
        let line = AccessLogLine(time: 1_764_482_405.5, client: "127.0.0.1", method: "GET", route: "/healthz", target: "/healthz",
                                 status: 200, bytes: 3, seconds: 0.001, problem: nil).text
        #expect(line.hasPrefix("time=2025-11-30T06:00:05.500Z client=\"127.0.0.1\""), "\(line)")
    }
}
