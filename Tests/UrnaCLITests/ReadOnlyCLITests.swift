import Foundation
import Testing

/// Read-only commands beside a writer and on a read-only copy; writers wait for the lock.
@Suite("read-only commands and the election lock")
struct ReadOnlyCLITests {
    /// Holds the election's lock from this process, as another `urna` would.
    final class LockHolder {
        private var fd: Int32
        init(_ election: CLIElection) throws {
            fd = open(election.path("el/election.lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw CLI.Failure(description: "cannot take the lock") }
        }
        /// Closes once: a second close could close another test's file that reused the number.
        func release() {
            guard fd >= 0 else { return }
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
        deinit { release() }
    }

    @Test("status and export work while another process holds the election; a writer waits, then gives up with election-busy")
    func readersBesideAWriter() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        try election.succeed(["vote", "--dir", "el"] + election.voter(1) + ["--choice", "mayor=alice", "--wallet", "w1"])
        let holder = try LockHolder(election)
        #expect(try election.status().contains("ballots cast: 1"))
        let export = try election.urna("export", "--dir", "el", "--out", "public")
        #expect(export.status == 0, "\(export.err)")
        #expect(try election.scrutineer("verify", "public").status == 0)
        let start = Date()
        let busy = try election.urna(["election", "close", "--dir", "el"], environment: ["URNA_LOCK_WAIT": "1"])
        #expect(busy.status == 1 && busy.err.contains("[election-busy]"), "\(busy.err)")
        #expect(busy.err.contains("waiting"))
        #expect(Date().timeIntervalSince(start) >= 0.9)
        // Released while the writer waits: it goes ahead.
        let waiting = try CLI.start("urna", ["election", "close", "--dir", "el"], in: election.root, environment: ["URNA_LOCK_WAIT": "20"])
        usleep(700_000)
        holder.release()
        let closed = try waiting.wait(timeout: 60)
        #expect(closed.status == 0, "\(closed.err)")
        #expect(try election.status().contains("phase: closed"))
    }

    @Test("status and export on a read-only copy change no byte and add no file")
    func readOnlyCopy() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        try election.succeed(["vote", "--dir", "el"] + election.voter(2) + ["--choice", "mayor=bob", "--wallet", "w2"])
        let files = try FileManager.default.contentsOfDirectory(atPath: election.dir).sorted()
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: election.path("el/\($0)"))) }
        for name in files { chmod(election.path("el/\(name)"), 0o444) }
        chmod(election.dir, 0o555)
        defer { chmod(election.dir, 0o755) }
        #expect(try election.status().contains("ballots cast: 1"))
        let export = try election.urna("export", "--dir", "el", "--out", "public")
        #expect(export.status == 0, "\(export.err)")
        #expect(try election.scrutineer("verify", "public").status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: election.dir).sorted() == files)
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: election.path("el/\($0)"))) } == before)
    }

    @Test("results work while another process holds the election, and on a read-only copy")
    func resultsOnlyRead() throws {
        let election = try CLIElection.make()
        defer { election.remove() }
        try election.succeed(["vote", "--dir", "el"] + election.voter(1) + ["--choice", "mayor=bob", "--wallet", "w1"])
        for step in [["election", "close", "--dir", "el"], ["election", "tally", "--dir", "el"],
                     ["trustee", "decrypt", "--key", "t1.key", "--record", "el", "--out", "s1.json"],
                     ["trustee", "decrypt", "--key", "t2.key", "--record", "el", "--out", "s2.json"],
                     ["trustee", "import", "--dir", "el", "s1.json", "s2.json"], ["election", "publish", "--dir", "el"]] {
            try election.succeed(step)
        }
        let holder = try LockHolder(election)
        let busy = try election.urna("election", "results", "--dir", "el", "--csv")
        #expect(busy.status == 0 && busy.out.contains("bob,Bob Brown,votes,1"), "\(busy.err)")
        holder.release()
        let files = try FileManager.default.contentsOfDirectory(atPath: election.dir).sorted()
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: election.path("el/\($0)"))) }
        chmod(election.dir, 0o555)
        defer { chmod(election.dir, 0o755) }
        let copy = try election.urna("election", "results", "--dir", "el")
        #expect(copy.status == 0 && copy.out.contains("Bob Brown"), "\(copy.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: election.dir).sorted() == files)
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: election.path("el/\($0)"))) } == before)
    }
}
