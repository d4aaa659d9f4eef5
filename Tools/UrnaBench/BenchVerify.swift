import Foundation
import UrnaCrypto
import UrnaVerifier

/// `Tools/bench verify`: verifies a 100,000-ballot record (one contest of 10 candidates, vote
/// for 1, 5 districts) with `scrutineer`'s library on every core with batched proofs, and prints
/// ballots verified per second and the peak resident memory of the verification; a baseline in
/// the same run verifies a 1,000-ballot record on one thread with every equation checked singly.
///
/// `URNA_BENCH_VERIFY_BALLOTS` overrides the ballot count, `URNA_BENCH_TOKEN_BITS` the RSA size
/// of the token keys (default 3072, the service's). Records are cached under /tmp.
func benchVerify() throws {
    let environment = ProcessInfo.processInfo.environment
    let ballots = environment["URNA_BENCH_VERIFY_BALLOTS"].flatMap(Int.init) ?? 100_000
    let bits = environment["URNA_BENCH_TOKEN_BITS"].flatMap(Int.init) ?? 3072
    let record = try BenchRecord(ballots: ballots, candidates: 10, districts: 5, tokenBits: bits).ensure()
    let baselineRecord = try BenchRecord(ballots: 1_000, candidates: 10, districts: 5, tokenBits: bits).ensure()

    // Baseline: one thread, every proof equation checked on its own.
    var single = VerificationOptions()
    single.workers = 1
    single.batchProofs = false
    let baseline = try Scrutineer.verify(path: baselineRecord, options: single)
    guard baseline.isValid else { throw BenchError("the baseline record does not verify: \(baseline.failures.prefix(3))") }
    let baselineRate = Double(baseline.ballotsVerified) / baseline.elapsedSeconds
    report("verify_baseline_single_thread_unbatched", baselineRate, "ballots/s")

    // The unit of the target: one two-term multiplication a·G + b·P through libcrypto, on one
    // core, measured now (the machine is shared, so only ratios within one run mean anything).
    let lincomb = try lincombMicroseconds()
    report("verify_lincomb_aG_bP", lincomb, "us")

    // Per-core cost of one whole ballot (token, signature, chain, proofs, aggregates): the
    // process's CPU time over the ballots, on a one-worker batched run of the large record.
    var oneWorker = VerificationOptions()
    oneWorker.workers = 1
    let cpuBefore = processCPUSeconds()
    let perCore = try Scrutineer.verify(path: record, options: oneWorker)
    let cpu = processCPUSeconds() - cpuBefore
    guard perCore.isValid else { throw BenchError("the benchmark record does not verify on one worker") }
    let perBallot = cpu / Double(max(perCore.ballotsVerified, 1)) * 1e6
    report("verify_cpu_per_ballot", perBallot, "us")
    report("verify_cost_ratio_vs_lincomb", perBallot / lincomb, "x")

    // The limit: each unavoidable operation times its cost, measured now.
    let limit = try VerifyLimit.measure()
    report("verify_op_point_decode", limit.decodeMicroseconds, "us")
    report("verify_op_msm_per_point", limit.msmMicrosecondsPerPoint, "us")
    report("verify_op_token_rsa3072", limit.tokenMicroseconds, "us")
    report("verify_op_ed25519_ballot", limit.signatureMicroseconds, "us")
    report("verify_op_sha256_ballot", limit.hashMicroseconds, "us")
    report("verify_limit_per_ballot", limit.perBallot, "us")
    report("verify_limit_per_ballot_stored_y", limit.withStoredY, "us")
    report("verify_limit_ratio_vs_lincomb", limit.perBallot / lincomb, "x")
    report("verify_limit_stored_y_ratio_vs_lincomb", limit.withStoredY / lincomb, "x")
    report("verify_reached_vs_limit", perBallot / limit.perBallot, "x")

    // The measured run: every core, batched proofs, progress on stderr. Peak memory is reset first
    // (Linux clear_refs 5), so it is the verification's own.
    resetPeakResident()
    var lastProgress = 0.0
    let result = try Scrutineer.verify(path: record, options: VerificationOptions()) { progress in
        guard progress.elapsedSeconds - lastProgress >= 10 else { return }
        lastProgress = progress.elapsedSeconds
        FileHandle.standardError.write(Data(String(
            format: "bench verify: %llu entries, %d ballots, %.0f s\n", progress.entries, progress.ballots, progress.elapsedSeconds).utf8))
    }
    let peak = peakResidentBytes()
    guard result.isValid else { throw BenchError("the benchmark record does not verify: \(result.failures.prefix(3))") }
    let rate = Double(result.ballotsVerified) / result.elapsedSeconds
    report("verify_ballots", Double(result.ballotsVerified), "ballots")
    report("verify_seconds", result.elapsedSeconds, "s")
    report("verify_ballots_per_second", rate, "ballots/s")
    report("verify_peak_rss", Double(peak) / 1_048_576, "MB")
    report("verify_speedup_vs_baseline", rate / baselineRate, "x")
    report("verify_cores", Double(ProcessInfo.processInfo.activeProcessorCount), "cores")
}

/// Mean µs of one `a·G + b·P` through libcrypto (`EC_POINTs_mul`, the path for secrets),
/// with fresh random a, b and P each time.
func lincombMicroseconds() throws -> Double {
    let inputs = try (0..<64).map { _ in (try Scalar.random(), try Scalar.random(), try Point.base(Scalar.random())) }
    for (a, b, p) in inputs.prefix(4) { _ = try Point.linearCombination(generatorScalar: a, [(b, p)]) }
    let rounds = 30
    let before = processCPUSeconds()
    for _ in 0..<rounds {
        for (a, b, p) in inputs { _ = try Point.linearCombination(generatorScalar: a, [(b, p)]) }
    }
    return (processCPUSeconds() - before) / Double(rounds * inputs.count) * 1e6
}

/// User plus system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Resets the process's peak resident set size (`VmHWM`) on Linux; a no-op elsewhere.
func resetPeakResident() {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
    try? handle.write(contentsOf: Data("5".utf8))
    try? handle.close()
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
