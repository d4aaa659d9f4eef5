import UrnaCrypto
import UrnaRecord
@testable import UrnaVerifier

/// The strongest re-tally: the verifier's code is public, so a dishonest commission can run it
/// on its record up to `close` and publish exactly the aggregates and ballot counts the verifier
/// will recompute, decrypted honestly. If the verifier then says VALID, its counting is the
/// only thing between the commission and the result — and ``ReferenceTally`` judges it. This
/// finds counting-rule bugs without modelling them. (Verifier code runs on the attacker's side
/// only; the reference never uses it.)
extension DishonestCommission {
    /// The tally body the verifier expects for `drafts` (its tally, shares and result ignored),
    /// or nil when it has no usable figures (negative counts, a district it never set up).
    func verifierExpectedTally(_ drafts: [Draft]) -> TallyBody? {
        let prefix = drafts.filter { !["tally", "tally-share", "result"].contains($0.kind) }
        guard let record = try? signed(prefix) else { return nil }
        let verifier = RecordVerifier(options: SoundnessJudge.options, checkpointNotes: record.notes,
                                      publishedKey: record.verifierKey)
        verifier.start()
        verifier.process(record.entries.map { .entry($0) })
        var districts: [String: [String: TallyBody.ContestAggregate]] = [:]
        for district in manifest.districts {
            guard let sums = verifier.aggregates[district.id].map(ElGamalAccumulator.ciphertexts),
                  let counted = verifier.state.districts[district.id]?.ballotsCounted, counted >= 0 else { return nil }
            var offset = 0
            var contests: [String: TallyBody.ContestAggregate] = [:]
            for contest in manifest.contests(inDistrict: district.id) {
                var selections: [String: ElGamalCiphertext] = [:]
                for (k, candidate) in contest.candidates.enumerated() {
                    guard offset + k < sums.count else { return nil }
                    selections[candidate.id] = sums[offset + k]
                }
                offset += contest.candidates.count
                contests[contest.id] = .init(ballots: counted, selections: selections)
            }
            districts[district.id] = contests
        }
        return TallyBody(districts: districts)
    }

    /// `drafts` re-tallied with the tally the verifier expects (nil if it cannot be decrypted).
    func verifierGuidedRetally(_ drafts: [Draft], using rng: inout SeededGenerator) -> [Draft]? {
        guard let tally = verifierExpectedTally(drafts) else { return nil }
        return retallied(drafts, tally: tally, using: &rng)
    }
}
