import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaVerifier
@testable import UrnaObserver

@Suite("Follower: rounds against an honest and a dishonest service", .serialized)
struct FollowerTests {
    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("urna-follow-test-\(UUID().uuidString)")
    }

    static func options(_ demo: DemoRecord) -> Follower.Options {
        var options = Follower.Options()
        options.trustedLedgerKey = demo.signer.verifierKey
        options.verification.workers = 2
        return options
    }

    /// Runs a round that must raise the alarm `code`; returns its message.
    static func alarm(_ code: String, _ service: FakeService, _ state: URL, _ options: Follower.Options) -> String {
        do {
            let round = try Follower.round(url: service.url, state: state, options: options)
            Issue.record("expected the alarm \(code), got a round at size \(round.size)")
        } catch let error as ObserverError {
            #expect(error.code == code && error.isAlarm, "\(error)")
            return error.reason
        } catch {
            Issue.record("expected the alarm \(code), got \(error)")
        }
        return ""
    }

    @Test("honest growth: new checkpoints are checked, fetched and verified incrementally; a restart resumes")
    func honest() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 9, signer: demo.signer))
        defer { service.stop() }
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let first = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        #expect(first.isNew && first.size == 9 && first.entriesVerified == 9 && first.report?.isValid == true)
        let again = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        #expect(!again.isNew && again.size == 9 && again.report == nil)
        #expect(!service.requests.contains { $0.contains("/proofs/consistency") })
        try service.serve(ServedLedger(demo.entries, signer: demo.signer))
        // A new run (a restart): the state on disk is all it knows.
        let grown = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        let total = UInt64(demo.entries.count)
        #expect(grown.isNew && grown.size == total && grown.report?.isValid == true)
        #expect(grown.entriesVerified == total - 9 && grown.report?.resumption?.resumedAt == 9, "re-verified everything")
        #expect(service.requests.contains("/v1/elections/\(demo.electionID)/proofs/consistency?old=9&new=\(total)"))
        #expect(service.requests.filter { $0.contains("entries?start=0&") }.count == 1, "fetched again what it held")
        // The state belongs to this election: another URL, or another pinned key, is refused (not an alarm).
        var otherKey = Self.options(demo)
        otherKey.trustedLedgerKey = try CheckpointSigner(origin: demo.signer.origin, privateKey: Ed25519PrivateKey()).verifierKey
        for (url, options) in [(service.root + "/v1/elections/other", Self.options(demo)), (service.url, otherKey)] {
            do {
                _ = try Follower.round(url: url, state: state, options: options)
                Issue.record("a state made for another election or key must be refused")
            } catch let error as ObserverError {
                #expect(error.code == ObserverError.stateUnusable && !error.isAlarm, "\(error)")
            }
        }
        let saved = try #require(try FollowState.load(state))
        #expect(saved.checkpoints.map(\.size) == [9, total] && saved.ledgerKey == demo.signer.verifierKey)
    }

    @Test("a fork at a size seen before: ALARM naming the size and both roots")
    func forkSameSize() throws {
        let demo = try DemoRecord.shared.get()
        let n = demo.entries.count
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, signer: demo.signer))
        defer { service.stop() }
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let honest = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        let forked = ServedLedger(try demo.fork(from: 10), signer: demo.signer)
        try service.serve(forked)
        let message = Self.alarm(ObserverError.fork, service, state, Self.options(demo))
        let forkedRoot = Hex.encode(try forked.checkpoint.root)
        #expect(message.contains("size \(n)") && message.contains(Hex.encode(honest.root)) && message.contains(forkedRoot), "\(message)")
        // The alarm stays: the state was not overwritten by the forked checkpoint.
        _ = Self.alarm(ObserverError.fork, service, state, Self.options(demo))
        #expect(try FollowState.load(state)?.checkpoints.map(\.root) == [Hex.encode(honest.root)])
    }

    @Test("a larger checkpoint that does not extend the one seen: ALARM (the consistency proof fails)")
    func forkLarger() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 12, signer: demo.signer))
        defer { service.stop() }
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let honest = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        try service.serve(ServedLedger(try demo.fork(from: 8), signer: demo.signer))
        let message = Self.alarm(ObserverError.fork, service, state, Self.options(demo))
        #expect(message.contains("does not extend") && message.contains("size 12") && message.contains(Hex.encode(honest.root)), "\(message)")
    }

    @Test("truncation: a checkpoint smaller than one seen is an ALARM, even one signed before")
    func truncation() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 10, signer: demo.signer))
        defer { service.stop() }
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        _ = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        try service.serve(ServedLedger(demo.entries, signer: demo.signer))
        let full = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        try service.serve(ServedLedger(demo.entries, size: 10, signer: demo.signer))
        let message = Self.alarm(ObserverError.truncated, service, state, Self.options(demo))
        #expect(message.contains("size 10") && message.contains("size \(full.size)") && message.contains(Hex.encode(full.root)), "\(message)")
    }

    @Test("a checkpoint signed by another key, or a record that does not verify: ALARM")
    func badSignatureAndInvalid() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 5, signer: demo.signer))
        defer { service.stop() }
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        _ = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        let stranger = try CheckpointSigner(origin: demo.signer.origin, privateKey: Ed25519PrivateKey())
        service.serve(note: try ServedLedger(demo.entries, signer: stranger).note())
        _ = Self.alarm(ObserverError.badSignature, service, state, Self.options(demo))
        try service.serve(ServedLedger(try demo.forged(), signer: demo.signer))
        let message = Self.alarm(ObserverError.invalidRecord, service, state, Self.options(demo))
        #expect(message.contains("invalid"), "\(message)")
        // The refused entries were cut from the mirror: served again honestly, the record verifies.
        try service.serve(ServedLedger(demo.entries, signer: demo.signer))
        let honest = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        #expect(honest.isNew && honest.report?.isValid == true && honest.entriesVerified == UInt64(demo.entries.count - 5), "\(honest.report?.failures ?? [])")
    }

    @Test("pages tampered with on the way (a broken chain, or a forgery ending at another chain head): retried, not an ALARM, and never kept")
    func tamperedPages() throws {
        let demo = try DemoRecord.shared.get()
        let shared = try #require(demo.entries.firstIndex { $0.kind == "ballot" })
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: shared, signer: demo.signer))
        defer { service.stop() }
        let state = Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        #expect(try Follower.round(url: service.url, state: state, options: Self.options(demo)).size == UInt64(shared))
        try service.serve(ServedLedger(demo.entries, signer: demo.signer))
        var relinked = demo.entries
        let old = relinked[shared]
        relinked[shared] = try Entry(seq: old.seq, kind: old.kind, time: old.time, body: old.body, prev: SHA256.hash(Array("elsewhere".utf8)))
        for tampered in [relinked, try demo.forged()] {
            service.tamper(tampered)
            do {
                _ = try Follower.round(url: service.url, state: state, options: Self.options(demo))
                Issue.record("tampered pages must not verify")
            } catch let error as ObserverError {
                #expect(error.code == ObserverError.badAnswer && !error.isAlarm, "\(error)")
            }
            let held = try Data(contentsOf: state.appendingPathComponent("mirror").appendingPathComponent(LedgerExport.entriesFileName))
            #expect(held.split(separator: 0x0A).count == shared, "the mirror keeps only the verified entries")
        }
        service.tamper(nil)
        let round = try Follower.round(url: service.url, state: state, options: Self.options(demo))
        #expect(round.isNew && round.size == UInt64(demo.entries.count) && round.report?.isValid == true)
    }
}
