import UrnaRecord

/// A published result laid out for people and programs (`urna election results`, `urna election
/// publish`, `urna demo`): districts and contests in ballot (manifest) order, candidates with
/// their names, undervotes, ballots counted, and turnout against the roll when it is known.
///
/// Undervotes of a contest in a district: ballots counted × the contest's `max` − selections
/// made (the sum of its candidates' votes), i.e. the selections voters could have made and did
/// not. Blank ballots are not counted: the tally adds encrypted ballots together, and no single
/// ballot's selections are ever decrypted.
public struct ResultTable: Sendable, Hashable {
    public struct Candidate: Sendable, Hashable {
        public let id: String
        public let name: String
        public let votes: Int
    }

    public struct Contest: Sendable, Hashable {
        public let id: String
        public let title: String
        public let min: Int
        public let max: Int
        /// Ballots counted that hold this contest.
        public let ballots: Int
        public let candidates: [Candidate]

        /// Selections made: the sum of the candidates' votes.
        public var selections: Int { candidates.reduce(0) { $0 &+ $1.votes } }
        /// `ballots × max − selections` (``ResultTable``).
        public var undervotes: Int { ballots.multipliedReportingOverflow(by: max).partialValue &- selections }
    }

    public struct District: Sendable, Hashable {
        public let id: String
        public let name: String
        public let ballots: Int
        /// Voters on the roll, when known.
        public let roll: Int?
        public let contests: [Contest]
    }

    public let electionID: String
    public let title: String
    /// The trustees whose shares were combined.
    public let trustees: [Int]
    public let districts: [District]
    /// Each contest over every district whose ballot holds it, in manifest order.
    public let totals: [Contest]

    /// Ballots counted over all districts.
    public var ballots: Int { districts.reduce(0) { $0 &+ $1.ballots } }
    /// Voters on the roll over all districts, when every district's roll is known.
    public var roll: Int? {
        districts.reduce(Optional(0)) { sum, district in sum.flatMap { sum in district.roll.map { sum &+ $0 } } }
    }

    /// - Parameter roll: voters on the roll per district id (from the commission's private store);
    ///   nil where it is not known (an observer's copy of the record).
    public init(result: ResultBody, manifest: Manifest, roll: [String: Int]? = nil) {
        electionID = manifest.electionID
        title = manifest.title
        trustees = result.trustees
        func contest(_ contest: Manifest.Contest, ballots: Int, counts: [String: Int]?) -> Contest {
            Contest(id: contest.id, title: contest.title, min: contest.min, max: contest.max, ballots: ballots,
                    candidates: contest.candidates.map { Candidate(id: $0.id, name: $0.name, votes: counts?[$0.id] ?? 0) })
        }
        districts = manifest.districts.map { district in
            let figures = result.districts[district.id]
            let ballots = figures?.ballots ?? 0
            return District(id: district.id, name: district.name, ballots: ballots, roll: roll.map { $0[district.id] ?? 0 },
                            contests: manifest.contests(inDistrict: district.id).map {
                                contest($0, ballots: ballots, counts: figures?.contests[$0.id])
                            })
        }
        let districts = districts
        totals = manifest.contests.map { item in
            let ballots = districts.filter { district in district.contests.contains { $0.id == item.id } }.reduce(0) { $0 &+ $1.ballots }
            return contest(item, ballots: ballots, counts: result.totals[item.id])
        }
    }

    /// `ballots / roll` in basis points (1/100 of a percent), rounded down; nil without a roll.
    public static func turnoutBasisPoints(ballots: Int, roll: Int?) -> Int? {
        guard let roll, roll > 0 else { return nil }
        let (product, overflow) = ballots.multipliedReportingOverflow(by: 10_000)
        return overflow ? nil : product / roll
    }

    /// How many selections a contest allows, in words: "vote for exactly 1", "vote for up to 2",
    /// "vote for 1 to 3".
    public static func voteFor(min: Int, max: Int) -> String {
        if min == max { return "vote for exactly \(max)" }
        if min == 0 { return "vote for up to \(max)" }
        return "vote for \(min) to \(max)"
    }
}
