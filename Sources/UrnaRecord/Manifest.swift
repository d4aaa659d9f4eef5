/// The election definition (`Specs/election-record.md` §2): districts, the contests each
/// district votes on, candidates and selection rules. Published in the `election` entry.
public struct Manifest: Sendable, Hashable, Codable {
    public struct Candidate: Sendable, Hashable, Codable {
        public let id: String
        public let name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct Contest: Sendable, Hashable, Codable {
        public let id: String
        public let title: String
        /// Fewest selections a valid ballot makes in this contest (undervote floor).
        public let min: Int
        /// Most selections (vote for up to `max`).
        public let max: Int
        public let candidates: [Candidate]

        public init(id: String, title: String, min: Int, max: Int, candidates: [Candidate]) {
            self.id = id
            self.title = title
            self.min = min
            self.max = max
            self.candidates = candidates
        }
    }

    public struct District: Sendable, Hashable, Codable {
        public let id: String
        public let name: String
        /// Ids of the contests on this district's ballot, in ballot order.
        public let contests: [String]

        public init(id: String, name: String, contests: [String]) {
            self.id = id
            self.name = name
            self.contests = contests
        }
    }

    public let electionID: String
    public let title: String
    public let contests: [Contest]
    public let districts: [District]
    /// Whether a later ballot under the same credential supersedes the earlier one.
    public let revoting: Bool
    /// How many ballots one credential may spoil (Benaloh challenges).
    public let spoilLimit: Int

    enum CodingKeys: String, CodingKey {
        case electionID = "election_id"
        case title, contests, districts, revoting
        case spoilLimit = "spoil_limit"
    }

    public init(electionID: String, title: String, contests: [Contest], districts: [District],
                revoting: Bool = false, spoilLimit: Int = 3) throws {
        self.electionID = electionID
        self.title = title
        self.contests = contests
        self.districts = districts
        self.revoting = revoting
        self.spoilLimit = spoilLimit
        try validate()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        electionID = try container.decode(String.self, forKey: .electionID)
        title = try container.decode(String.self, forKey: .title)
        contests = try container.decode([Contest].self, forKey: .contests)
        districts = try container.decode([District].self, forKey: .districts)
        revoting = try container.decodeIfPresent(Bool.self, forKey: .revoting) ?? false
        spoilLimit = try container.decodeIfPresent(Int.self, forKey: .spoilLimit) ?? 3
        try validate()
    }

    public func contest(_ id: String) -> Contest? { contests.first { $0.id == id } }
    public func district(_ id: String) -> District? { districts.first { $0.id == id } }

    /// The contests on a district's ballot, in order.
    public func contests(inDistrict id: String) -> [Contest] {
        district(id)?.contests.compactMap { contest($0) } ?? []
    }
}
