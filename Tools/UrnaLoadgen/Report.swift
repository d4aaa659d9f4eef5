import Foundation

/// The results: `bench NAME VALUE UNIT` lines on stdout (as `Tools/bench` prints them), then a
/// summary for people, with every failed request by its code.
enum Report {
    static func line(_ name: String, _ value: Double, _ unit: String) {
        let text = value >= 100 ? String(Int(value.rounded())) : value >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
        print("bench \(name) \(text) \(unit)")
    }

    static func phase(_ result: PhaseResult) {
        let name = result.name
        line(name, result.throughput, result.unit)
        for (suffix, q) in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0)] {
            if let value = result.percentile(q) { line("\(name)-\(suffix)", value, "ms") }
        }
        if result.failed > 0 { print("bench \(name)-errors \(result.failed) requests") }
        let mode = result.targetRate.map { "open loop at \(Int($0))/s" } ?? "closed loop"
        print("\(name): \(result.succeeded) of \(result.attempted) succeeded in \(String(format: "%.2f", result.seconds)) s (\(mode)), \(result.failed) failed")
        for (code, count) in result.errors.sorted(by: { $0.key < $1.key }) {
            print("  failed [\(safe(code))] × \(count): \(safe(String((result.samples[code] ?? "").prefix(300))))")
        }
    }
}
