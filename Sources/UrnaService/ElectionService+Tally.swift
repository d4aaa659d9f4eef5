import UrnaLedger
import UrnaRecord

extension ElectionService {
    /// Aggregates the counted ballots of every district (the last ballot per credential when
    /// re-voting is on) and publishes them in the `tally` entry. Phase: closed → tallied.
    public func tally(progress: (Int, Int) -> Void = { _, _ in }) throws -> TallyBody {
        try adminLock.withLock {
            let (manifest, total) = try lock.withLock { () throws -> (Manifest, Int) in
                try state.require([.closed], for: "tally")
                guard let manifest = state.manifest else { throw ServiceError(.noElection, "no manifest") }
                return (manifest, state.ballotsCast)
            }
            // Pass 1: the seq of the counted ballot of each credential.
            var latest: [[UInt8]: UInt64] = [:]
            try Self.wrap("reading ballots") {
                try ledger.forEachEntry { entry in
                    guard entry.kind == EntryKind.ballot.rawValue else { return }
                    let header = try CanonicalJSON.decodeFields(ElectionState.BallotHeader.self, from: entry.body)
                    latest[header.credential.bytes] = entry.seq
                }
            }
            let counted = Set(latest.values)
            // Pass 2: aggregate the counted ballots one at a time (bounded memory).
            var aggregate = try TallyBody.Accumulator(manifest: manifest)
            var seen = 0
            try Self.wrap("aggregating ballots") {
                try ledger.forEachEntry { entry in
                    guard entry.kind == EntryKind.ballot.rawValue else { return }
                    seen += 1
                    if counted.contains(entry.seq) {
                        try aggregate.add(Ballot.readCanonical(entry.body) ?? CanonicalJSON.decode(Ballot.self, from: entry.body))
                    }
                    if seen % 1000 == 0 { progress(seen, total) }
                }
                progress(seen, total)
            }
            let body = aggregate.body
            try append(.tally, body, checkpoint: true)
            return body
        }
    }

    /// Records trustee `j`'s decryption shares after checking every proof. Returns false, and
    /// records nothing, when the very same share is already recorded (a repeated import, e.g.
    /// after an interrupt, is harmless); a different second share is refused.
    @discardableResult
    public func importTallyShare(_ body: TallyShareBody) throws -> Bool {
        try adminLock.withLock {
            let repeated = try lock.withLock { () throws -> Bool in
                try state.require([.tallied], for: "import a tally share")
                return state.tallyShares[body.trustee] == body
            }
            guard !repeated else { return false }
            let (tally, jointKey, context) = try lock.withLock { () throws -> (TallyBody, JointKeyBody, ElectionContext) in
                try state.require([.tallied], for: "import a tally share")
                guard state.tallyShares[body.trustee] == nil else {
                    throw ServiceError(.duplicateTrusteeMessage, "trustee \(body.trustee) has already sent its tally share")
                }
                guard let tally = state.tally, let jointKey = state.jointKey else {
                    throw ServiceError(.incomplete, "no tally has been published: run 'urna election tally --dir DIR' first")
                }
                return (tally, jointKey, try state.requireContext())
            }
            try Self.requireIdentity(body, election: context.body, setupDigest: ElectionBody.setupDigest(bodyBytes: context.bodyBytes))
            try Self.wrap("tally share refused") {
                try TallyCheck.verifyShare(body, tally: tally, jointKey: jointKey, electionHash: context.electionHash)
            }
            try append(.tallyShare, body, checkpoint: true)
            return true
        }
    }

    /// Combines the received shares (at least the threshold) into the result and publishes it.
    /// Phase: tallied → published.
    public func publishResult() throws -> ResultBody {
        try adminLock.withLock {
            let (tally, shares, threshold) = try lock.withLock { () throws -> (TallyBody, [TallyShareBody], Int) in
                try state.require([.tallied], for: "publish the result")
                guard let tally = state.tally, let election = state.electionBody else {
                    throw ServiceError(.incomplete, "no tally has been published")
                }
                return (tally, state.tallyShares.keys.sorted().compactMap { state.tallyShares[$0] }, election.threshold)
            }
            guard shares.count >= threshold else {
                let have = shares.map { String($0.trustee) }.joined(separator: ", ")
                throw ServiceError(.incomplete, "\(shares.count) trustee share(s) received\(have.isEmpty ? "" : " (from trustee \(have))"); \(threshold) are needed: each missing trustee runs 'urna trustee decrypt --key KEY --record RECORD --out SHARE.json', then the commission runs 'urna trustee import --dir DIR SHARE.json'")
            }
            let result = try Self.wrap("combining shares") { try TallyCheck.combine(tally: tally, shares: shares, threshold: threshold) }
            try append(.result, result, checkpoint: true)
            return result
        }
    }
}
