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
        let stamp = Self.timestamp(time)
        var line = "time=\(stamp) client=\(Self.quoted(client)) method=\(Self.quoted(method)) route=\(Self.quoted(route))"
        line += " target=\(Self.quoted(String(target.prefix(200)))) status=\(status) bytes=\(bytes)"
        line += " duration_ms=\(String(format: "%.2f", seconds * 1000))"
        if let problem { line += " problem=\(Self.quoted(problem))" }
        return line
    }

    /// RFC 3339 UTC with milliseconds (`2026-11-30T06:00:05.123Z`), formatted by hand: a
    /// Foundation date formatter costs more than the rest of a small request.
    static func timestamp(_ time: Double) -> String {
        let milliseconds = Int64((time * 1000).rounded(.down))
        let fraction = (milliseconds % 1000 + 1000) % 1000
        var seconds = time_t((milliseconds - fraction) / 1000)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "invalid-time" }
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(fraction), 3))Z"
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
