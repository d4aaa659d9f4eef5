import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
@testable import UrnaVerifier

/// No record traps the verifier: truncated exports (cut at random byte offsets, a line cut in
/// the middle) and bodies near and above the 8 MiB limit give a report or a `VerifierError`.
/// Runs in process: a trap kills the test run.
@Suite("Soundness: no record traps the verifier")
struct SoundnessRobustnessTests {
    static func base(_ config: SoundnessConfig) throws -> RandomElection {
        var master = SeededGenerator(seed: config.seed ^ 0x7472_756E_63)
        for _ in 0..<20 {
            let election = try RandomElection.generate(seed: master.subSeed(), config: config, honestOnly: true)
            if election.candidates.first?.drafts.contains(where: { $0.kind == "ballot" }) == true { return election }
        }
        throw FixtureError(description: "no base election with a ballot")
    }

    /// Verifies the export at `path`: a report or a `VerifierError`, never anything else.
    static func verifyExport(_ path: String) -> Result<VerificationReport, any Error> {
        Result { try Scrutineer.verify(path: path, options: SoundnessJudge.options) }
    }

    @Test("exports cut at random byte offsets, or with a line cut short, are reported, never trapped")
    func truncated() throws {
        let config = SoundnessConfig.current
        let election = try Self.base(config)
        let record = try election.commission.signed(try need(election.candidates.first, "record").drafts)
        let lines = record.jsonLines
        var rng = SeededGenerator(seed: config.seed ^ 0x6375_74)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("urna-truncated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cases = max(6, config.cases / 3)
        for number in 0..<cases {
            var bytes = lines
            let cut = Int.random(in: 0..<bytes.count, using: &rng)
            var what = "cut at byte \(cut) of \(bytes.count)"
            if number % 2 == 1, let newline = bytes[cut...].firstIndex(of: UInt8(ascii: "\n")) {
                bytes.removeSubrange(cut..<newline)  // one line cut short, the rest intact
                what = "line cut short at byte \(cut)"
            } else {
                bytes = Array(bytes[..<cut])
            }
            let path = try record.writeExport(in: root.appendingPathComponent("\(number)"), lines: bytes)
            switch Self.verifyExport(path) {
            case .success(let report):
                #expect(!report.isValid, "\(what): a truncated record verified as VALID (master seed 0x\(String(config.seed, radix: 16)))")
            case .failure(let error):
                #expect(error is VerifierError, "\(what): threw \(error), not a VerifierError")
            }
        }
    }

    @Test("bodies near and above 8 MiB are reported, never trapped")
    func oversized() throws {
        let config = SoundnessConfig.current
        let election = try Self.base(config)
        let commission = election.commission
        var drafts = try need(election.candidates.first, "record").drafts
        let index = try need(drafts.firstIndex { $0.kind == "ballot" }, "a ballot")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("urna-oversized-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        // A ballot body padded with an unknown field to exactly the limit, and a tally body likewise.
        for kind in ["ballot", "tally"] {
            guard let at = drafts.firstIndex(where: { $0.kind == kind }) else { continue }
            var body = drafts[at].body
            body.removeLast()
            let padding = Entry.maxBodySize - body.count - Array(",\"zz\":\"\"}".utf8).count
            body += Array(",\"zz\":\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: padding) + Array("\"}".utf8)
            var padded = drafts
            padded[at].body = body
            let report = try Scrutineer.verify(source: commission.signed(padded).source, options: SoundnessJudge.options)
            _ = report.isValid  // any verdict; the point is no trap
            let path = try commission.signed(padded).writeExport(in: root.appendingPathComponent(kind))
            _ = Self.verifyExport(path)
        }
        // A line whose body is one byte over the limit (written by hand: no Entry holds it).
        drafts[index].body = Array(drafts[index].body.prefix(2))
        let record = try commission.signed(drafts)
        var lines = record.jsonLines
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: Entry.maxBodySize + 1)
        let line = "{\"seq\":\(drafts.count),\"kind\":\"ballot\",\"time\":1800000000000,\"prev\":\"\(String(repeating: "0", count: 64))\","
            + "\"hash\":\"\(String(repeating: "0", count: 64))\",\"body\":\"\(Data(big).base64EncodedString())\"}\n"
        lines += Array(line.utf8)
        let path = try record.writeExport(in: root.appendingPathComponent("over"), lines: lines)
        switch Self.verifyExport(path) {
        case .success(let report): #expect(!report.isValid)
        case .failure(let error): #expect(error is VerifierError, "threw \(error), not a VerifierError")
        }
    }
}
