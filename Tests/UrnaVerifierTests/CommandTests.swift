import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// The `scrutineer` executable: exit codes, output, receipts, keygen and cosign.
@Suite("scrutineer command")
struct CommandTests {
    static func executable() throws -> URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var candidates = [executable.deletingLastPathComponent()]
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for directory in candidates {
            let url = directory.appendingPathComponent("scrutineer")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw FixtureError(description: "scrutineer not found near \(candidates.map(\.path))")
    }

    /// Runs scrutineer; returns the exit status, stdout and stderr.
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// A report that cannot be written in full (standard output on a full disk: `/dev/full`)
    /// is never taken for a VALID verdict: the exit status is not 0, and stderr says why. Before,
    /// the text report was silently lost with status 0, and the JSON one crashed the process.
    @Test("verify: a report that cannot be written to standard output is a failure, not VALID")
    func reportOnAFullDisk() throws {
        let fixture = try ElectionFixture.shared.get()
        for extra in [[], ["--json"]] {
            let process = Process()
            process.executableURL = try Self.executable()
            process.arguments = ["verify", fixture.databasePath, "--quiet"] + extra
            process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let err = Pipe()
            process.standardError = err
            try process.run()
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus != 0, "\(extra): \(process.terminationStatus)")
            #expect(errors.contains("could not be written") || errors.contains("space"), "\(extra): \(errors)")
        }
    }

    @Test("verify: 0 for a valid record (text and JSON), 1 for a tampered one, 2 unreadable or bad usage")
    func exitCodes() throws {
        let fixture = try ElectionFixture.shared.get()
        let valid = try Self.run(["verify", fixture.databasePath, "--quiet"])
        #expect(valid.status == 0)
        #expect(valid.out.contains("VERDICT: VALID") && valid.out.contains("Mayor (mayor): Alice (alice) 2, Bob (bob) 1, Carol (carol) 0"))
        let json = try Self.run(["verify", fixture.exportPath, "--json", "--quiet"])
        #expect(json.status == 0)
        let report = try JSONDecoder().decode(VerificationReport.self, from: Data(json.out.utf8))
        #expect(report.isValid && report.recomputedResult == fixture.expected)

        let (path, _) = try #require(Tampering.all.first { $0.check == .ballotProof }).apply(fixture)
        let invalid = try Self.run(["verify", path, "--quiet"])
        #expect(invalid.status == 1)
        #expect(invalid.out.contains("ballot.proof at seq") && invalid.out.contains("VERDICT: INVALID"))

        #expect(try Self.run(["verify", "/nonexistent/election.db"]).status == 2)
        #expect(try Self.run(["verify"]).status == 2)
        #expect(try Self.run(["verify", fixture.databasePath, "--bogus"]).status == 2)
        #expect(try Self.run(["frobnicate"]).status == 2)
        #expect(try Self.run(["verify", "--help"]).status == 0)
        #expect(try Self.run(["--help"]).status == 0)
    }

    @Test("receipt: 0 for a good receipt, 1 for a bad one")
    func receipt() throws {
        let fixture = try ElectionFixture.shared.get()
        let index = fixture.ballotSeqs[3]
        let good = try ReceiptTests.receipt(fixture, index: index, size: fixture.drafts.count)
        let file = fixture.scratch("receipt") + ".json"
        try Data(good.encoded()).write(to: URL(fileURLWithPath: file))
        let ok = try Self.run(["receipt", file, "--record", fixture.databasePath])
        #expect(ok.status == 0, "\(ok.out)\(ok.err)")
        let other = try ReceiptTests.receipt(fixture, index: fixture.ballotSeqs[4], size: fixture.drafts.count)
        let mixed = try Receipt(electionID: "city-2026", trackingCode: other.trackingCode.bytes, seq: good.seq,
                                entryHash: good.entryHash.bytes, checkpoint: good.checkpoint,
                                inclusionProof: good.inclusionProof.map(\.bytes))
        try Data(mixed.encoded()).write(to: URL(fileURLWithPath: file))
        let bad = try Self.run(["receipt", file, "--record", fixture.exportPath])
        #expect(bad.status == 1 && bad.out.contains("FAIL receipt.entry"))
        #expect(try Self.run(["receipt", file]).status == 2)
    }

    @Test("keygen and cosign: the cosigned note verifies under the observer key; an invalid record is not cosigned")
    func cosign() throws {
        let fixture = try ElectionFixture.shared.get()
        let keyFile = fixture.scratch("observer") + ".key"
        let keygen = try Self.run(["keygen", "--name", "observer.example/w1", "--out", keyFile])
        #expect(keygen.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let observer = try NoteVerifier(verifierKey: keygen.out.trimmingCharacters(in: .whitespacesAndNewlines))

        let out = fixture.scratch("cosigned")
        let cosign = try Self.run(["cosign", fixture.databasePath, "--key", keyFile, "--out", out, "--quiet"])
        #expect(cosign.status == 0, "\(cosign.err)")
        let note = try String(contentsOfFile: out, encoding: .utf8)
        let verified = try CheckpointVerifier(verifierKey: fixture.signer.verifierKey).verifyCosigned(note, cosigners: [observer])
        #expect(verified.checkpoint.size == UInt64(fixture.drafts.count))

        let (path, _) = try #require(Tampering.all.first { $0.check == .resultMatches }).apply(fixture)
        let refused = try Self.run(["cosign", path, "--key", keyFile, "--quiet"])
        #expect(refused.status == 1 && refused.out.isEmpty)

        // A key that others may read is refused, as OpenSSH refuses such a private key.
        chmod(keyFile, 0o644)
        let exposed = try Self.run(["cosign", fixture.databasePath, "--key", keyFile, "--quiet"])
        #expect(exposed.status == 2 && exposed.err.contains("chmod 600"), "\(exposed.err)")
    }
}
