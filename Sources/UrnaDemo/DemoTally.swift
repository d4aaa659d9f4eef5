import Foundation
import UrnaCrypto
import UrnaRecord

/// What the demo's honest voters did, kept across their threads: the counts, the choices of
/// the ballot that must count for each voter, two voters' material for the attackers, and the
/// first failure (which stops the other voters).
final class DemoTally: @unchecked Sendable {
    struct Counts {
        var cast = 0
        var spoiled = 0
        var revotes = 0
        var done = 0
    }

    /// A voter's credential, token and a ballot it cast: the attackers' raw material.
    struct Sample {
        let letter: VoterLetter
        let credential: Ed25519PrivateKey
        let token: Ballot.Token
        let ballot: Ballot
    }

    private let lock = NSLock()
    private var counts = Counts()
    /// Voter index → the choices of the ballot that must count.
    private var finalChoices: [Int: (district: String, choices: [String: Set<String>])] = [:]
    private var samples: [Sample] = []
    private var failure: (any Error)?

    var counted: Counts { lock.withLock { counts } }
    var sampleVoters: [Sample] { lock.withLock { samples } }
    var firstFailure: (any Error)? { lock.withLock { failure } }
    var failed: Bool { lock.withLock { failure != nil } }

    func sampleBallot() throws -> Ballot {
        guard let sample = lock.withLock({ samples.first }) else { throw DemoError("no voter cast a ballot") }
        return sample.ballot
    }

    func fail(_ error: any Error) { lock.withLock { if failure == nil { failure = error } } }
    func spoiled() { lock.withLock { counts.spoiled += 1 } }
    func revoted() { lock.withLock { counts.revotes += 1 } }

    /// Voter `index` finished: its counting ballot had `choices`; returns how many are done.
    func voted(_ index: Int, district: String, choices: [String: Set<String>], sample: Sample) -> Int {
        lock.withLock {
            counts.cast += 1
            counts.done += 1
            finalChoices[index] = (district, choices)
            if samples.count < 2 { samples.append(sample) }
            return counts.done
        }
    }

    /// District → contest → candidate → count over the ballots that must count; every candidate listed.
    func expected(manifest: Manifest) -> [String: [String: [String: Int]]] {
        var totals: [String: [String: [String: Int]]] = [:]
        for district in manifest.districts {
            for contest in manifest.contests(inDistrict: district.id) {
                totals[district.id, default: [:]][contest.id] = Dictionary(uniqueKeysWithValues: contest.candidates.map { ($0.id, 0) })
            }
        }
        lock.withLock {
            for (district, choices) in finalChoices.values {
                for (contest, chosen) in choices {
                    for candidate in chosen { totals[district]?[contest]?[candidate, default: 0] += 1 }
                }
            }
        }
        return totals
    }
}
