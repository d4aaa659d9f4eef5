import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaRegistrar
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
        // The registrar, a party of its own: the roll, pseudonyms and codes never reach the service.
        // Voter i is in district i mod d; the last `abstainers` on the roll never vote.
        let abstainers = max(1, options.voters / 10), rollSize = options.voters + abstainers
        var registrar = try RegistrarKeyFile.simulated(voters: manifest.districts.enumerated().map { index, district in
            (district.id, rollSize / manifest.districts.count + (index < rollSize % manifest.districts.count ? 1 : 0))
        })
        let registration = try registrar.publicInfo
        progress.step("registrar: a roll of \(rollSize) voter(s), each with a random pseudonym and activation code; identity key \(registration.fingerprint)")
        var trustees = try (1...options.trustees).map { try TrusteeKeyFile.create(name: "trustee-\($0)") }
        var service = try ElectionService.create(
            directory: directory, manifest: manifest, trustees: trustees.map(\.publicInfo), threshold: options.threshold,
            registrar: registration, tokenKeyBits: options.tokenKeyBits, progress: progress.step)
        defer { service.close() }
        let rollMessage = RegistrarMessage(bodies: try registrar.roll(electionBodyBytes: service.electionBodyBytes))
        try service.importRoll(rollMessage)
        progress.step("registrar's signed roll published: \(rollMessage.bodies.count) roll entr\(rollMessage.bodies.count == 1 ? "y" : "ies") with a code commitment per pseudonym")
        // Voters in roll order, alternating districts; the abstainers are the last ones.
        let byDistrict = Dictionary(grouping: try registrar.letters(electionID: manifest.electionID).map(\.letter), by: \.district)
        var interleaved: [VoterLetter] = []
        for index in 0..<rollSize {
            let district = manifest.districts[index % manifest.districts.count].id
            if let letter = byDistrict[district]?[index / manifest.districts.count] { interleaved.append(letter) }
        }
        let voterLetters = Array(interleaved.prefix(options.voters)), abstaining = Array(interleaved.dropFirst(options.voters))

        progress.step("key ceremony: each trustee pledges, then reveals its commitments, then checks the shares sent to it")
        let ceremonyRefusals = try runCeremony(service: service, trustees: &trustees)
        progress.step("joint key published; opening the election")
        try service.openVoting()

        let context = try service.electionContext()
        let book: DemoTally
        var refusals = ceremonyRefusals
        var serverReport: DemoServerReport?
        if options.server {
            // The service takes the election over: nothing else may hold it while it runs.
            let ledgerKey = service.ledgerVerifierKey
            service.close()
            let served = try DemoServer.run(directory: directory, ledgerKey: ledgerKey, electionID: manifest.electionID,
                                            letters: voterLetters, revoting: options.revoting, clients: options.clients,
                                            progress: progress)
            service = try ElectionService.open(directory: directory, waitForLock: 10)
            book = served.book
            serverReport = served.report
            refusals += served.refusals
        } else {
            let voting = DemoVoters(service: service, context: context, letters: voterLetters, revoting: options.revoting)
            try voting.run(threads: options.workers, progress: progress)
            book = voting.book
            let counts = book.counted
            progress.step("\(counts.cast) ballot(s) cast, \(counts.spoiled) spoiled, \(counts.revotes) re-vote(s); now the attackers")
            refusals += try DemoAttacks(box: LocalBallotBox(service: service), context: context, voting: book).run()
        }

        try service.closeVoting()
        refusals.append(try DemoAttacks.expectRefusal("a ballot after the close", code: .wrongPhase) {
            _ = try service.castBallot(book.sampleBallot())
        })
        progress.step("voting closed; aggregating the counted ballots")
        let tallyMeter = DemoProgressMeter(progress: progress, label: "tally", unit: "ballots", total: 0)
        let tally = try service.tally { done, total in tallyMeter.update(done, of: total) }
        let absent = options.threshold < options.trustees ? [options.trustees] : []
        let quorum = trustees.filter { !absent.contains($0.index ?? 0) }
        progress.step("trustees \(quorum.compactMap(\.index).map(String.init).joined(separator: ", ")) decrypt\(absent.isEmpty ? "" : " (trustee \(absent[0]) is absent)")")
        guard let jointKey = service.jointKeyBody else { throw DemoError("no joint key after the ceremony") }
        for trustee in quorum {
            try service.importTallyShare(trustee.decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: service.electionBodyBytes))
        }
        let result = try service.publishResult()

        let published = result.districts.mapValues(\.contests)
        let expected = book.expected(manifest: manifest)
        guard published == expected else {
            throw DemoError("the published result differs from the voters' own choices:\npublished \(published)\nexpected \(expected)")
        }
        try service.export(to: directory)
        try Data(CanonicalJSON.encode(expected)).write(to: directory.appendingPathComponent(expectedFileName))
        service.close()

        var verification: [(record: String, valid: Bool, matchesExpected: Bool, summary: String)] = []
        var districtFigures: [(district: String, roll: Int, issued: Int, counted: Int)] = []
        var jsonlReport: VerificationReport?
        for file in [ElectionService.ledgerFileName, "ledger.jsonl"] {
            progress.step("scrutineer verify \(file): recomputing the chain, every proof and the tally from the public record")
            let meter = DemoProgressMeter(progress: progress, label: "verify \(file)", unit: "entries", total: 0)
            let report = try Scrutineer.verify(path: directory.appendingPathComponent(file).path) { update in
                meter.update(Int(update.entries), of: Int(update.totalEntries ?? update.entries))
            }
            let summary = report.renderText().split(separator: "\n").last.map(String.init) ?? ""
            verification.append((file, report.isValid, report.results == expected, summary))
            districtFigures = report.districts.map { ($0.id, $0.rollSize, $0.tokensIssued, $0.ballotsCounted) }
            jsonlReport = report
            guard report.isValid, report.results == expected else {
                throw DemoError("scrutineer rejected \(file):\n\(report.renderText())")
            }
        }
        var checks: [LetterCheck] = []
        for letter in [abstaining.first, voterLetters.first].compactMap({ $0 }) {
            progress.step("voter check: was a token issued for pseudonym \(letter.pseudonym.hex)?")
            checks.append(try LetterCheck.run(recordPath: directory.appendingPathComponent("ledger.jsonl").path, letter: letter,
                                              report: jsonlReport))
        }
        guard checks.count == 2, checks.allSatisfy(\.closed), checks[0].rollDistrict != nil, checks[0].issuances.isEmpty,
              checks[1].rollDistrict != nil, checks[1].issuances.count == 1 else {
            throw DemoError("the voter checks did not find what the voters did: \(checks.map(\.summary))")
        }
        return DemoOutcome(
            directory: directory, expected: expected, published: published, ballotsCast: book.counted.cast,
            spoiled: book.counted.spoiled, revotes: book.counted.revotes, refusals: refusals, absentTrustees: absent,
            registrarFingerprint: registration.fingerprint, districts: districtFigures, voterChecks: checks,
            resultText: ResultText.render(result, manifest: manifest), verification: verification, server: serverReport)
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
