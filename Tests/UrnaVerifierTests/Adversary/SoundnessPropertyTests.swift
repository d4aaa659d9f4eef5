import Foundation
import Testing
@testable import UrnaVerifier

/// Random elections, honest and dishonest: whenever `scrutineer` says VALID, its result is the
/// reference tally. Honest elections must be valid (so the property is not vacuous).
@Suite("Soundness: random elections by an honest or dishonest commission")
struct SoundnessPropertyTests {
    @Test("whenever scrutineer says VALID, the result is the reference tally")
    func randomElections() throws {
        let config = SoundnessConfig.current
        let stats = SoundnessStats(name: "property", config: config)
        var master = SeededGenerator(seed: config.seed)
        var honest = 0, honestValid = 0
        // URNA_SOUNDNESS_CASE_SEED replays the one election a violation names.
        let replay = ProcessInfo.processInfo.environment["URNA_SOUNDNESS_CASE_SEED"].flatMap(SoundnessConfig.parse)
        for _ in 0..<(replay == nil ? config.cases : 1) where !stats.timeIsUp {
            let seed = replay ?? master.subSeed()
            let election: RandomElection
            do {
                election = try RandomElection.generate(seed: seed, config: config)
            } catch {
                Issue.record("generator failed, seed=0x\(String(seed, radix: 16)): \(error)")
                continue
            }
            for candidate in election.candidates {
                let (verdict, report) = SoundnessJudge.judge(candidate.drafts, commission: election.commission)
                stats.count(verdict)
                var cutter = SeededGenerator(seed: seed)
                if cutter.chance(0.25), let difference = IncrementalCheck.disagreement(
                    candidate.drafts, commission: election.commission,
                    cut: Int.random(in: 1...max(1, candidate.drafts.count - 1), using: &cutter), single: report) {
                    stats.violation("cheats=\(election.cheats.map(\.rawValue)) theory=\(candidate.label): \(difference)",
                                    seed: seed, knownBug: nil)
                }
                let what = "cheats=\(election.cheats.map(\.rawValue)) theory=\(candidate.label)"
                if config.verbose { print("property seed=0x\(String(seed, radix: 16)) \(what) → \(verdict)") }
                if election.honest {
                    honest += 1
                    if verdict == .valid { honestValid += 1 } else if verdict == .invalid {
                        print("property: honest election invalid, seed=0x\(String(seed, radix: 16)): "
                              + "\(report?.failures.prefix(3).map(\.description) ?? [])")
                    }
                }
                switch verdict {
                case .wrongTally(let message), .ruleBroken(let message):
                    stats.violation("\(what): \(message)", seed: seed, knownBug: candidate.knownBug)
                case .threw(let message) where !message.hasPrefix("VerifierError"):
                    stats.violation("\(what): \(message)", seed: seed, knownBug: nil)
                default:
                    break
                }
            }
        }
        print(stats.summary(extra: "honest=\(honest) honest-valid=\(honestValid) "))
        if honest > 0 {
            #expect(honestValid * 2 > honest, "only \(honestValid) of \(honest) honest records are valid (master seed 0x\(String(config.seed, radix: 16)))")
        }
    }
}
