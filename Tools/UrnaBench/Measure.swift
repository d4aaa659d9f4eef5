import Foundation

/// Prints one benchmark line: `bench <name> <value> <unit>`.
func report(_ name: String, _ value: Double, _ unit: String) {
    print("bench \(name) \(String(format: value >= 100 ? "%.0f" : "%.2f", value)) \(unit)")
    fflush(nil)
}

/// Runs `body` `iterations` times after one warm-up call and returns the mean in microseconds.
@discardableResult
func measureMicroseconds(_ name: String, iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { try body() }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000
    let mean = elapsed / Double(iterations)
    report(name, mean, "us")
    return mean
}

/// Seconds elapsed while running `body` once.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Peak resident set size of this process in bytes (Linux `VmHWM`).
func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kilobytes * 1024
}
