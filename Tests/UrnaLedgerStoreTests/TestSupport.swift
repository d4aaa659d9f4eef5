import CSQLite
import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
@testable import UrnaLedgerStore

/// A fresh directory, removed when the value is dropped by `defer { dir.remove() }`.
struct TempDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("urna-ledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var dbPath: String { url.appendingPathComponent("election.db").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A deterministic clock: starts at 1_700_000_000_000 and advances 1 ms per reading.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64 = 1_700_000_000_000

    func read() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        now += 1
        return now
    }
}

/// A wall clock that follows real time from `start`, and can be set back or forward.
final class JumpingClock: @unchecked Sendable {
    private let lock = NSLock()
    private let origin = Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000)
    private var offset: Int64

    init(start: Int64) { offset = start }

    func read() -> Int64 { lock.withLock { offset + Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) - origin } }

    func jump(by milliseconds: Int64) { lock.withLock { offset += milliseconds } }
}

func configuration(maxBatch: Int = 256) -> LedgerStore.Configuration {
    var configuration = LedgerStore.Configuration()
    let clock = TestClock()
    configuration.clock = { clock.read() }
    configuration.maxBatch = maxBatch
    return configuration
}

func body(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A raw SQLite connection, to attack the file behind the store's back.
final class RawSQLite {
    let handle: OpaquePointer

    init(path: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw LedgerError(.storageFailure, "open") }
        handle = db
    }

    deinit { sqlite3_close(handle) }

    /// Runs SQL; returns nil on success or SQLite's error message.
    @discardableResult
    func exec(_ sql: String) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        return rc == SQLITE_OK ? nil : message.map { String(cString: $0) } ?? "error \(rc)"
    }
}

/// Appends `count` entries `{"n":<i>}` one batch at a time.
@discardableResult
func appendNumbered(_ store: LedgerStore, from: Int = 0, count: Int, batch: Int = 50) async throws -> [Entry] {
    var all: [Entry] = []
    var i = from
    while i < from + count {
        let n = min(batch, from + count - i)
        let drafts = try (i..<(i + n)).map { try EntryDraft(kind: "test", body: body("{\"n\":\($0)}")) }
        all += try await store.append(drafts)
        i += n
    }
    return all
}

/// A deterministic ledger key for `origin` (seed: 32 bytes of `seed`).
func testSigner(_ origin: String, seed: UInt8 = 0x42) throws -> CheckpointSigner {
    try CheckpointSigner(origin: origin, privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: seed, count: 32)))
}
