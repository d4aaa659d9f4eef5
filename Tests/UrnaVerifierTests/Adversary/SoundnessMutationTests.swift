import Foundation
import Testing
@testable import UrnaVerifier

/// Random re-signed mutations of valid records: each mutated record either fails verification
/// or its published result is the reference tally of the mutated record. Every record is
/// re-chained, re-checkpointed and re-signed, so only semantic checks can catch a mutation.
/// Mutations of a known trap or hang class (``KnownBug/indexTrap``, ``KnownBug/hugeBallots``) run
/// in a child `scrutineer` unless `URNA_SOUNDNESS_IN_PROCESS=1`.
@Suite("Soundness: re-signed mutations of valid records")
struct SoundnessMutationTests {
    /// Valid honest records to mutate, from the master seed.
    static func bases(config: SoundnessConfig, count: Int) throws -> [RandomElection] {
        var master = SeededGenerator(seed: config.seed ^ 0x6D75_7461_7465)
        var bases: [RandomElection] = []
        var attempts = 0
        while bases.count < count, attempts < 20 * count {
            attempts += 1
            let election = try RandomElection.generate(seed: master.subSeed(), config: config, honestOnly: true)
            guard let record = election.candidates.first,
                  record.drafts.filter({ $0.kind == "ballot" }).count >= 2,
                  SoundnessJudge.judge(record.drafts, commission: election.commission).0 == .valid else { continue }
            bases.append(election)
        }
        return bases
    }

    @Test("every mutated, re-signed record is invalid or publishes the reference tally")
    func mutations() throws {
        let config = SoundnessConfig.current
        let stats = SoundnessStats(name: "mutation", config: config)
        let bases = try Self.bases(config: config, count: 4)
        try #require(!bases.isEmpty, "no valid base record (master seed 0x\(String(config.seed, radix: 16)))")
        var master = SeededGenerator(seed: config.seed ^ 0x6D75_7461_7465_32)
        var skipped = 0, isolated = 0
        for number in 0..<config.mutations where !stats.timeIsUp {
            let seed = master.subSeed()
            var rng = SeededGenerator(seed: seed)
            let base = bases[number % bases.count]
            guard let original = base.candidates.first else { continue }
            var mutated: MutatedRecord?
            var descriptions: [String] = []
            var bug: KnownBug?
            for _ in 0..<(rng.chance(0.2) ? 2 : 1) {
                let drafts = mutated?.drafts ?? original.drafts
                let kinds = RecordMutation.allCases.filter { config.onlyMutations.isEmpty || config.onlyMutations.contains($0.rawValue) }
                guard let mutation = rng.pick(kinds),
                      let next = mutation.apply(to: drafts, commission: base.commission, rng: &rng, config: config) else { continue }
                mutated = next
                descriptions.append("\(mutation.rawValue): \(next.description)")
                bug = bug ?? next.knownBug
            }
            guard let mutated, mutated.drafts.map(\.body) != original.drafts.map(\.body)
                    || mutated.drafts.map(\.kind) != original.drafts.map(\.kind) else {
                skipped += 1
                continue
            }
            if let bug, !config.enabled(bug) { skipped += 1; continue }
            let what = "case \(number) base-seed=0x\(String(base.seed, radix: 16)) " + descriptions.joined(separator: " + ")
            let verdict: SoundnessJudge.Verdict
            let caseStart = Date()
            if bug != nil, !config.inProcess {
                guard isolated < config.isolated else { skipped += 1; continue }
                isolated += 1
                verdict = try Self.judgeIsolated(mutated.drafts, commission: base.commission, timeout: config.timeout)
            } else {
                let report: VerificationReport?
                (verdict, report) = SoundnessJudge.judge(mutated.drafts, commission: base.commission)
                if number % 6 == 1, let difference = IncrementalCheck.disagreement(
                    mutated.drafts, commission: base.commission,
                    cut: Int.random(in: 1...max(1, mutated.drafts.count - 1), using: &rng), single: report) {
                    stats.violation("\(what): \(difference)", seed: config.seed, knownBug: bug)
                }
                if number % 8 == 0, !verdict.threw,
                   let disagreement = SoundnessJudge.exportDisagreement(mutated.drafts, commission: base.commission, inMemory: verdict) {
                    stats.violation("\(what): \(disagreement)", seed: config.seed, knownBug: bug)
                }
            }
            stats.count(verdict)
            if config.verbose {
                let ms = Int(Date().timeIntervalSince(caseStart) * 1000)
                print("mutation seed=0x\(String(seed, radix: 16)) \(ms) ms \(what) → \(verdict)")
            }
            switch verdict {
            case .wrongTally(let message), .ruleBroken(let message):
                stats.violation("\(what): \(message)", seed: config.seed, knownBug: bug)
            case .threw(let message) where !message.hasPrefix("VerifierError"):
                stats.violation("\(what): \(message)", seed: config.seed, knownBug: bug)
            default:
                break
            }
        }
        print(stats.summary(extra: "bases=\(bases.count) skipped=\(skipped) isolated=\(isolated) "))
    }

    /// ``SoundnessJudge`` through a child process: a trap or a hang is itself a violation.
    static func judgeIsolated(_ drafts: [Draft], commission: DishonestCommission, timeout: Double) throws -> SoundnessJudge.Verdict {
        switch try IsolatedVerification.run(commission.signed(drafts), timeout: timeout) {
        case .signaled(let signal):
            return .threw("scrutineer killed by signal \(signal) (a trap)")
        case .timedOut(let seconds):
            return .threw("scrutineer did not finish within \(Int(seconds)) s (a hang)")
        case .exited(0, let report?):
            let reference = ReferenceTally(drafts: drafts, facts: commission.facts, electionBytes: commission.electionBytes,
                                           jointKey: commission.jointKey?.jointKey)
            if let published = report.publishedResult, !reference.matches(published) {
                return .wrongTally("scrutineer VALID with result \(SoundnessJudge.describe(published)); reference \(reference)")
            }
            return reference.invalid.isEmpty ? .valid : .ruleBroken("scrutineer VALID; reference: \(reference.invalid.joined(separator: "; "))")
        case .exited(0, nil):
            return .threw("scrutineer exited 0 without a readable report")
        case .exited(2, _):
            return .threw("VerifierError (exit 2)")
        case .exited:
            return .invalid
        }
    }
}
