import UrnaRecord

/// The demo's election: a city-wide mayoral race and referendum, and a council race per district.
enum DemoManifest {
    static let letters = Array("abcdefghijklmnopqrstuvwxyz").map(String.init)

    static func make(districts: Int, revoting: Bool) throws -> Manifest {
        let districtIDs = (0..<districts).map { "district-\(letters[$0])" }
        var contests: [Manifest.Contest] = [
            .init(id: "mayor", title: "Mayor", min: 0, max: 1, candidates: [
                .init(id: "ada", name: "Ada Lovelace"), .init(id: "grace", name: "Grace Hopper"),
                .init(id: "alan", name: "Alan Turing"), .init(id: "edsger", name: "Edsger Dijkstra"),
            ]),
            .init(id: "referendum", title: "Build the new library?", min: 1, max: 1, candidates: [
                .init(id: "yes", name: "Yes"), .init(id: "no", name: "No"),
            ]),
        ]
        for id in districtIDs {
            let letter = id.suffix(1).uppercased()
            contests.append(.init(id: "council-\(id)", title: "Council, district \(letter) (up to 2)", min: 0, max: 2, candidates: (1...5).map {
                .init(id: "c\($0)", name: "Candidate \(letter)\($0)")
            }))
        }
        return try Manifest(
            electionID: "demo-2026", title: "Urna demonstration election", contests: contests,
            districts: districtIDs.map { .init(id: $0, name: "District \($0.suffix(1).uppercased())", contests: ["mayor", "council-\($0)", "referendum"]) },
            revoting: revoting, spoilLimit: 2)
    }

    /// Random valid choices for a district's ballot.
    static func randomChoices(manifest: Manifest, district: String, using generator: inout some RandomNumberGenerator) -> [String: Set<String>] {
        var choices: [String: Set<String>] = [:]
        for contest in manifest.contests(inDistrict: district) {
            let count = Int.random(in: contest.min...contest.max, using: &generator)
            choices[contest.id] = Set(contest.candidates.shuffled(using: &generator).prefix(count).map(\.id))
        }
        return choices
    }
}
