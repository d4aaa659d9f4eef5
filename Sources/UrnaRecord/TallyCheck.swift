import UrnaCrypto

/// Checks of the threshold tally (`Specs/election-record.md` §4.9–§4.10), shared by the service
/// and the verifier: each trustee's partial decryptions against the tally, and their combination
/// into the result.
public enum TallyCheck {
    /// Checks a `tally-share` body (§4.9) against the tally: the trustee is qualified, the shares
    /// name exactly the tally's districts, contests and candidates, an aggregate whose `A` is `O`
    /// has share `O` and no proof, and every other share is finite with a Chaum-Pedersen proof
    /// against `public_shares[j]` under `[election hash, "tally", district, contest, candidate, u32(j)]`.
    /// Throws `bad-tally-share` naming the trustee and the aggregate.
    public static func verifyShare(_ body: TallyShareBody, tally: TallyBody, jointKey: JointKeyBody,
                                   electionHash: [UInt8]) throws {
        for equation in try shareEquations(body, tally: tally, jointKey: jointKey, electionHash: electionHash) {
            guard try equation.holds() else {
                throw RecordError(.badTallyShare, "trustee \(body.trustee): equation '\(equation.name)' does not hold")
            }
        }
    }

    /// Every check of ``verifyShare(_:tally:jointKey:electionHash:)`` except the proofs' group
    /// equations, which it returns (each named `district/contest/candidate: …`) for single or
    /// batched checking (`Specs/crypto.md` §4.6).
    public static func shareEquations(_ body: TallyShareBody, tally: TallyBody, jointKey: JointKeyBody,
                                      electionHash: [UInt8]) throws -> [VerificationEquation] {
        let j = body.trustee
        func fail(_ reason: String) -> RecordError { RecordError(.badTallyShare, "trustee \(j): \(reason)") }
        guard jointKey.qualified.contains(j) else {
            throw fail("not a qualified trustee (qualified: \(jointKey.qualified))")
        }
        guard let publicShare = jointKey.publicShares[String(j)] else {
            throw fail("the joint key has no public share for this trustee")
        }
        try requireSameKeys(body.shares, tally.districts, "districts", fail)
        var equations: [VerificationEquation] = []
        for (district, contests) in tally.districts.sorted(by: { $0.key < $1.key }) {
            let sharedContests = body.shares[district] ?? [:]
            try requireSameKeys(sharedContests, contests, "district '\(district)': contests", fail)
            for (contest, aggregate) in contests.sorted(by: { $0.key < $1.key }) {
                let shares = sharedContests[contest] ?? [:]
                try requireSameKeys(shares, aggregate.selections, "\(district)/\(contest): candidates", fail)
                for (candidate, ciphertext) in aggregate.selections.sorted(by: { $0.key < $1.key }) {
                    let place = "\(district)/\(contest)/\(candidate)"
                    guard let share = shares[candidate] else { throw fail("\(place): no share") }
                    if ciphertext.a.isInfinity {
                        guard share.share.isInfinity, share.proof == nil else {
                            throw fail("\(place): the aggregate's A is O, so the share must be \"00\" without a proof")
                        }
                        continue
                    }
                    guard !share.share.isInfinity, let proof = share.proof else {
                        throw fail("\(place): the share must be a finite point with a proof")
                    }
                    let context = TallyBody.shareContext(electionHash: electionHash, district: district,
                                                         contest: contest, candidate: candidate, trustee: j)
                    do {
                        let found = try proof.equations(x: publicShare, y: ciphertext.a, z: share.share, context: context)
                        equations += found.map {
                            VerificationEquation(name: "\(place): \($0.name)", commitment: $0.commitment,
                                                 generatorScalar: $0.generatorScalar, terms: $0.terms)
                        }
                    } catch let error as CryptoError {
                        throw fail("\(place): \(error.reason)")
                    }
                }
            }
        }
        return equations
    }

    /// Combines the (already verified) shares of at least `threshold` distinct trustees into the
    /// `result` body (§4.10): for each aggregate `m·G = B − Σ_{j ∈ S} λ_j·M_j` (just `B` when
    /// `A = O`), then `m` by baby-step giant-step bounded by the district's ballots, one table
    /// per distinct bound. Throws `too-few-trustees`, `bad-tally` (missing shares, districts whose
    /// contests disagree on the ballot count), or `count-out-of-range` when no `m ∈ [0, ballots]` fits.
    /// A verifier passes `countedBallots`, its own count per district: the discrete-log search is
    /// then bounded by ballots it has seen, never by a number the record merely claims (a claim of
    /// 2^40 ballots would cost minutes and gigabytes per selection), and a district whose claim
    /// differs is refused before any search.
    public static func combine(tally: TallyBody, shares: [TallyShareBody], threshold: Int,
                               countedBallots: [String: Int]? = nil) throws -> ResultBody {
        let trustees = shares.map(\.trustee).sorted()
        guard Set(trustees).count == trustees.count else {
            throw RecordError(.badTally, "a trustee's shares are given twice: \(trustees)")
        }
        guard threshold >= 1, trustees.count >= threshold else {
            throw RecordError(.tooFewTrustees, "shares of \(trustees.count) trustees \(trustees); the threshold is \(threshold)")
        }
        let lambdas: [Scalar]
        do {
            lambdas = try shares.map { try Threshold.lagrangeCoefficientAtZero(index: $0.trustee, participants: trustees) }
        } catch let error as CryptoError {
            throw RecordError(.badTally, "trustees \(trustees): \(error.reason)")
        }
        var tables: [Int: DiscreteLogTable] = [:]
        var districts: [String: ResultBody.DistrictResult] = [:]
        for (district, contests) in tally.districts {
            let counts = Set(contests.values.map(\.ballots))
            guard counts.count <= 1 else {
                throw RecordError(.badTally, "district '\(district)': contests disagree on the number of ballots \(counts.sorted())")
            }
            let ballots = counts.first ?? 0
            guard ballots >= 0 else { throw RecordError(.badTally, "district '\(district)': \(ballots) ballots") }
            if let countedBallots {
                guard let counted = countedBallots[district], counted == ballots else {
                    throw RecordError(.badTally, "district '\(district)': the tally claims \(ballots) ballots, \(countedBallots[district].map(String.init) ?? "none") were counted")
                }
            }
            let table: DiscreteLogTable
            if let cached = tables[ballots] {
                table = cached
            } else {
                do { table = try DiscreteLogTable(bound: ballots) } catch let error as CryptoError {
                    throw RecordError(.badTally, "district '\(district)': \(error.reason)")
                }
                tables[ballots] = table
            }
            var results: [String: [String: Int]] = [:]
            for (contest, aggregate) in contests {
                for (candidate, ciphertext) in aggregate.selections {
                    let place = "\(district)/\(contest)/\(candidate)"
                    let point = try plaintextPoint(ciphertext, place: place, shares: shares, lambdas: lambdas) {
                        $0.shares[district]?[contest]?[candidate]?.share
                    }
                    do {
                        results[contest, default: [:]][candidate] = try table.solve(point)
                    } catch let error as CryptoError where error.code == .discreteLogOutOfRange {
                        throw RecordError(.countOutOfRange, "\(place): the decrypted count is not in [0, \(ballots)]")
                    }
                }
            }
            districts[district] = ResultBody.DistrictResult(ballots: ballots, contests: results)
        }
        return ResultBody(trustees: trustees, districts: districts)
    }

    /// `B − Σ λ_j·M_j`, or `B` when `A = O` (every `M_j` is then `O`).
    static func plaintextPoint(_ ciphertext: ElGamalCiphertext, place: String, shares: [TallyShareBody],
                               lambdas: [Scalar], share: (TallyShareBody) -> Point?) throws -> Point {
        if ciphertext.a.isInfinity { return ciphertext.b }
        var terms: [(Scalar, Point)] = []
        for (body, lambda) in zip(shares, lambdas) {
            guard let point = share(body), !point.isInfinity else {
                throw RecordError(.badTally, "\(place): trustee \(body.trustee) has no finite share")
            }
            terms.append((lambda, point))
        }
        return try ciphertext.b.subtracting(Point.linearCombination(generatorScalar: nil, terms))
    }

    /// Throws naming the first missing and extra key of `shares` against `expected`.
    static func requireSameKeys<A, B>(_ shares: [String: A], _ expected: [String: B], _ what: String,
                                      _ fail: (String) -> RecordError) throws {
        if let missing = Set(expected.keys).subtracting(shares.keys).sorted().first {
            throw fail("\(what): '\(missing)' has no shares")
        }
        if let extra = Set(shares.keys).subtracting(expected.keys).sorted().first {
            throw fail("\(what): '\(extra)' is not in the tally")
        }
    }
}

extension RecordError.Code {
    /// A `tally-share` body that breaks a rule of §4.9.
    public static let badTallyShare = Self(rawValue: "bad-tally-share")
    /// A decrypted count outside `[0, ballots]` (§4.10).
    public static let countOutOfRange = Self(rawValue: "count-out-of-range")
}
