import Foundation

/// A strict reader of the Prometheus text exposition format 0.0.4, for checking `/metrics`:
/// every line is a `# HELP`/`# TYPE` comment or a sample `name{label="value",…} number`; every
/// sample belongs to a family declared by `# TYPE` before it; histogram buckets are cumulative
/// and end with `le="+Inf"` equal to `_count`.
struct PrometheusText {
    struct Sample: Hashable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var types: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        guard text.hasSuffix("\n") else { throw Invalid(description: "the exposition does not end with a newline") }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]),
                      Self.isName(parts[2]), types[String(parts[2])] == nil else {
                    throw Invalid(description: "line \(number + 1): bad TYPE '\(line)'")
                }
                types[String(parts[2])] = String(parts[3])
            } else if line.hasPrefix("# HELP ") || line.hasPrefix("#") {
                continue
            } else {
                let sample = try Self.sample(String(line), number: number + 1)
                let family = ["_bucket", "_sum", "_count"].reduce(sample.name) { name, suffix in
                    name.hasSuffix(suffix) && types[String(name.dropLast(suffix.count))] == "histogram" ? String(name.dropLast(suffix.count)) : name
                }
                guard types[family] != nil else { throw Invalid(description: "line \(number + 1): '\(sample.name)' has no TYPE before it") }
                samples.append(sample)
            }
        }
        try checkHistograms()
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    func all(_ name: String) -> [Sample] { samples.filter { $0.name == name } }

    private func checkHistograms() throws {
        for (family, type) in types where type == "histogram" {
            let buckets = all(family + "_bucket")
            let series = Set(buckets.map { $0.labels.filter { $0.key != "le" } })
            for labels in series {
                let ordered = buckets.filter { $0.labels.filter { $0.key != "le" } == labels }
                var previous = -1.0
                for bucket in ordered {
                    guard bucket.value >= previous else { throw Invalid(description: "\(family) buckets are not cumulative") }
                    previous = bucket.value
                }
                guard ordered.last?.labels["le"] == "+Inf", ordered.last?.value == value(family + "_count", labels) else {
                    throw Invalid(description: "\(family)\(labels): the +Inf bucket is missing or differs from _count")
                }
            }
        }
    }

    static func isName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" || first == ":" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    static func sample(_ line: String, number: Int) throws -> Sample {
        var rest = Substring(line)
        let name = rest.prefix { $0 != "{" && $0 != " " }
        guard isName(name) else { throw Invalid(description: "line \(number): bad metric name in '\(line)'") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let key = rest.prefix { $0 != "=" }
                guard isName(key), rest.dropFirst(key.count).hasPrefix("=\"") else { throw Invalid(description: "line \(number): bad label in '\(line)'") }
                rest = rest.dropFirst(key.count + 2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    if character == "\\" {
                        rest = rest.dropFirst()
                        switch rest.first {
                        case "n": value.append("\n")
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        default: throw Invalid(description: "line \(number): bad escape in '\(line)'")
                        }
                    } else {
                        value.append(character)
                    }
                    rest = rest.dropFirst()
                }
                guard rest.first == "\"", labels[String(key)] == nil else { throw Invalid(description: "line \(number): unterminated or repeated label in '\(line)'") }
                labels[String(key)] = value
                rest = rest.dropFirst()
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { throw Invalid(description: "line \(number): bad label list in '\(line)'") }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " ", let value = Double(rest.dropFirst()) ?? (rest.dropFirst() == "+Inf" ? .infinity : nil) else {
            throw Invalid(description: "line \(number): bad value in '\(line)'")
        }
        return Sample(name: String(name), labels: labels, value: value)
    }
}
