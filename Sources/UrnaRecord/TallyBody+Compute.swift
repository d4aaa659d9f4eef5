import UrnaCrypto

extension TallyBody {
    /// The `tally` body (`Specs/election-record.md` §4.8): for every district of the manifest and
    /// every contest on its ballot, the number of counted ballots and, per candidate, the
    /// homomorphic sum of that selection over the counted ballots. A district without ballots
    /// gets `(O, O)` aggregates. The ballots are assumed checked (§5.5) and to be exactly the
    /// counted ones (§5.6); a ballot whose district or shape does not match the manifest is refused.
    public static func compute(manifest: Manifest, counted: [Ballot]) throws -> TallyBody {
        var accumulator = try Accumulator(manifest: manifest)
        for ballot in counted { try accumulator.add(ballot) }
        return accumulator.body
    }

    /// Builds a tally body one ballot at a time, so a verifier can stream the record. ``remove(_:)``
    /// takes a ballot back out (a superseded ballot when re-voting is allowed).
    public struct Accumulator: Sendable {
        private let manifest: Manifest
        private var ballots: [String: Int] = [:]
        /// District → contest → candidate → running sum (public ciphertexts, summed in our own
        /// field code with one inversion per point at the end: ``ElGamalAccumulator``).
        private var sums: [String: [String: [String: ElGamalAccumulator]]] = [:]

        public init(manifest: Manifest) throws {
            self.manifest = manifest
            let zero = ElGamalAccumulator()
            for district in manifest.districts {
                ballots[district.id] = 0
                var contests: [String: [String: ElGamalAccumulator]] = [:]
                for contest in manifest.contests(inDistrict: district.id) {
                    contests[contest.id] = Dictionary(uniqueKeysWithValues: contest.candidates.map { ($0.id, zero) })
                }
                sums[district.id] = contests
            }
        }

        /// Adds a counted ballot's selections to its district's sums.
        public mutating func add(_ ballot: Ballot) throws {
            try combine(ballot, sign: 1)
        }

        /// Subtracts a ballot added earlier.
        public mutating func remove(_ ballot: Ballot) throws {
            guard let count = ballots[ballot.district], count > 0 else {
                throw RecordError(.badTally, "no ballot of district '\(ballot.district)' to remove")
            }
            try combine(ballot, sign: -1)
        }

        private mutating func combine(_ ballot: Ballot, sign: Int) throws {
            guard var contests = sums[ballot.district] else {
                throw RecordError(.unknownDistrict, "district '\(ballot.district)' is not in the manifest")
            }
            let expected = manifest.contests(inDistrict: ballot.district)
            guard ballot.contests.map(\.id) == expected.map(\.id) else {
                throw RecordError(.ballotShape, "contests \(ballot.contests.map(\.id)) do not match district '\(ballot.district)'")
            }
            for (contest, rule) in zip(ballot.contests, expected) {
                guard contest.selections.map(\.id) == rule.candidates.map(\.id), var totals = contests[contest.id] else {
                    throw RecordError(.ballotShape, "contest '\(contest.id)': selections do not match the candidates in order")
                }
                for selection in contest.selections where totals[selection.id] != nil {
                    if sign > 0 {
                        totals[selection.id]?.add(selection.ciphertext)
                    } else {
                        totals[selection.id]?.subtract(selection.ciphertext)
                    }
                }
                contests[contest.id] = totals
            }
            sums[ballot.district] = contests
            ballots[ballot.district, default: 0] += sign
        }

        /// The tally body of the ballots added so far.
        public var body: TallyBody {
            var districts: [String: [String: ContestAggregate]] = [:]
            for (district, contests) in sums {
                let count = ballots[district] ?? 0
                districts[district] = contests.mapValues { ContestAggregate(ballots: count, selections: $0.mapValues(\.ciphertext)) }
            }
            return TallyBody(districts: districts)
        }
    }
}

extension RecordError.Code {
    /// A tally body (or result) that is inconsistent with itself or with the shares.
    public static let badTally = Self(rawValue: "bad-tally")
}
