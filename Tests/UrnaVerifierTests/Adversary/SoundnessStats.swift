import Foundation
import Testing

/// Counts of a soundness run and the violations found, each with the seed that replays it.
/// Violations of a ``KnownBug`` class are recorded as known issues (unless strict), others fail.
final class SoundnessStats: @unchecked Sendable {
    let name: String
    let config: SoundnessConfig
    private(set) var cases = 0
    private(set) var valid = 0
    private(set) var invalid = 0
    private(set) var threw = 0
    private(set) var violations: [String] = []
    private(set) var knownViolations: [String] = []
    let started = Date()

    init(name: String, config: SoundnessConfig) {
        self.name = name
        self.config = config
    }

    var timeIsUp: Bool { config.seconds > 0 && Date().timeIntervalSince(started) > config.seconds }

    func count(_ verdict: SoundnessJudge.Verdict) {
        cases += 1
        switch verdict {
        case .invalid: invalid += 1
        case .threw: threw += 1
        default: valid += 1
        }
    }

    /// Records a violation (or a thrown non-`VerifierError`) as a test issue naming its seed.
    func violation(_ message: String, seed: UInt64, knownBug: KnownBug?) {
        let line = "\(name) VIOLATION seed=0x\(String(seed, radix: 16)) \(knownBug.map { "[known: \($0.rawValue)] " } ?? "")\(message)"
        print(line)
        if let knownBug, !config.strict {
            knownViolations.append(line)
            withKnownIssue("known bug class '\(knownBug.rawValue)' (\(Self.finding(knownBug))); replay with URNA_SOUNDNESS_SEED") {
                Issue.record(Comment(rawValue: line))
            }
        } else {
            violations.append(line)
            Issue.record(Comment(rawValue: line))
        }
    }

    static func finding(_ bug: KnownBug) -> String {
        switch bug {
        case .crossDistrict: "finding 1: cross-district re-vote moves votes between districts"
        case .indexTrap: "finding 2: a trustee/qualified index outside UInt32 traps"
        case .hugeBallots: "finding 4: discrete-log table sized from the tally's claimed ballots"
        }
    }

    /// The one summary line `Tools/soundness-run` collects.
    func summary(extra: String = "") -> String {
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        return "SOUNDNESS \(name): master-seed=0x\(String(config.seed, radix: 16)) cases=\(cases) valid=\(valid) invalid=\(invalid) "
            + "threw=\(threw) violations=\(violations.count) known-violations=\(knownViolations.count) \(extra)seconds=\(seconds)"
    }
}
