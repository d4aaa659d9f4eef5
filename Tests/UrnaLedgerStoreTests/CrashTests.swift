import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
@testable import UrnaLedgerStore

/// A writer process killed with SIGKILL mid-stream loses no acknowledged entry.
@Suite struct CrashTests {
    /// `ledger-crash-writer`, built next to the test bundle in the build products directory.
    static func crashWriterURL() throws -> URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var candidates = [executable.deletingLastPathComponent()]
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for directory in candidates {
            let url = directory.appendingPathComponent("ledger-crash-writer")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw LedgerError(.invalidParameter, "ledger-crash-writer not found near \(candidates.map(\.path))")
    }

    /// Runs the crash writer until it has acknowledged at least `minimum` entries, then
    /// SIGKILLs it while it is still appending. Returns the acknowledged `(seq, hash)` pairs.
    static func runAndKill(dbPath: String, minimum: Int) throws -> [(UInt64, String)] {
        let process = Process()
        process.executableURL = try crashWriterURL()
        process.arguments = [dbPath, "8"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let handle = output.fileHandleForReading
        var buffer = Data()
        var acknowledged = 0
        let deadline = Date().addingTimeInterval(20)
        while acknowledged < minimum && Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            acknowledged = buffer.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the writer was still running when killed")
        // Whatever it printed before dying was acknowledged after a durable commit.
        buffer.append(handle.readDataToEndOfFile())
        // Each line is one write(2) of under PIPE_BUF bytes; a final piece without its
        // newline is not counted anyway.
        var lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        var acks: [(UInt64, String)] = []
        for line in lines {
            let parts = line.split(separator: " ")
            if parts.count == 2, let seq = UInt64(parts[0]) { acks.append((seq, String(parts[1]))) }
        }
        return acks
    }

    @Test func sigkillLosesNoAcknowledgedEntry() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var total = 0
        for round in 0..<2 {
            let acks = try Self.runAndKill(dbPath: dir.dbPath, minimum: 400)
            #expect(acks.count >= 400, "round \(round): only \(acks.count) acknowledgements")
            // Reopen with the full integrity check: the chain and the nodes are intact.
            let store = try LedgerStore.open(path: dir.dbPath, configuration: configuration())
            defer { store.close() }
            for (seq, hash) in acks {
                #expect(seq < store.size, "acknowledged entry \(seq) is missing")
                if seq < store.size { #expect(try store.entry(seq: seq).hash.hex == hash) }
            }
            var chain = ChainVerifier()
            try store.forEachEntry { try chain.append($0) }
            #expect(chain.size == store.size)
            #expect(try store.rootHash() == chain.root)
            #expect(Int(store.size) >= total + acks.count)
            total = Int(store.size)
        }
    }
}
