import Foundation
import Testing
import UrnaLedger
import UrnaRecord
import UrnaCrypto
import UrnaService
import UrnaServiceFixtures

@Suite struct ConcurrencyTests {
    /// Voters obtain tokens and cast on several threads while the commission closes the election:
    /// every token handed out is in a published issuance entry, and no district counts more
    /// ballots than it issued tokens.
    @Test func closingDuringIssuanceLosesNoIssuance() throws {
        let roll = "voter_id,district\n" + (0..<48).map { "w\($0),\($0 % 2 == 0 ? "north" : "south")\n" }.joined()
        let f = try ServiceFixture(roll: roll)
        let codes = Array(try f.openWithRoll().values)
        let context = try f.service.electionContext()
        let counts = Counts()
        let service = f.service
        DispatchQueue.concurrentPerform(iterations: codes.count + 1) { index in
            guard index < codes.count else {
                Thread.sleep(forTimeInterval: 0.05)
                try? service.closeVoting()
                return
            }
            let code = codes[index]
            guard let key = context.tokenKeys[code.district],
                  let request = try? TokenRequest.make(electionID: context.manifest.electionID, district: code.district, tokenKey: key),
                  let blind = try? service.issueToken(pseudonym: code.pseudonym, activationCode: code.code, blindedMessage: request.blindedMessage),
                  let token = try? request.finalize(blindSignature: blind, tokenKey: key)
            else { return }
            counts.add(\.issued, code.district)
            let choices: [String: Set<String>] = code.district == "north" ? ["mayor": ["ann"], "council": ["cy"]] : ["mayor": ["ben"]]
            guard let ballot = try? BallotBuilder.encrypt(election: context, district: code.district, choices: choices,
                                                          credential: request.credential, token: token).ballot,
                  (try? service.castBallot(ballot)) != nil
            else { return }
            counts.add(\.cast, code.district)
        }
        #expect(f.service.phase == .closed)
        let export = f.directory.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
        try f.service.export(to: export)
        var published: [String: Int] = [:], ballots: [String: Int] = [:]
        let reader = try EntryLineReader(url: export.appendingPathComponent(LedgerExport.entriesFileName))
        var closed = false
        while let entry = try reader.next() {
            switch entry.kind {
            case "issuance":
                #expect(!closed, "no issuance after close")
                for (district, count) in try CanonicalJSON.decode(IssuanceBody.self, from: entry.body).counts { published[district, default: 0] += count }
            case "ballot":
                #expect(!closed, "no ballot after close")
                ballots[try CanonicalJSON.decode(Ballot.self, from: entry.body).district, default: 0] += 1
            case "close": closed = true
            default: break
            }
        }
        #expect(published == counts.snapshot.issued)
        #expect(ballots == counts.snapshot.cast)
        for (district, count) in ballots { #expect(count <= published[district] ?? 0) }
    }
}

/// Per-district tallies shared by the worker threads.
private final class Counts: @unchecked Sendable {
    struct Values {
        var issued: [String: Int] = [:]
        var cast: [String: Int] = [:]
    }

    private let lock = NSLock()
    private var values = Values()

    func add(_ field: WritableKeyPath<Values, [String: Int]>, _ district: String) {
        lock.withLock { values[keyPath: field][district, default: 0] += 1 }
    }

    var snapshot: Values { lock.withLock { values } }
}

@Suite struct AdminConcurrencyTests {
    /// The same trustee message imported from several threads at once is recorded exactly once.
    @Test func concurrentDuplicateCommitmentsAreRecordedOnce() throws {
        let f = try ServiceFixture()
        try f.pledgeAll()
        let body = try f.commitment(1)
        let service = f.service
        let accepted = Counter()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            if (try? service.importCommitment(body)) == true { accepted.increment() }
        }
        #expect(accepted.value == 1)
        #expect(f.service.trusteeCommitments.count == 1)
        #expect(try f.service.status().trusteesCommitted == 1)
    }

    /// A refused pledge (or a commitment before any pledge) leaves the election in setup.
    @Test func refusedPledgeDoesNotStartTheCeremony() throws {
        let f = try ServiceFixture()
        let pledge = try f.trustees[0].pledge(electionBodyBytes: f.service.electionBodyBytes)
        let forged = try pledge.signed(with: Ed25519PrivateKey(), setupDigest: f.setupDigest)
        expectRefused(.badIdentitySignature) { try f.service.importPledge(forged) }
        expectRefused(.wrongPhase) { try f.service.importCommitment(try #require(f.trustees[0].commitment)) }
        #expect(f.service.phase == .setup)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

@Suite struct DirectoryLockTests {
    /// Only one service (one process) may hold an election at a time; closing releases it.
    @Test func secondOpenIsRefusedUntilTheFirstCloses() throws {
        let f = try ServiceFixture()
        expectRefused(.electionBusy) { _ = try ElectionService.open(directory: f.directory) }
        try f.reopen()
        #expect(f.service.phase == .setup)
    }
}
