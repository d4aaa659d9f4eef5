import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService

/// The honest voters of a demo, run on several threads against the (thread-safe) service.
final class DemoVoters: @unchecked Sendable {
    let service: ElectionService
    let context: ElectionContext
    let letters: [VoterLetter]
    let revoting: Bool
    let book = DemoTally()

    init(service: ElectionService, context: ElectionContext, letters: [VoterLetter], revoting: Bool) {
        self.service = service
        self.context = context
        self.letters = letters
        self.revoting = revoting
    }

    func run(workers: Int, progress: DemoElection.Progress) throws {
        let total = letters.count
        let chunk = max(1, (total + workers * 8 - 1) / (workers * 8))
        let chunks = (total + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { part in
            for index in (part * chunk)..<min(total, (part + 1) * chunk) {
                guard !book.failed else { return }
                let done: Int
                do {
                    done = try vote(index)
                } catch {
                    book.fail(error)
                    return
                }
                if done % 10 == 0 || done == total { progress.bar("voting", done, total) }
            }
        }
        if let failure = book.firstFailure { throw DemoError("an honest voter was refused: \(failure)") }
    }

    /// One voter: token, maybe a spoiled ballot first (Benaloh challenge), a cast ballot, maybe a re-vote.
    private func vote(_ index: Int) throws -> Int {
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
            book.spoiled()
        }
        var choices = DemoManifest.randomChoices(manifest: context.manifest, district: code.district, using: &generator)
        var (ballot, _) = try encrypt(choices)
        _ = try service.castBallot(ballot)
        if revoting && index % 10 == 7 {
            choices = DemoManifest.randomChoices(manifest: context.manifest, district: code.district, using: &generator)
            (ballot, _) = try encrypt(choices)
            _ = try service.castBallot(ballot)
            book.revoted()
        }
        return book.voted(index, district: code.district, choices: choices,
                          sample: DemoTally.Sample(letter: code, credential: request.credential, token: token, ballot: ballot))
    }
}
