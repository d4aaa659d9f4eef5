import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService
import UrnaTrustee
import UrnaVerifier

/// Runs a whole election in one process, playing every role: the commission, the trustees,
/// honest voters (some spoil first, some re-vote), and attackers whose attempts must be refused.
public enum DemoElection {
    public struct Progress: Sendable {
        public let step: @Sendable (String) -> Void
        public let bar: @Sendable (String, Int, Int) -> Void

        public init(step: @escaping @Sendable (String) -> Void, bar: @escaping @Sendable (String, Int, Int) -> Void) {
            self.step = step
            self.bar = bar
        }

        public static let silent = Progress(step: { _ in }, bar: { _, _, _ in })
    }

    public static let expectedFileName = "expected.json"

    public static func run(_ options: DemoOptions, progress: Progress = .silent) throws -> DemoOutcome {
        try options.validate()
        let directory = options.directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("urna-demo-\(UUID().uuidString)")
        let manifest = try DemoManifest.make(districts: options.districts, revoting: options.revoting)

        progress.step("creating election '\(manifest.electionID)' in \(directory.path): \(options.districts) district(s), \(options.trustees) trustee(s), threshold \(options.threshold)")
        var trustees = try (1...options.trustees).map { try TrusteeKeyFile.create(name: "trustee-\($0)") }
        let service = try ElectionService.create(
            directory: directory, manifest: manifest, trustees: trustees.map(\.publicInfo), threshold: options.threshold,
            tokenKeyBits: options.tokenKeyBits, progress: progress.step)
        defer { service.close() }

        progress.step("key ceremony: each trustee pledges, then reveals its commitments, then checks the shares sent to it")
        let ceremonyRefusals = try runCeremony(service: service, trustees: &trustees)
        progress.step("joint key published; opening the election")
        try service.openVoting()

        let roll = try VoterRoll(csv: "voter_id,district\n" + (0..<options.voters).map {
            "voter-\($0),\(manifest.districts[$0 % manifest.districts.count].id)\n"
        }.joined())
        let codes = try service.importRoll(roll)
        progress.step("imported a roll of \(codes.count) voter(s) with activation codes")

        let context = try service.electionContext()
        let voting = DemoVoters(service: service, context: context, codes: codes, revoting: options.revoting)
        try voting.run(workers: options.workers, progress: progress)
        progress.step("\(voting.tally.cast) ballot(s) cast, \(voting.tally.spoiled) spoiled, \(voting.tally.revotes) re-vote(s); now the attackers")
        var refusals = try ceremonyRefusals + DemoAttacks(service: service, context: context, voting: voting).run()

        try service.closeVoting()
        refusals.append(try DemoAttacks.expectRefusal("a ballot after the close", code: .wrongPhase) {
            _ = try service.castBallot(voting.sampleBallot())
        })
        progress.step("voting closed; aggregating the counted ballots")
        let tally = try service.tally { done, total in progress.bar("tally", done, total) }
        let absent = options.threshold < options.trustees ? [options.trustees] : []
        let quorum = trustees.filter { !absent.contains($0.index ?? 0) }
        progress.step("trustees \(quorum.compactMap(\.index).map(String.init).joined(separator: ", ")) decrypt\(absent.isEmpty ? "" : " (trustee \(absent[0]) is absent)")")
        guard let jointKey = service.jointKeyBody else { throw DemoError("no joint key after the ceremony") }
        for trustee in quorum {
            try service.importTallyShare(trustee.decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: service.electionBodyBytes))
        }
        let result = try service.publishResult()

        let published = result.districts.mapValues(\.contests)
        let expected = voting.expected(manifest: manifest)
        guard published == expected else {
            throw DemoError("the published result differs from the voters' own choices:\npublished \(published)\nexpected \(expected)")
        }
        try service.export(to: directory)
        try Data(CanonicalJSON.encode(expected)).write(to: directory.appendingPathComponent(expectedFileName))
        service.close()

        var verification: [(record: String, valid: Bool, matchesExpected: Bool, summary: String)] = []
        for file in [ElectionService.ledgerFileName, "ledger.jsonl"] {
            progress.step("scrutineer verify \(file): recomputing the chain, every proof and the tally from the public record")
            let report = try Scrutineer.verify(path: directory.appendingPathComponent(file).path) { update in
                progress.bar("verify \(file)", Int(update.entries), Int(update.totalEntries ?? update.entries))
            }
            let summary = report.renderText().split(separator: "\n").last.map(String.init) ?? ""
            verification.append((file, report.isValid, report.results == expected, summary))
            guard report.isValid, report.results == expected else {
                throw DemoError("scrutineer rejected \(file):\n\(report.renderText())")
            }
        }
        return DemoOutcome(
            directory: directory, expected: expected, published: published, ballotsCast: voting.tally.cast,
            spoiled: voting.tally.spoiled, revotes: voting.tally.revotes, refusals: refusals, absentTrustees: absent,
            resultText: ResultText.render(result, manifest: manifest), verification: verification)
    }

    /// Pledges, then commitments, then every trustee's signed check (with its complaints, if any),
    /// as each trustee would run them on its own file. On the way, the service must refuse a
    /// commitment revealed before every pledge is in, refuse to open before every check is in, and
    /// refuse a check the commission forges in the last trustee's name.
    static func runCeremony(service: ElectionService, trustees: inout [TrusteeKeyFile]) throws -> [(attempt: String, code: String)] {
        let electionBody = service.electionBodyBytes
        var refusals: [(attempt: String, code: String)] = []
        for index in trustees.indices {
            let pledge = try trustees[index].pledge(electionBodyBytes: electionBody)
            if index == trustees.indices.last, trustees.count > 1, let early = trustees[0].commitment {
                refusals.append(try DemoAttacks.expectRefusal("a commitment revealed before every trustee pledged", code: .incomplete) {
                    try service.importCommitment(early)
                })
            }
            try service.importPledge(pledge)
        }
        let pledges = service.trusteePledges
        for index in trustees.indices {
            try service.importCommitment(trustees[index].commit(electionBodyBytes: electionBody, pledges: pledges))
        }
        refusals.append(try DemoAttacks.expectRefusal("opening before every trustee's check is in", code: .incomplete) {
            try service.openVoting()
        })
        let commitments = service.trusteeCommitments
        for index in trustees.indices.dropLast() {
            try service.importCheck(trustees[index].check(electionBodyBytes: electionBody, commitments: commitments))
        }
        refusals.append(try DemoAttacks.expectRefusal("a \"no complaint\" check forged in a trustee's name",
                                                      code: .badIdentitySignature) {
            try service.importCheck(TrusteeCheckMessage(check: try DemoAttacks.forgedCheck(service: service, trustee: trustees.count),
                                                        complaints: []))
        })
        if let last = trustees.indices.last {
            try service.importCheck(trustees[last].check(electionBodyBytes: electionBody, commitments: commitments))
        }
        return refusals
    }
}
