import UrnaRecord

/// Random manifests: 1–4 districts, 1–3 contests (sometimes shared across districts), 1–4
/// candidates, vote-for-N with random `min`/`max`, re-voting on or off, spoil limit 0–2.
enum RandomManifest {
    /// With `crossDistrict`, a manifest where a cross-district re-vote can go unnoticed by
    /// shape: at least two districts, usually the same ballot everywhere, usually re-voting.
    static func make(crossDistrict: Bool = false, using rng: inout SeededGenerator) throws -> Manifest {
        let districtCount = Int.random(in: crossDistrict ? 2...4 : 1...4, using: &rng)
        let contestCount = Int.random(in: 1...3, using: &rng)
        var contests: [Manifest.Contest] = []
        for c in 1...contestCount {
            let candidates = (1...Int.random(in: 1...4, using: &rng)).map { Manifest.Candidate(id: "k\($0)", name: "Candidate \($0)") }
            let max = Int.random(in: 1...candidates.count, using: &rng)
            let min = Int.random(in: 0...max, using: &rng)
            contests.append(.init(id: "c\(c)", title: "Contest \(c)", min: min, max: max, candidates: candidates))
        }
        var ballots: [[String]] = (0..<districtCount).map { _ in
            let chosen = contests.map(\.id).filter { _ in rng.chance(0.5) }
            return chosen.isEmpty ? [contests[Int.random(in: 0..<contests.count, using: &rng)].id] : chosen
        }
        for contest in contests where !ballots.contains(where: { $0.contains(contest.id) }) {
            let d = Int.random(in: 0..<districtCount, using: &rng)
            ballots[d] = contests.map(\.id).filter { ballots[d].contains($0) || $0 == contest.id }
        }
        if crossDistrict, rng.chance(0.7) { ballots = Array(repeating: ballots[0], count: districtCount) }
        for contest in contests where !ballots.contains(where: { $0.contains(contest.id) }) { ballots[0].append(contest.id) }
        ballots = ballots.map { ids in contests.map(\.id).filter { ids.contains($0) } }
        let districts = (0..<districtCount).map {
            Manifest.District(id: DishonestCommission.districtIDs[$0], name: "District \($0 + 1)", contests: ballots[$0])
        }
        return try Manifest(electionID: "random-2026", title: "Random election", contests: contests, districts: districts,
                            revoting: rng.chance(crossDistrict ? 0.85 : 0.5), spoilLimit: Int.random(in: 0...2, using: &rng))
    }

    /// Random valid choices for `district`: in each contest a count in `[min, max]`.
    static func choices(_ manifest: Manifest, district: String, using rng: inout SeededGenerator) -> [String: Set<String>] {
        var choices: [String: Set<String>] = [:]
        for contest in manifest.contests(inDistrict: district) {
            let count = Int.random(in: contest.min...contest.max, using: &rng)
            choices[contest.id] = Set(contest.candidates.map(\.id).shuffled(using: &rng).prefix(count))
        }
        return choices
    }
}
