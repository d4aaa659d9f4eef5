import Foundation

/// Sizes and switches of the soundness harness, from the environment so a long run (`Tools/soundness-run`)
/// can scale them up and any failure can be replayed:
///
/// | variable | meaning | default |
/// | --- | --- | --- |
/// | `URNA_SOUNDNESS_SEED` | master seed (decimal or 0x-hex); random if unset | random |
/// | `URNA_SOUNDNESS_CASE_SEED` | replay the one random election of this seed (as printed) | unset |
/// | `URNA_SOUNDNESS_CASES` | random elections in the property test (robustness: cases / 3 cuts) | 24 |
/// | `URNA_SOUNDNESS_MUTATIONS` | re-signed mutations in the mutation test | 130 |
/// | `URNA_SOUNDNESS_ISOLATED` | at most this many known trap/hang mutations run in a child `scrutineer` | 6 |
/// | `URNA_SOUNDNESS_TIMEOUT` | seconds a child `scrutineer` may take before it counts as a hang | 10 |
/// | `URNA_SOUNDNESS_IN_PROCESS` | `1`: known trap/hang mutations run in process (after the fixes) | 0 |
/// | `URNA_SOUNDNESS_MAX_VOTERS` | voters per random election: 0…this (mutation bases: 2…this) | 6 |
/// | `URNA_SOUNDNESS_SECONDS` | stop starting new cases after this many seconds (0: no limit) | 0 |
/// | `URNA_SOUNDNESS_ONLY` | comma-separated ``RecordMutation`` names: mutate only with these | all |
/// | `URNA_SOUNDNESS_SKIP` | comma-separated known-bug classes not to generate (``KnownBug``) | none |
/// | `URNA_SOUNDNESS_STRICT` | `1`: known-bug findings fail the test instead of being known issues | 0 |
/// | `URNA_SOUNDNESS_VERBOSE` | `1`: print a line per case | 0 |
struct SoundnessConfig: Sendable {
    let seed: UInt64
    let seedWasGiven: Bool
    let cases: Int
    let mutations: Int
    let maxVoters: Int
    let isolated: Int
    let inProcess: Bool
    let timeout: Double
    let seconds: Double
    let skipped: Set<KnownBug>
    let onlyMutations: Set<String>
    let strict: Bool
    let verbose: Bool

    static let current = SoundnessConfig(environment: ProcessInfo.processInfo.environment)

    init(environment: [String: String]) {
        if let text = environment["URNA_SOUNDNESS_SEED"], let value = Self.parse(text) {
            seed = value
            seedWasGiven = true
        } else {
            seed = UInt64.random(in: 0...UInt64.max)
            seedWasGiven = false
        }
        cases = environment["URNA_SOUNDNESS_CASES"].flatMap { Int($0) } ?? 24
        mutations = environment["URNA_SOUNDNESS_MUTATIONS"].flatMap { Int($0) } ?? 130
        maxVoters = max(2, environment["URNA_SOUNDNESS_MAX_VOTERS"].flatMap { Int($0) } ?? 6)
        isolated = environment["URNA_SOUNDNESS_ISOLATED"].flatMap { Int($0) } ?? 6
        inProcess = environment["URNA_SOUNDNESS_IN_PROCESS"] == "1"
        timeout = environment["URNA_SOUNDNESS_TIMEOUT"].flatMap { Double($0) } ?? 10
        seconds = environment["URNA_SOUNDNESS_SECONDS"].flatMap { Double($0) } ?? 0
        skipped = Set((environment["URNA_SOUNDNESS_SKIP"] ?? "").split(separator: ",").compactMap {
            KnownBug(rawValue: $0.trimmingCharacters(in: .whitespaces))
        })
        onlyMutations = Set((environment["URNA_SOUNDNESS_ONLY"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        })
        strict = environment["URNA_SOUNDNESS_STRICT"] == "1"
        verbose = environment["URNA_SOUNDNESS_VERBOSE"] == "1"
    }

    func enabled(_ bug: KnownBug) -> Bool { !skipped.contains(bug) }

    static func parse(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }
}

/// Classes of generated attacks that hit a bug known to the lead (being fixed). Each is generated
/// by default; `URNA_SOUNDNESS_SKIP=<raw value>,…` turns it off. A violation in a known class is
/// recorded as a known issue (the test stays green) unless `URNA_SOUNDNESS_STRICT=1`.
enum KnownBug: String, CaseIterable, Sendable {
    /// Finding 1: a credential casting in two districts; the verifier subtracts the superseded
    /// ballot from the new district (votes move between districts).
    case crossDistrict = "cross-district"
    /// Finding 2: a tally-share `trustee` or joint-key `qualified` index outside UInt32 traps.
    case indexTrap = "index-trap"
    /// Finding 4: the discrete-log table is sized from the tally's claimed `ballots`.
    case hugeBallots = "huge-ballots"
}
