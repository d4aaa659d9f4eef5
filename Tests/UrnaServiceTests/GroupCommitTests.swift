import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaService
import UrnaServiceFixtures

/// The group commit of issued tokens and the batched proof checks of concurrent ballots, made
/// deterministic by holding the store (or the batch) while requests queue up.
@Suite struct GroupCommitTests {
    /// While one commit is in progress (here: held at the store's lock), the other requests'
    /// rows queue up and are committed together in the next transaction; none is answered before
    /// its transaction committed, and every answer is a distinct, valid blind signature.
    @Test func rowsQueuedDuringACommitAreCommittedTogether() throws {
        let voters = 9
        let roll = "voter_id,district\nsouth1,south\n" + (0..<voters).map { "w\($0),north\n" }.joined()
        let f = try ServiceFixture(roll: roll)
        let codes = try f.openWithRoll().values.filter { $0.district == "north" }
        let service = f.service
        let context = try service.electionContext()
        let key = try #require(context.tokenKeys["north"])
        let requests = try codes.map { _ in try TokenRequest.make(electionID: f.manifest.electionID, district: "north", tokenKey: key) }
        let committer = service.issuanceCommitter
        let before = committer.committedBatches

        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? service.privateStore.locked { _ in
                held.signal()
                release.wait()
            }
        }
        held.wait()
        let answers = Answers(codes.count)
        let group = DispatchGroup()
        for (index, code) in codes.enumerated() {
            group.enter()
            Thread.detachNewThread {
                answers.set(index, Result {
                    try service.issueToken(pseudonym: code.pseudonym, activationCode: code.code, blindedMessage: requests[index].blindedMessage)
                })
                group.leave()
            }
        }
        // One leader is inside its transaction (waiting for the store); the others queue.
        let deadline = Date().addingTimeInterval(60)
        while committer.queuedCount < voters - 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(committer.queuedCount == voters - 1)
        #expect(answers.answered == 0, "no answer before its row is committed")
        release.signal()
        group.wait()

        #expect(committer.committedBatches - before == 2)
        var signatures = Set<[UInt8]>()
        for (index, answer) in answers.values.enumerated() {
            let blind = try answer.get()
            _ = try requests[index].finalize(blindSignature: blind, tokenKey: key)
            signatures.insert(blind)
        }
        #expect(signatures.count == voters)
        #expect(try service.issuedCounts() == ["north": voters])
    }

    /// Within one batch, a pseudonym's first row decides: the same request again is answered
    /// with its signature, a different one is refused `already-issued`; a storage failure fails
    /// every row of its batch and records none.
    @Test func oneBatchDecidesPerPseudonym() throws {
        let f = try ServiceFixture()
        _ = try f.openWithRoll()
        let committer = f.service.issuanceCommitter
        func row(_ pseudonym: String, _ hash: UInt8, _ signature: UInt8) -> IssuanceCommitter.Row {
            .init(pseudonym: pseudonym, district: "north", code: "CODE", blindedHash: [hash], signature: [signature])
        }
        let results = committer.commitBatch([row("aa", 1, 10), row("aa", 1, 11), row("aa", 2, 12), row("bb", 3, 13)])
        #expect(try results[0].get() == [10])
        #expect(try results[1].get() == [10], "the same request gets the first row's signature")
        #expect(throws: ServiceError.self) { try results[2].get() }
        if case .failure(let error as ServiceError) = results[2] { #expect(error.code == .alreadyIssued) }
        #expect(try results[3].get() == [13])
        #expect(try f.service.issuedCounts() == ["north": 2])
    }

    /// Proofs checked in one batch: a ballot with a false equation is refused `bad-proof` (named
    /// by its equation); the others in the batch pass.
    @Test func aBatchWithOneFalseProofRefusesOnlyIt() throws {
        let f = try ServiceFixture()
        let codes = try f.openWithRoll().values.sorted { $0.voterID < $1.voterID }
        var equations: [[VerificationEquation]] = []
        let context = try f.service.electionContext()
        for code in codes {
            let (request, token) = try f.token(code)
            let choices: [String: Set<String>] = code.district == "north" ? ["mayor": ["ann"], "council": ["cy"]] : ["mayor": ["ben"]]
            let ballot = try f.ballot(request, token, district: code.district, choices).0
            equations.append(try BallotCheck.equations(ballot, in: context))
        }
        let bad = equations[2][0]
        let other = equations[1][0]
        // The commitment of another equation: a false statement with valid points.
        equations[2][0] = VerificationEquation(name: bad.name, commitment: other.commitment, generatorScalar: bad.generatorScalar, terms: bad.terms)
        let failures = ProofBatcher.verify(equations)
        #expect(failures.count == equations.count)
        for (index, failure) in failures.enumerated() {
            if index == 2 {
                #expect(failure?.contains("'\(bad.name)' does not hold") == true, "\(failure ?? "nil")")
            } else {
                #expect(failure == nil, "\(failure ?? "")")
            }
        }
        // A lone ballot (one weighted multiplication of its own equations): the same verdicts.
        #expect(ProofBatcher.verify([equations[0]]) == [nil])
        #expect(ProofBatcher.verify([equations[2]]).first??.contains("'\(bad.name)' does not hold") == true)
        let batcher = ProofBatcher(maxRunning: 1)
        #expect(throws: Never.self) { try batcher.check(equations[0]) }
        do {
            try batcher.check(equations[2])
            Issue.record("a false proof passed")
        } catch let error as RecordError {
            #expect(error.code == .badProof)
        }
    }
}

/// One answer per thread.
private final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[UInt8], Error>?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<[UInt8], Error>) { lock.withLock { slots[index] = value } }
    var answered: Int { lock.withLock { slots.compactMap { $0 }.count } }
    var values: [Result<[UInt8], Error>] {
        lock.withLock { slots.map { $0 ?? .failure(ServiceError(.internalFailure, "no answer")) } }
    }
}

/// The receipt made from a cast (no read-back of the entry) is the one made from the record.
@Suite struct CastReceiptTests {
    @Test func theCastsReceiptIsTheRecordsReceipt() throws {
        let f = try ServiceFixture()
        let codes = try f.openWithRoll().values.sorted { $0.voterID < $1.voterID }
        let (request, token) = try f.token(codes[0])
        let ballot = try f.ballot(request, token, district: codes[0].district, ["mayor": ["ann"], "council": ["cy"]]).0
        let cast = try f.service.castBallot(ballot)
        #expect(cast.trackingCode == ballot.trackingCode)
        let checkpoint = try f.service.checkpoint(covering: cast.seq)
        let fromCast = try f.service.receipt(for: cast, under: checkpoint)
        let fromRecord = try f.service.receipt(seq: cast.seq, under: checkpoint)
        #expect(try fromCast.encoded() == fromRecord.encoded())
        // A checkpoint that does not cover the ballot makes no receipt.
        let older = ElectionService.ServedCheckpoint(size: cast.seq, rootHash: checkpoint.rootHash, note: checkpoint.note)
        #expect(throws: ServiceError.self) { try f.service.receipt(for: cast, under: older) }
    }
}
