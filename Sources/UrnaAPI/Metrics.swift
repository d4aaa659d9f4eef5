import Foundation

/// The service's metrics (`Specs/api.md` §6), rendered in the Prometheus text format 0.0.4.
/// Thread-safe. Label values are escaped (`\\`, `"`, newline) as the format requires, so a
/// value that came from a request can never break a line.
public final class Metrics: @unchecked Sendable {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    private struct Family {
        let kind: Kind
        let help: String
        var samples: [[String: String]: Double] = [:]
        var histograms: [[String: String]: Histogram] = [:]
        let buckets: [Double]
    }

    private struct Histogram {
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    public static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    private let lock = NSLock()
    private var families: [String: Family] = [:]
    /// Gauges computed when the metrics are rendered.
    private var collectors: [@Sendable () -> [(name: String, labels: [String: String], value: Double)]] = []

    public init() {}

    /// Declares a metric family (once; later declarations are ignored).
    public func declare(_ name: String, _ kind: Kind, help: String, buckets: [Double] = []) {
        lock.withLock {
            if families[name] == nil { families[name] = Family(kind: kind, help: help, buckets: buckets) }
        }
    }

    public func increment(_ name: String, _ labels: [String: String] = [:], by amount: Double = 1) {
        lock.withLock { families[name]?.samples[labels, default: 0] += amount }
    }

    public func set(_ name: String, _ labels: [String: String] = [:], _ value: Double) {
        lock.withLock { families[name]?.samples[labels] = value }
    }

    public func observe(_ name: String, _ labels: [String: String] = [:], _ value: Double) {
        lock.withLock {
            guard var family = families[name] else { return }
            var histogram = family.histograms[labels] ?? Histogram(counts: Array(repeating: 0, count: family.buckets.count))
            for (index, bound) in family.buckets.enumerated() where value <= bound { histogram.counts[index] += 1 }
            histogram.sum += value
            histogram.count += 1
            family.histograms[labels] = histogram
            families[name] = family
        }
    }

    /// Adds gauges read at render time (e.g. the ledger size).
    public func collect(_ collector: @escaping @Sendable () -> [(name: String, labels: [String: String], value: Double)]) {
        lock.withLock { collectors.append(collector) }
    }

    /// The current value of a counter or gauge (tests and the access log).
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        lock.withLock { families[name]?.samples[labels] ?? 0 }
    }

    /// The text exposition format 0.0.4.
    public func render() -> String {
        let gathered = lock.withLock { collectors }.flatMap { $0() }
        for sample in gathered { set(sample.name, sample.labels, sample.value) }
        return lock.withLock {
            var text = ""
            for name in families.keys.sorted() {
                guard let family = families[name] else { continue }
                text += "# HELP \(name) \(Self.escapeHelp(family.help))\n# TYPE \(name) \(family.kind.rawValue)\n"
                for labels in family.samples.keys.sorted(by: Self.order) {
                    text += "\(name)\(Self.render(labels)) \(Self.number(family.samples[labels] ?? 0))\n"
                }
                for labels in family.histograms.keys.sorted(by: Self.order) {
                    guard let histogram = family.histograms[labels] else { continue }
                    for (index, bound) in family.buckets.enumerated() {
                        text += "\(name)_bucket\(Self.render(labels.merging(["le": Self.number(bound)]) { a, _ in a })) \(histogram.counts[index])\n"
                    }
                    text += "\(name)_bucket\(Self.render(labels.merging(["le": "+Inf"]) { a, _ in a })) \(histogram.count)\n"
                    text += "\(name)_sum\(Self.render(labels)) \(Self.number(histogram.sum))\n"
                    text += "\(name)_count\(Self.render(labels)) \(histogram.count)\n"
                }
            }
            return text
        }
    }

    private static func order(_ a: [String: String], _ b: [String: String]) -> Bool { render(a) < render(b) }

    static func render(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.keys.sorted().map { "\($0)=\"\(escapeLabel(labels[$0] ?? ""))\"" }.joined(separator: ",") + "}"
    }

    static func escapeLabel(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
