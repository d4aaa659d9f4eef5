import UrnaCrypto
import UrnaRecord
import UrnaTrustee

/// A random election run by a (possibly dishonest) ``DishonestCommission``: random manifest,
/// trustees (n ≤ 4, threshold k, a trustee sending a bad share and being disqualified, absent
/// trustees at decryption), 0–12 voters with spoils and re-votes, and — when cheating — one or
/// two ``Cheat``s. A cheating commission publishes several candidate records, one per theory of
/// which ballots the verifier might count, hoping one passes with the wrong result.
struct RandomElection {
    let seed: UInt64
    let commission: DishonestCommission
    let honest: Bool
    let cheats: [Cheat]
    let candidates: [CandidateRecord]

    /// A ballot entry the generator appended, and what it is.
    private struct Cast {
        let ballot: Ballot
        let credential: [UInt8]
        let valid: Bool
        let afterClose: Bool
        let replay: Bool
    }

    private enum Event {
        case spoil(voter: Int, district: String? = nil)
        /// `same`: the same choices as the voter's previous `same` ballot (a vote moved, not changed).
        case cast(voter: Int, district: String? = nil, defect: BallotDefect? = nil, same: Bool = false)
        case replaySpoiled
    }

    private struct Voter {
        let key: Ed25519PrivateKey
        let district: String
        var tokens: [String: Ballot.Token] = [:]
        /// A commission-minted voter whose tokens get a forged issuance (``Cheat/forgedIssuance``).
        var forged = false
    }

    static func generate(seed: UInt64, config: SoundnessConfig, honestOnly: Bool = false) throws -> RandomElection {
        var rng = SeededGenerator(seed: seed)
        let honest = rng.chance(0.45) || honestOnly
        // Cross-district attacks get extra weight: they are the class the review found.
        let crossDistrict = !honest && config.enabled(.crossDistrict) && rng.chance(0.4)
        let manifest = try RandomManifest.make(crossDistrict: crossDistrict, using: &rng)
        let n = Int.random(in: 1...4, using: &rng)
        let k = Int.random(in: 1...n, using: &rng)
        let commission = try DishonestCommission(manifest: manifest, trustees: n, threshold: k)
        var faults: [Int: [Int: TrusteeKeyFile.ShareFault]] = [:]
        if n >= 2, n - 1 >= k, rng.chance(0.35) {
            let accused = Int.random(in: 1...n, using: &rng)
            let accuser = (1...n).filter { $0 != accused }.randomElement(using: &rng) ?? 1
            faults[accused] = [accuser: rng.chance(0.5) ? .wrongValue : .garbledBox]
        }
        try commission.runCeremony(faults: faults)

        let districts = manifest.districts.map(\.id)
        var cheats: [Cheat] = crossDistrict ? [.crossDistrict] : []
        if !honest {
            let pool = Cheat.allCases.filter { cheat in
                switch cheat {
                case .crossDistrict: districts.count >= 2 && config.enabled(.crossDistrict)
                case .secondBallot: !manifest.revoting
                default: true
                }
            }
            for _ in 0..<Int.random(in: crossDistrict ? 0...1 : 1...2, using: &rng) {
                if let cheat = rng.pick(pool), !cheats.contains(cheat) { cheats.append(cheat) }
            }
        }

        // Voters and their events.
        var voters: [Voter] = []
        var queues: [[Event]] = []
        let voterCount = Int.random(in: honestOnly ? 2...config.maxVoters : (cheats.isEmpty ? 0 : 1)...config.maxVoters, using: &rng)
        let limit = manifest.spoilLimit
        for v in 0..<voterCount {
            let district = rng.pick(districts) ?? districts[0]
            voters.append(Voter(key: try Ed25519PrivateKey(), district: district))
            var events: [Event] = []
            let spoils = limit > 0 && rng.chance(0.35) ? Int.random(in: 1...limit, using: &rng) : 0
            let after = spoils > 0 && rng.chance(0.3) ? 1 : 0  // one spoiled after casting
            events += Array(repeating: .spoil(voter: v), count: spoils - after)
            if rng.chance(0.9) { events.append(.cast(voter: v)) }
            if manifest.revoting, rng.chance(0.3) { events.append(.cast(voter: v)) }
            events += Array(repeating: .spoil(voter: v), count: after)
            queues.append(events)
        }
        func someVoter() -> Int { Int.random(in: 0..<voters.count, using: &rng) }
        for cheat in cheats {
            switch cheat {
            case .crossDistrict:
                let v = someVoter()
                let other = districts.filter { $0 != voters[v].district }.randomElement(using: &rng) ?? districts[0]
                if rng.chance(0.2) {
                    // A spoil under the credential in the other district (no vote moves; still against the rule).
                    queues[v] += [.cast(voter: v), .spoil(voter: v, district: other)]
                } else {
                    queues[v].append(.cast(voter: v, same: true))
                    queues[v].append(.cast(voter: v, district: other, same: true))
                    if rng.chance(0.3) { queues[v].append(.cast(voter: v)) }  // and back home
                }
            case .secondBallot:
                let v = someVoter()
                queues[v] += [.cast(voter: v), .cast(voter: v)]
            case .overSpoil:
                let v = someVoter()
                queues[v] += Array(repeating: .spoil(voter: v), count: limit + 1)
            case .stuffing:
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    voters.append(Voter(key: try Ed25519PrivateKey(), district: rng.pick(districts) ?? districts[0]))
                    queues.append([.cast(voter: voters.count - 1)])
                }
            case .forgedIssuance:
                for _ in 0..<Int.random(in: 1...2, using: &rng) {
                    voters.append(Voter(key: try Ed25519PrivateKey(), district: rng.pick(districts) ?? districts[0], forged: true))
                    queues.append([.cast(voter: voters.count - 1)])
                }
            case .defectiveBallot:
                let v = someVoter()
                queues[v].append(.cast(voter: v, defect: rng.pick(BallotDefect.allCases)))
            case .replaySpoiled:
                let v = someVoter()
                queues[v] += [.spoil(voter: v), .replaySpoiled]
            case .afterClose, .underIssue, .forgeResult, .singleBallotAggregate, .dropFromTally:
                break
            }
        }

        // Play the events interleaved; flush issuance at random and before close.
        var pending: [String: Int] = [:]
        var forgedPending: [String: Int] = [:]
        var casts: [Cast] = []
        var spoiledBallots: [Ballot] = []
        var sameChoices: [Int: [String: Set<String>]] = [:]
        func token(_ v: Int, _ district: String) throws -> Ballot.Token {
            if let token = voters[v].tokens[district] { return token }
            let token = try commission.mintToken(for: voters[v].key, district: district)
            voters[v].tokens[district] = token
            if voters[v].forged {
                forgedPending[district, default: 0] += 1
            } else {
                pending[district, default: 0] += 1
            }
            return token
        }
        while let v = (0..<queues.count).filter({ !queues[$0].isEmpty }).randomElement(using: &rng) {
            let event = queues[v].removeFirst()
            switch event {
            case .spoil(let v, let where_):
                let district = where_ ?? voters[v].district
                let (ballot, secrets) = try commission.makeBallot(
                    credential: voters[v].key, district: district,
                    choices: RandomManifest.choices(manifest, district: district, using: &rng), token: try token(v, district))
                try commission.spoil(ballot, secrets: secrets)
                spoiledBallots.append(ballot)
            case .cast(let v, let where_, let defect, let same):
                let district = where_ ?? voters[v].district
                var choices = RandomManifest.choices(manifest, district: district, using: &rng)
                if same, let earlier = sameChoices[v], rng.chance(0.7),
                   (try? BallotBuilder.validate(choices: earlier, district: district, manifest: manifest)) != nil {
                    choices = earlier
                }
                if same { sameChoices[v] = choices }
                let (ballot, _) = try commission.makeBallot(
                    credential: voters[v].key, district: district, choices: choices,
                    token: defect == nil ? try token(v, district) : nil, defect: defect)
                try commission.cast(ballot)
                let valid = commission.facts[ballot.trackingCode]?.valid ?? false
                casts.append(Cast(ballot: ballot, credential: voters[v].key.publicKey.rawRepresentation, valid: valid,
                                  afterClose: false, replay: false))
            case .replaySpoiled:
                guard let ballot = spoiledBallots.last else { break }
                try commission.cast(ballot)
                casts.append(Cast(ballot: ballot, credential: ballot.credential.bytes, valid: true, afterClose: false, replay: true))
            }
            if rng.chance(0.25) {
                try commission.issue(pending)
                pending = [:]
            }
        }
        if cheats.contains(.underIssue), let district = pending.first(where: { $0.value > 0 })?.key {
            pending[district, default: 0] -= 1
        }
        try commission.issue(pending)
        if !forgedPending.isEmpty {
            var forged: [String: [String: String]] = [:]
            for (district, count) in forgedPending.sorted(by: { $0.key < $1.key }) {
                for _ in 0..<count {
                    let kind = rng.pick(DishonestCommission.ForgedIssue.allCases) ?? .invented
                    guard let item = try commission.forgedIssuance(kind, district: district)
                        ?? commission.forgedIssuance(.invented, district: district) else { continue }
                    forged[district, default: [:]][item.pseudonym] = item.code
                }
            }
            try commission.add("issuance", encoding: IssuanceBody(districts: forged))
        }
        try commission.addPhase("close", .closed)
        if cheats.contains(.afterClose), let voter = rng.pick(voters) {
            let (ballot, _) = try commission.makeBallot(
                credential: try Ed25519PrivateKey(), district: voter.district,
                choices: RandomManifest.choices(manifest, district: voter.district, using: &rng))
            try commission.cast(ballot)
            casts.append(Cast(ballot: ballot, credential: ballot.credential.bytes, valid: true, afterClose: true, replay: false))
        }
        let prefix = commission.drafts

        // Theories of what counts, each published as its own candidate record.
        var theories: [(String, [Ballot])] = [("rules", Self.countedByRules(casts, revoting: manifest.revoting))]
        if !honest {
            let plain = casts.filter { $0.valid && !$0.afterClose && !$0.replay }
            theories.append(("last-per-credential", Self.lastPerCredential(plain)))
            theories.append(("first-per-credential", Self.firstPerCredential(plain)))
            theories.append(("every-entry", casts.map(\.ballot)))
        }
        var candidates: [CandidateRecord] = []
        var seenTallies: [TallyBody] = []
        for (name, ballots) in theories {
            guard let tally = try? TallyBody.compute(manifest: manifest, counted: ballots), !seenTallies.contains(tally)
            else { continue }
            seenTallies.append(tally)
            candidates += try Self.publish(tally: tally, label: name, prefix: prefix, commission: commission,
                                           cheats: cheats, casts: casts, rng: &rng)
        }
        if !honest, let tally = commission.verifierExpectedTally(prefix), !seenTallies.contains(tally) {
            seenTallies.append(tally)
            candidates += try Self.publish(tally: tally, label: "verifier-guided", prefix: prefix, commission: commission,
                                           cheats: cheats, casts: casts, rng: &rng)
        }
        if cheats.contains(.crossDistrict), let tally = try Self.movedTally(casts, manifest: manifest), !seenTallies.contains(tally) {
            candidates += try Self.publish(tally: tally, label: "moved-between-districts", prefix: prefix,
                                           commission: commission, cheats: cheats, casts: casts, rng: &rng)
        }
        let bug = cheats.compactMap(\.knownBug).first
        return RandomElection(seed: seed, commission: commission, honest: honest, cheats: cheats,
                              candidates: candidates.map { CandidateRecord(label: $0.label, drafts: $0.drafts, knownBug: bug) })
    }

    /// The tally, shares by a random quorum of qualified trustees (others absent), and the
    /// result; with `forgeResult`, `singleBallotAggregate` or `dropFromTally` also the forged variants.
    private static func publish(tally: TallyBody, label: String, prefix: [Draft], commission: DishonestCommission,
                                cheats: [Cheat], casts: [Cast], rng: inout SeededGenerator) throws -> [CandidateRecord] {
        var records: [CandidateRecord] = []
        func record(_ tally: TallyBody, _ label: String, forge: Bool = false) throws {
            let qualified = commission.qualified
            let size = Int.random(in: commission.threshold...max(commission.threshold, qualified.count), using: &rng)
            let quorum = Array(qualified.shuffled(using: &rng).prefix(size)).sorted()
            guard let shares = try? commission.decrypt(tally, by: quorum),
                  var result = try? TallyCheck.combine(tally: tally, shares: shares, threshold: commission.threshold)
            else { return }
            if forge { result = forged(result, using: &rng) }
            var drafts = prefix
            drafts.append(Draft(kind: "tally", body: try CanonicalJSON.encode(tally)))
            for share in shares { drafts.append(Draft(kind: "tally-share", body: try CanonicalJSON.encode(share))) }
            drafts.append(Draft(kind: "result", body: try CanonicalJSON.encode(result)))
            records.append(CandidateRecord(label: label, drafts: drafts, knownBug: nil))
        }
        try record(tally, label)
        if cheats.contains(.forgeResult) { try record(tally, label + "+forged-result", forge: true) }
        if cheats.contains(.singleBallotAggregate), let cast = casts.first(where: { $0.valid }),
           let replaced = singleBallot(tally, cast.ballot) {
            try record(replaced, label + "+single-ballot-aggregate")
        }
        if cheats.contains(.dropFromTally), let cast = casts.last(where: { $0.valid && !$0.afterClose }) {
            let kept = countedByRules(casts, revoting: commission.manifest.revoting).filter { $0 != cast.ballot }
            if let dropped = try? TallyBody.compute(manifest: commission.manifest, counted: kept), dropped != tally {
                try record(dropped, label + "+dropped-ballot")
            }
        }
        return records
    }

    /// The ballots an honest service counts (`Specs/election-record.md` §5.6): valid, before
    /// close, not replayed, one district per credential, one ballot (first, or last with re-voting).
    private static func countedByRules(_ casts: [Cast], revoting: Bool) -> [Ballot] {
        var home: [[UInt8]: String] = [:]
        var counted: [[UInt8]: Ballot] = [:]
        var order: [[UInt8]] = []
        for cast in casts where cast.valid && !cast.afterClose && !cast.replay {
            if let district = home[cast.credential], district != cast.ballot.district { continue }
            home[cast.credential] = cast.ballot.district
            if counted[cast.credential] != nil, !revoting { continue }
            if counted[cast.credential] == nil { order.append(cast.credential) }
            counted[cast.credential] = cast.ballot
        }
        return order.compactMap { counted[$0] }
    }

    private static func lastPerCredential(_ casts: [Cast]) -> [Ballot] {
        var last: [[UInt8]: Ballot] = [:]
        var order: [[UInt8]] = []
        for cast in casts {
            if last[cast.credential] == nil { order.append(cast.credential) }
            last[cast.credential] = cast.ballot
        }
        return order.compactMap { last[$0] }
    }

    private static func firstPerCredential(_ casts: [Cast]) -> [Ballot] {
        var seen = Set<[UInt8]>()
        return casts.filter { seen.insert($0.credential).inserted }.map(\.ballot)
    }

    /// What a verifier that subtracts a superseded ballot from the *new* district computes
    /// (last ballot per credential added to its district, the earlier one taken out of the later
    /// district): only when the two districts' ballots have the same shape.
    private static func movedTally(_ casts: [Cast], manifest: Manifest) throws -> TallyBody? {
        var accumulator = try TallyBody.Accumulator(manifest: manifest)
        var previous: [[UInt8]: Ballot] = [:]
        for cast in casts where cast.valid && !cast.afterClose && !cast.replay {
            try accumulator.add(cast.ballot)
            if let old = previous[cast.credential] {
                let moved = old.replacing(district: cast.ballot.district)
                do { try accumulator.remove(moved) } catch { return nil }
            }
            previous[cast.credential] = cast.ballot
        }
        return accumulator.body
    }

    /// `tally` with its first non-empty district's aggregates replaced by one ballot's ciphertexts.
    private static func singleBallot(_ tally: TallyBody, _ ballot: Ballot) -> TallyBody? {
        guard var contests = tally.districts[ballot.district] else { return nil }
        for contest in ballot.contests {
            guard let aggregate = contests[contest.id] else { return nil }
            var selections = aggregate.selections
            for selection in contest.selections { selections[selection.id] = selection.ciphertext }
            contests[contest.id] = .init(ballots: max(1, aggregate.ballots), selections: selections)
        }
        var districts = tally.districts
        districts[ballot.district] = contests
        return TallyBody(districts: districts)
    }

    /// `result` with one count moved by one (totals follow).
    private static func forged(_ result: ResultBody, using rng: inout SeededGenerator) -> ResultBody {
        var districts = result.districts
        guard let district = districts.keys.sorted().randomElement(using: &rng), let entry = districts[district],
              let contest = entry.contests.keys.sorted().randomElement(using: &rng),
              let candidate = entry.contests[contest]?.keys.sorted().randomElement(using: &rng) else { return result }
        var contests = entry.contests
        let count = contests[contest]?[candidate] ?? 0
        contests[contest]?[candidate] = count > 0 && rng.chance(0.5) ? count - 1 : count + 1
        districts[district] = .init(ballots: entry.ballots, contests: contests)
        return ResultBody(trustees: result.trustees, districts: districts)
    }
}
