import UrnaRecord

/// `urna election results --json`: the table as canonical JSON (RFC 8785: sorted keys, no white
/// space, integers only), so the same result always gives the same bytes. The shape is
/// ``ResultsJSON`` (documented in `urna election results --help`).
extension ResultTable {
    public func canonicalJSON() throws -> [UInt8] {
        try CanonicalJSON.encode(ResultsJSON(self))
    }
}

/// The JSON form of a ``ResultTable``. Version 1.
struct ResultsJSON: Codable {
    struct Candidate: Codable {
        let id: String
        let name: String
        let votes: Int
    }

    struct Contest: Codable {
        let id: String
        let title: String
        let min: Int
        let max: Int
        let ballotsCounted: Int
        let candidates: [Candidate]
        let selections: Int
        let undervotes: Int

        enum CodingKeys: String, CodingKey {
            case id, title, min, max, candidates, selections, undervotes
            case ballotsCounted = "ballots_counted"
        }

        init(_ contest: ResultTable.Contest) {
            id = contest.id
            title = contest.title
            min = contest.min
            max = contest.max
            ballotsCounted = contest.ballots
            candidates = contest.candidates.map { Candidate(id: $0.id, name: $0.name, votes: $0.votes) }
            selections = contest.selections
            undervotes = contest.undervotes
        }
    }

    struct District: Codable {
        let id: String
        let name: String
        let ballotsCounted: Int
        let roll: Int?
        let turnoutBasisPoints: Int?
        let contests: [Contest]

        enum CodingKeys: String, CodingKey {
            case id, name, roll, contests
            case ballotsCounted = "ballots_counted"
            case turnoutBasisPoints = "turnout_basis_points"
        }
    }

    let version: Int
    let electionID: String
    let title: String
    let trustees: [Int]
    let ballotsCounted: Int
    let roll: Int?
    let turnoutBasisPoints: Int?
    let districts: [District]
    let totals: [Contest]

    enum CodingKeys: String, CodingKey {
        case version, title, trustees, roll, districts, totals
        case electionID = "election_id"
        case ballotsCounted = "ballots_counted"
        case turnoutBasisPoints = "turnout_basis_points"
    }

    init(_ table: ResultTable) {
        version = 1
        electionID = table.electionID
        title = table.title
        trustees = table.trustees
        ballotsCounted = table.ballots
        roll = table.roll
        turnoutBasisPoints = ResultTable.turnoutBasisPoints(ballots: table.ballots, roll: table.roll)
        districts = table.districts.map { district in
            District(id: district.id, name: district.name, ballotsCounted: district.ballots, roll: district.roll,
                     turnoutBasisPoints: ResultTable.turnoutBasisPoints(ballots: district.ballots, roll: district.roll),
                     contests: district.contests.map(Contest.init))
        }
        totals = table.totals.map(Contest.init)
    }
}
