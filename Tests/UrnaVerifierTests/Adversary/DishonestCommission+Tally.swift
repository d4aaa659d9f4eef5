import UrnaCrypto
import UrnaRecord

/// Re-tallying a (mutated) record: the commission strips the tally, shares and result and
/// publishes new ones, decrypted by a quorum of its trustees' key files, for the set of
/// ballots it chooses — so that only the semantic checks can catch what it did before.
extension DishonestCommission {
    /// Which ballots the commission claims are counted.
    enum Theory: String, CaseIterable {
        /// The rules as the reference applies them.
        case rules
        /// Every decodable ballot entry before `close`, the last per credential, whatever its district.
        case lastPerCredential
        /// Every decodable ballot entry anywhere.
        case everyEntry
    }

    /// The ballots of `drafts`' `ballot` entries, in order, with their entry index.
    func castBallots(in drafts: [Draft]) -> [(index: Int, ballot: Ballot)] {
        drafts.enumerated().compactMap { index, draft in
            guard draft.kind == "ballot", let ballot = try? CanonicalJSON.decode(Ballot.self, from: draft.body) else { return nil }
            return (index, ballot)
        }
    }

    func counted(in drafts: [Draft], theory: Theory) -> [Ballot] {
        let cast = castBallots(in: drafts)
        switch theory {
        case .rules:
            let reference = ReferenceTally(drafts: drafts, facts: facts, electionBytes: electionBytes, jointKey: jointKey?.jointKey)
            let byCode = Dictionary(cast.map { ($0.ballot.trackingCode, $0.ballot) }, uniquingKeysWith: { first, _ in first })
            return reference.countedCodes.compactMap { byCode[$0] }
        case .lastPerCredential:
            let close = drafts.firstIndex { $0.kind == "close" } ?? drafts.count
            var last: [[UInt8]: Ballot] = [:]
            var order: [[UInt8]] = []
            for (index, ballot) in cast where index < close {
                if last[ballot.credential.bytes] == nil { order.append(ballot.credential.bytes) }
                last[ballot.credential.bytes] = ballot
            }
            return order.compactMap { last[$0] }
        case .everyEntry:
            return cast.map(\.ballot)
        }
    }

    /// `drafts` without tally, shares and result, then a new tally (of `tally`, or of the ballots
    /// `theory` counts), shares by a quorum and the combined result. Nil if the tally cannot be
    /// computed or decrypted (the commission would have to forge more).
    func retallied(_ drafts: [Draft], theory: Theory = .rules, tally: TallyBody? = nil,
                   using rng: inout SeededGenerator) -> [Draft]? {
        let kept = drafts.filter { !["tally", "tally-share", "result"].contains($0.kind) }
        guard let tally = tally ?? (try? TallyBody.compute(manifest: manifest, counted: counted(in: kept, theory: theory))) else {
            return nil
        }
        let size = Int.random(in: threshold...max(threshold, qualified.count), using: &rng)
        let quorum = Array(qualified.shuffled(using: &rng).prefix(size)).sorted()
        guard let shares = try? decrypt(tally, by: quorum),
              let result = try? TallyCheck.combine(tally: tally, shares: shares, threshold: threshold),
              let tallyBody = try? CanonicalJSON.encode(tally) else { return nil }
        var out = kept
        out.append(Draft(kind: "tally", body: tallyBody))
        for share in shares {
            guard let body = try? CanonicalJSON.encode(share) else { return nil }
            out.append(Draft(kind: "tally-share", body: body))
        }
        guard let resultBody = try? CanonicalJSON.encode(result) else { return nil }
        out.append(Draft(kind: "result", body: resultBody))
        return out
    }

    /// A valid ballot of a fresh commission-minted credential (with its token) in `district`.
    func stuffedBallot(district: String, using rng: inout SeededGenerator) throws -> Ballot {
        try makeBallot(credential: try Ed25519PrivateKey(), district: district,
                       choices: RandomManifest.choices(manifest, district: district, using: &rng)).0
    }
}
