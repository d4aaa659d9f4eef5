#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UrnaLedger
@testable import UrnaObserver

@Suite("follow killed at any moment resumes from its state", .serialized)
struct FollowKillTests {
    @Test("SIGKILL during rounds (fetching, verifying, saving): the next round completes, the mirror is the record, no alarm")
    func killLoop() throws {
        let demo = try DemoRecord.shared.get()
        let service = try FakeService(electionID: demo.electionID, ledger: ServedLedger(demo.entries, size: 8, signer: demo.signer))
        defer { service.stop() }
        service.pageSize = 1
        service.pageDelay = 15_000
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("urna-follow-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for round in 0..<8 {
            if round == 4 { try service.serve(ServedLedger(demo.entries, signer: demo.signer)) }
            let running = try ScrutineerProcess.Running(["follow", service.url, "--state", state.path, "--once", "--quiet",
                                                         "--ledger-key", demo.signer.verifierKey])
            usleep(UInt32.random(in: 20_000...400_000, using: &generator))
            if running.process.isRunning {
                kill(running.process.processIdentifier, SIGKILL)
                killed += 1
            }
            let outcome = running.wait()
            #expect(!outcome.err.contains("ALARM"), "round \(round): \(outcome.err)")
            #expect(outcome.status == 0 || outcome.status == SIGKILL, "round \(round): \(outcome.status) \(outcome.err)")
        }
        let last = try ScrutineerProcess.run("follow", service.url, "--state", state.path, "--once", "--ledger-key", demo.signer.verifierKey)
        #expect(last.status == 0 && !last.err.contains("ALARM"), "\(last.err)")
        let mirror = state.appendingPathComponent(Follower.mirrorFolder)
        let lines = try Data(contentsOf: mirror.appendingPathComponent(LedgerExport.entriesFileName))
        #expect(Array(lines) == demo.entries.reduce(into: [UInt8]()) { $0 += EntryLine.encode($1) })
        #expect(try FollowState.load(state)?.latest?.size == UInt64(demo.entries.count))
        #expect(killed > 0, "no round was killed: the test exercised nothing")
    }
}
