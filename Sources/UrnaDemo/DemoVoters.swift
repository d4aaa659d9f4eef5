import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService

/// The honest voters of a demo, run on several threads against the (thread-safe) service.
final class DemoVoters: @unchecked Sendable {
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

    let service: ElectionService
    let context: ElectionContext
    let letters: [VoterLetter]
    let revoting: Bool
    private let lock = NSLock()
    private var counts = Counts()
    /// Voter index → the choices of the ballot that must count.
    private var finalChoices: [Int: (district: String, choices: [String: Set<String>])] = [:]
    private var samples: [Sample] = []
    private var failure: (any Error)?

    init(service: ElectionService, context: ElectionContext, letters: [VoterLetter], revoting: Bool) {
        self.service = service
        self.context = context
        self.letters = letters
        self.revoting = revoting
    }

    var tally: Counts { lock.withLock { counts } }

    func sampleBallot() throws -> Ballot {
        guard let sample = lock.withLock({ samples.first }) else { throw DemoError("no voter cast a ballot") }
        return sample.ballot
    }

    var sampleVoters: [Sample] { lock.withLock { samples } }

    func run(workers: Int, progress: DemoElection.Progress) throws {
        let total = letters.count
        let chunk = max(1, (total + workers * 8 - 1) / (workers * 8))
        let chunks = (total + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { part in
            for index in (part * chunk)..<min(total, (part + 1) * chunk) {
                guard lock.withLock({ failure == nil }) else { return }
                do {
                    try vote(index)
                } catch {
                    lock.withLock { if failure == nil { failure = error } }
                    return
                }
                let done = lock.withLock { () -> Int in
                    counts.done += 1
                    return counts.done
                }
                if done % 10 == 0 || done == total { progress.bar("voting", done, total) }
            }
        }
        if let failure { throw DemoError("an honest voter was refused: \(failure)") }
    }

    /// One voter: token, maybe a spoiled ballot first (Benaloh challenge), a cast ballot, maybe a re-vote.
    private func vote(_ index: Int) throws {
        let code = letters[index]
        var generator = SystemRandomNumberGenerator()
        guard let tokenKey = context.tokenKeys[code.district] else { throw DemoError("no token key for \(code.district)") }
        let request = try TokenRequest.make(electionID: context.manifest.electionID, district: code.district, tokenKey: tokenKey)
        let blindSignature = try service.issueToken(pseudonym: code.pseudonym, activationCode: code.code.displayed,
                                                    blindedMessage: request.blindedMessage)
        let token = try request.finalize(blindSignature: blindSignature, tokenKey: tokenKey)

        func encrypt(_ choices: [String: Set<String>]) throws -> (Ballot, BallotBuilder.Secrets) {
            try BallotBuilder.encrypt(election: context, district: code.district, choices: choices,
                                      credential: request.credential, token: token)
        }
        if index % 10 == 3 {
            let choices = DemoManifest.randomChoices(manifest: context.manifest, district: code.district, using: &generator)
            let (ballot, secrets) = try encrypt(choices)
            _ = try service.spoilBallot(SpoiledBody(ballot: ballot, secrets: secrets))
            lock.withLock { counts.spoiled += 1 }
        }
        var choices = DemoManifest.randomChoices(manifest: context.manifest, district: code.district, using: &generator)
        var (ballot, _) = try encrypt(choices)
        _ = try service.castBallot(ballot)
        if revoting && index % 10 == 7 {
            choices = DemoManifest.randomChoices(manifest: context.manifest, district: code.district, using: &generator)
            (ballot, _) = try encrypt(choices)
            _ = try service.castBallot(ballot)
            lock.withLock { counts.revotes += 1 }
        }
        lock.withLock {
            counts.cast += 1
            finalChoices[index] = (code.district, choices)
            if samples.count < 2 { samples.append(Sample(letter: code, credential: request.credential, token: token, ballot: ballot)) }
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
