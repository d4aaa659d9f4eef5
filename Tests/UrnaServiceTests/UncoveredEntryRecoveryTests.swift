import Foundation
import Testing
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// A command killed after its append and before its checkpoint (a phase change, a tally, a share
/// import, the result) leaves entries no signed checkpoint covers. Run again, the command finds
/// its work done; the next writable open must still leave a record that verifies.
@Suite struct UncoveredEntryRecoveryTests {
    @Test func aWritableOpenSignsACheckpointOverUncoveredEntries() throws {
        let election = try ServiceFixture()
        try election.openWithRoll()
        election.service.close()
        // What the kill leaves: the `close` entry appended, no checkpoint over it.
        let path = election.directory.appendingPathComponent(ElectionService.ledgerFileName).path
        let ledger = try LedgerStore.open(path: path)
        let covered = try #require(try ledger.latestCheckpoint()).checkpoint.size
        _ = try ledger.appendAndWait([EntryDraft(kind: EntryKind.close.rawValue, body: CanonicalJSON.encode(PhaseBody(phase: .closed)))])
        #expect(ledger.size == covered + 1)
        ledger.close()

        // A read-only open signs nothing; a writable one covers the entry.
        let reader = try ElectionService.open(directory: election.directory, readOnly: true)
        #expect(try reader.latestCheckpoint()?.size == covered)
        reader.close()
        election.service = try ElectionService.open(directory: election.directory)
        #expect(election.service.phase == .closed)
        #expect(try election.service.latestCheckpoint()?.size == covered + 1)
        // Opening again with everything covered signs nothing more.
        try election.reopen()
        #expect(try election.service.latestCheckpoint()?.size == covered + 1)
        #expect(election.service.ledgerSize == covered + 1)
    }
}
