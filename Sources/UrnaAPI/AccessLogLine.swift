import Foundation

/// One structured access-log line (logfmt): time, client, method, route template, the target
/// (quoted and escaped: it came from the network), status, body bytes, seconds, problem code.
struct AccessLogLine {
    let time: Double
    let client: String
    let method: String
    let route: String
    let target: String
    let status: Int
    let bytes: Int
    let seconds: Double
    let problem: String?

    var text: String {
        let stamp = ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: time), timeZone: .gmt,
                                                formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        var line = "time=\(stamp) client=\(Self.quoted(client)) method=\(Self.quoted(method)) route=\(Self.quoted(route))"
        line += " target=\(Self.quoted(String(target.prefix(200)))) status=\(status) bytes=\(bytes)"
        line += " duration_ms=\(String(format: "%.2f", seconds * 1000))"
        if let problem { line += " problem=\(Self.quoted(problem))" }
        return line
    }

    /// A double-quoted value with `\`, `"` and every control or non-ASCII character escaped.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case " "..."~": out.unicodeScalars.append(scalar)
            default: out += String(format: "\\u{%X}", scalar.value)
            }
        }
        return out + "\""
    }
}
