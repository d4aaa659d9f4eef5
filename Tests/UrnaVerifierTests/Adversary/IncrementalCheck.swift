import Foundation
@testable import UrnaVerifier

/// Incremental verification (`--state DIR`, `Specs/verification.md` §5) must reach the verdict
/// and result of one pass: the record's first `cut` entries are verified with a state directory
/// (as an observer following the live log would), then the whole record resumes from it.
enum IncrementalCheck {
    /// A description of how the resumed run differs from the single pass, or nil.
    static func disagreement(_ drafts: [Draft], commission: DishonestCommission, cut: Int, single: VerificationReport?) -> String? {
        guard drafts.count > 2, let single else { return nil }
        let cut = min(max(1, cut), drafts.count - 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = SoundnessJudge.options
        options.stateDirectory = directory
        let resumed: VerificationReport
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            _ = try Scrutineer.verify(source: commission.signed(Array(drafts.prefix(cut))).source, options: options)
            resumed = try Scrutineer.verify(source: commission.signed(drafts).source, options: options)
        } catch {
            return "incremental run (cut at \(cut)) threw \(error)"
        }
        if resumed.isValid != single.isValid {
            let failures = (resumed.isValid ? single : resumed).failures.prefix(2).map(\.description)
            return "incremental run (cut at \(cut)) valid=\(resumed.isValid), single pass valid=\(single.isValid): \(failures)"
        }
        if resumed.recomputedResult != single.recomputedResult {
            return "incremental run (cut at \(cut)) decrypts \(resumed.recomputedResult.map(SoundnessJudge.describe) ?? "nothing"), "
                + "single pass \(single.recomputedResult.map(SoundnessJudge.describe) ?? "nothing")"
        }
        return nil
    }
}
