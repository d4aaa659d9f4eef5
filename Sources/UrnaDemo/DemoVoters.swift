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

    /// The simulated voters encrypt with fixed-base tables for G and the joint key: variable time,
    /// which a real client must not be, but these voters' nonces and votes are the demo's own,
    /// in one process with nobody timing them (see ``FixedBaseTable``). Built once, shared.
    private var tables: EncryptionTables?

    /// Runs every voter on `threads` threads, each taking the next voter in roll order. A voter
    /// spends most of its time waiting for its entries' durable commits, so there are many more
    /// threads than cores: the ledger then commits many voters' entries per `fsync`.
    func run(threads: Int, progress: DemoElection.Progress) throws {
        let total = letters.count
        tables = try EncryptionTables(jointKey: context.jointKey)
        let meter = DemoProgressMeter(progress: progress, label: "voting", unit: "voters", total: total)
        let next = DemoCounter()
        let group = DispatchGroup()
        for number in 0..<max(1, min(threads, total)) {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                while !book.failed, let index = next.take(below: total) {
                    do {
                        meter.update(try vote(index))
                    } catch {
                        book.fail(error)
                        return
                    }
                }
            }
            thread.name = "urna-demo-voter-\(number + 1)"
            thread.start()
        }
        group.wait()
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
                                      credential: request.credential, token: token, tables: tables)
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

/// The next index to hand out, shared by threads.
final class DemoCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// The next index below `limit`, or nil when all are handed out.
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard next < limit else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
