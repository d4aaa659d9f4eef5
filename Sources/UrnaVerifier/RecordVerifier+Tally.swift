import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// Tally, decryption shares and the result (`Specs/election-record.md` §4.8–§4.10), with the
/// record library's ``TallyCheck``: the published aggregates against the ones recomputed from
/// the counted ballots, every share proof (batched per entry), the Lagrange combination, and
/// the published counts against the decrypted ones.
extension RecordVerifier {
    func handleTally(_ entry: RecordEntry) {
        state.tallySeq = entry.seq
        let body: TallyBody
        do {
            body = try CanonicalJSON.decode(TallyBody.self, from: entry.body)
        } catch {
            fail(.tallyAggregates, entry.seq, "the tally body does not decode: \(error)")
            return
        }
        state.tallyBody = HexBytes(entry.body)
        guard let election else { return }
        let ballots = context?.ballots ?? ElectionContext.index(election.manifest)
        for district in election.manifest.districts {
            guard let contests = body.districts[district.id] else {
                fail(.tallyAggregates, entry.seq, "district '\(district.id)' has no aggregates")
                continue
            }
            let sums = ElGamalAccumulator.ciphertexts(aggregates[district.id] ?? [])
            let counted = state.districts[district.id]?.ballotsCounted ?? 0
            var offset = 0
            let expected = ballots[district.id] ?? []
            for contest in expected {
                defer { offset += contest.candidates.count }
                let place = "\(district.id)/\(contest.id)"
                guard let aggregate = contests[contest.id] else {
                    fail(.tallyAggregates, entry.seq, "\(place) has no aggregate")
                    continue
                }
                var problems: [String] = []
                if aggregate.ballots != counted {
                    problems.append("\(aggregate.ballots) ballots published, \(counted) counted in the record")
                }
                let ids = Set(contest.candidates.map(\.id))
                if Set(aggregate.selections.keys) != ids {
                    problems.append("candidates \(aggregate.selections.keys.sorted()) are not the contest's \(ids.sorted())")
                }
                for (k, candidate) in contest.candidates.enumerated() where offset + k < sums.count {
                    if let published = aggregate.selections[candidate.id], published != sums[offset + k] {
                        problems.append("'\(candidate.id)' is not the sum of the counted ballots")
                    }
                }
                if problems.isEmpty {
                    pass(.tallyAggregates)
                } else {
                    fail(.tallyAggregates, entry.seq, "\(place): " + problems.joined(separator: "; "))
                }
            }
            for extra in Set(contests.keys).subtracting(expected.map(\.id)).sorted() {
                fail(.tallyAggregates, entry.seq, "\(district.id)/\(extra) is not a contest of the district's ballot")
            }
        }
        for extra in Set(body.districts.keys).subtracting(election.manifest.districts.map(\.id)).sorted() {
            fail(.tallyAggregates, entry.seq, "district '\(extra)' is not in the manifest")
        }
    }

    func handleTallyShare(_ entry: RecordEntry) {
        guard let tally = publishedTally, let jointKey = publishedJointKey, let context else {
            fail(.tallyShareProof, entry.seq, "no decodable tally and joint key to check the shares against")
            return
        }
        let body: TallyShareBody
        do {
            body = try CanonicalJSON.decode(TallyShareBody.self, from: entry.body)
        } catch {
            fail(.tallyShareProof, entry.seq, "the tally-share body does not decode: \(error)")
            return
        }
        if let election, let setupDigest {
            guard identityAccepted(body, entry, election: election, setupDigest: setupDigest, orElse: .tallyShareProof) else { return }
        }
        guard state.sharesSeen.insert(body.trustee).inserted else {
            fail(.tallyShareProof, entry.seq, "a second tally-share entry of trustee \(body.trustee)")
            return
        }
        do {
            let equations = try TallyCheck.shareEquations(body, tally: tally, jointKey: jointKey,
                                                          electionHash: context.electionHash)
            // Each Chaum-Pedersen proof gives two equations named "<district>/<contest>/<candidate>: …".
            var batch = BatchVerifier<String>()
            var proofs = 0
            for start in stride(from: 0, to: equations.count, by: 2) {
                let pair = Array(equations[start..<min(start + 2, equations.count)])
                let place = String(pair[0].name.prefix { $0 != ":" })
                batch.add(label: place, proof: "share of trustee \(body.trustee) for \(place)") { pair }
                proofs += 1
            }
            let failures = options.batchProofs
                ? try batch.verify().map { ($0.label, $0.error.reason) } : try singly(equations)
            pass(.tallyShareProof, proofs - failures.count)
            for (place, reason) in failures {
                fail(.tallyShareProof, entry.seq, "trustee \(body.trustee), \(place): \(reason)")
            }
            if failures.isEmpty { state.validShares[body.trustee] = HexBytes(entry.body) }
        } catch let error as RecordError {
            fail(.tallyShareProof, entry.seq, error.reason)
        } catch {
            fail(.tallyShareProof, entry.seq, "\(error)")
        }
    }

    /// The share proofs checked one equation at a time (when batching is off).
    private func singly(_ equations: [VerificationEquation]) throws -> [(String, String)] {
        var failures: [(String, String)] = []
        for start in stride(from: 0, to: equations.count, by: 2) {
            let pair = equations[start..<min(start + 2, equations.count)]
            let place = String(pair.first?.name.prefix { $0 != ":" } ?? "")
            for equation in pair where try !equation.holds() {
                failures.append((place, "equation '\(equation.name)' does not hold"))
                break
            }
        }
        return failures
    }

    func handleResult(_ entry: RecordEntry) {
        let published: ResultBody
        do {
            published = try CanonicalJSON.decode(ResultBody.self, from: entry.body)
        } catch {
            fail(.resultMatches, entry.seq, "the result body does not decode: \(error)")
            return
        }
        state.publishedResult = published
        guard let tally = publishedTally, let election else {
            fail(.tallyCombination, entry.seq, "no decodable tally to combine shares for")
            return
        }
        var valid: [Int: TallyShareBody] = [:]
        for (trustee, bytes) in state.validShares {
            valid[trustee] = try? CanonicalJSON.decode(TallyShareBody.self, from: bytes.bytes)
        }
        let listed = published.trustees
        var problems: [String] = []
        if listed != listed.sorted() || Set(listed).count != listed.count {
            problems.append("trustees \(listed) are not ascending without repeats")
        }
        if listed.count < election.threshold {
            problems.append("\(listed.count) trustees \(listed); the threshold is \(election.threshold)")
        }
        for trustee in listed where valid[trustee] == nil {
            problems.append("trustee \(trustee) has no valid tally-share entry")
        }
        // The counts are decrypted only from aggregates proven to be the counted ballots' sums, and
        // the discrete-log search is bounded by the verifier's own count (never the tally's claim).
        let counted = state.districts.mapValues(\.ballotsCounted)
        guard state.failed[.tallyAggregates, default: 0] == 0 else {
            fail(.tallyCombination, entry.seq, "not decrypted: the published aggregates are not the sums of the counted ballots (tally.aggregates)")
            return
        }
        var recomputed: ResultBody?
        if problems.isEmpty {
            do {
                recomputed = try TallyCheck.combine(tally: tally, shares: listed.compactMap { valid[$0] },
                                                    threshold: election.threshold, countedBallots: counted)
                pass(.tallyCombination)
            } catch let error as RecordError {
                fail(.tallyCombination, entry.seq, error.reason)
            } catch {
                fail(.tallyCombination, entry.seq, "\(error)")
            }
        } else {
            fail(.tallyCombination, entry.seq, problems.joined(separator: "; "))
            // Still decrypt with any valid quorum, so the report shows what the record holds.
            let quorum = valid.keys.sorted().prefix(election.threshold)
            if quorum.count == election.threshold {
                recomputed = try? TallyCheck.combine(tally: tally, shares: quorum.compactMap { valid[$0] },
                                                     threshold: election.threshold, countedBallots: counted)
            }
        }
        guard let recomputed else { return }
        state.recomputedResult = recomputed
        compare(published: published, recomputed: recomputed, seq: entry.seq)
    }

    private func compare(published: ResultBody, recomputed: ResultBody, seq: UInt64) {
        for (district, expected) in recomputed.districts.sorted(by: { $0.key < $1.key }) {
            guard let claimed = published.districts[district] else {
                fail(.resultMatches, seq, "district '\(district)' is missing from the published result")
                continue
            }
            var problems: [String] = []
            if claimed.ballots != expected.ballots {
                problems.append("ballots \(claimed.ballots) published, \(expected.ballots) in the tally")
            }
            for (contest, counts) in expected.contests.sorted(by: { $0.key < $1.key }) {
                for (candidate, count) in counts.sorted(by: { $0.key < $1.key }) where claimed.contests[contest]?[candidate] != count {
                    let shown = claimed.contests[contest]?[candidate].map(String.init) ?? "nothing"
                    problems.append("\(contest)/\(candidate): \(shown) published, \(count) decrypted")
                }
            }
            for contest in Set(claimed.contests.keys).subtracting(expected.contests.keys).sorted() {
                problems.append("contest '\(contest)' is not in the tally")
            }
            for (contest, counts) in claimed.contests {
                for candidate in Set(counts.keys).subtracting(expected.contests[contest]?.keys ?? [:].keys).sorted() {
                    problems.append("\(contest)/\(candidate) is not in the tally")
                }
            }
            if problems.isEmpty {
                pass(.resultMatches)
            } else {
                fail(.resultMatches, seq, "district '\(district)': " + problems.joined(separator: "; "))
            }
        }
        for district in Set(published.districts.keys).subtracting(recomputed.districts.keys).sorted() {
            fail(.resultMatches, seq, "district '\(district)' is in the published result but not in the tally")
        }
        if published.totals == recomputed.totals {
            pass(.resultMatches)
        } else {
            fail(.resultMatches, seq, "the published totals are not the sums of the decrypted counts")
        }
    }

    /// The published tally, decoded from the saved body.
    var publishedTally: TallyBody? {
        guard let bytes = state.tallyBody?.bytes else { return nil }
        return try? CanonicalJSON.decode(TallyBody.self, from: bytes)
    }
}
