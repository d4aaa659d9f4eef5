import Foundation

/// `Tools/bench generate`: generates the verification benchmark's record afresh
/// (`URNA_BENCH_VERIFY_BALLOTS` ballots, default 100,000; `URNA_BENCH_TOKEN_BITS`, default 3,072)
/// and prints its rate beside the baseline generator's (two-prime keys signing blindly, libcrypto
/// encryption) on 1,000 ballots in the same run. The record stays cached for `Tools/bench verify`.
func benchGenerate() throws {
    let environment = ProcessInfo.processInfo.environment
    let ballots = environment["URNA_BENCH_VERIFY_BALLOTS"].flatMap(Int.init) ?? 100_000
    let bits = environment["URNA_BENCH_TOKEN_BITS"].flatMap(Int.init) ?? 3072
    guard ballots > 0, [2048, 3072, 4096].contains(bits) else {
        throw BenchError("URNA_BENCH_VERIFY_BALLOTS must be positive and URNA_BENCH_TOKEN_BITS 2048, 3072 or 4096")
    }
    var baseline = BenchRecord(ballots: 1_000, candidates: 10, districts: 5, tokenBits: bits)
    baseline.baseline = true
    let baselineRate = 1_000 / (try baseline.regenerate().seconds)
    report("generate_baseline_ballots_per_second", baselineRate, "ballots/s")

    resetPeakResident()
    let record = BenchRecord(ballots: ballots, candidates: 10, districts: 5, tokenBits: bits)
    let (path, seconds) = try record.regenerate()
    let rate = Double(ballots) / seconds
    report("generate_ballots", Double(ballots), "ballots")
    report("generate_seconds", seconds, "s")
    report("generate_ballots_per_second", rate, "ballots/s")
    report("generate_speedup_vs_baseline", rate / baselineRate, "x")
    report("generate_seconds_per_million", 1e6 / rate, "s")
    report("generate_peak_rss", Double(peakResidentBytes()) / 1_048_576, "MB")
    FileHandle.standardError.write(Data("bench generate: the record is \(path)\n".utf8))
}
