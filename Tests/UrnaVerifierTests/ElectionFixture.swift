import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord
import UrnaRegistrar
import UrnaTrustee
@testable import UrnaVerifier

/// One entry of a record before it is chained: what a tampering edits.
struct Draft {
    var kind: String
    var body: [UInt8]
}

/// A complete, valid election record built without the service: a registrar whose signed roll
/// (one `roll` entry per district, right after the election entry) holds ``rollSizes`` voters,
/// three trustees (threshold 2; trustee 3 sends trustee 1 a bad share, is accused and
/// disqualified), four districts (nobody votes in one), issuance revealing the codes of the
/// voters' letters, ballots, spoiled ballots, close, tally, two decryption shares and the result.
/// Every district with voters has letters left that were never used (``unusedLetters``).
/// Written once per test process as an `election.db` (through the ledger store, with a
/// checkpoint at every phase change) and as its JSON Lines export.
final class ElectionFixture: @unchecked Sendable {
    static let origin = "urna.example/city-2026"
    static let shared = Result { try ElectionFixture(revoting: false) }
    static let revoting = Result { try ElectionFixture(revoting: true) }
    static let tokenKeys = Result {
        try Dictionary(uniqueKeysWithValues: ["north", "south", "east", "west"].map { ($0, try BlindRSAPrivateKey.generate(bits: 2048)) })
    }

    /// District and choices of each cast ballot, in casting order.
    static let votes: [(String, [String: Set<String>])] = [
        ("north", ["mayor": ["alice"], "council": ["dan", "erin"]]),
        ("south", ["mayor": ["alice"]]),
        ("north", ["mayor": ["bob"], "council": ["dan"]]),
        ("east", ["mayor": ["bob"]]),
        ("south", ["mayor": ["carol"]]),
        ("north", ["council": ["frank", "erin"]]),
        ("east", [:]),
        ("south", ["mayor": ["alice"]]),
        ("north", ["mayor": ["alice"], "council": ["erin"]]),
    ]
    /// Voters (indices into ``votes``) who spoil a ballot before casting.
    static let spoilers: Set<Int> = [0, 4]
    /// Voters on the registrar's roll per district, in manifest order: more than vote (west's one
    /// voter never comes). A registrar key file announces only districts with a voter, so every
    /// district has at least one.
    static let rollSizes: [(district: String, count: Int)] = [("north", 5), ("south", 4), ("east", 3), ("west", 1)]

    let manifest: Manifest
    let ledgerKey: Ed25519PrivateKey
    let signer: CheckpointSigner
    let electionBytes: [UInt8]
    let context: ElectionContext
    /// The entries in order.
    let drafts: [Draft]
    /// Entry counts after which the store made a checkpoint.
    let checkpointSizes: [Int]
    /// Ballot (and spoiled) entry index → the credential that signed it.
    let credentials: [Int: Ed25519PrivateKey]
    /// Seq of interesting entries.
    let seqs: [String: Int]
    let ballotSeqs: [Int]
    let spoiledSeqs: [Int]
    let expected: ResultBody
    /// The trustees' key files (tests sign hostile bodies with them to reach the checks behind
    /// the identity signature).
    let keyFiles: [TrusteeKeyFile]
    /// The registrar's registration (in the election entry).
    let registrar: RegistrarInfo
    /// The letter each voter of ``votes`` used (revealed by the issuance entry).
    let voterLetters: [VoterLetter]
    /// Per district, the letters of the roll that no issuance revealed.
    let unusedLetters: [String: [VoterLetter]]
    let directory: URL
    var databasePath: String { directory.appendingPathComponent("election.db").path }
    var exportPath: String { directory.appendingPathComponent("export").path }

    init(revoting: Bool) throws {
        manifest = try Manifest(
            electionID: "city-2026", title: "City election 2026",
            contests: [
                .init(id: "mayor", title: "Mayor", min: 0, max: 1, candidates: [
                    .init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob"), .init(id: "carol", name: "Carol"),
                ]),
                .init(id: "council", title: "Council", min: 1, max: 2, candidates: [
                    .init(id: "dan", name: "Dan"), .init(id: "erin", name: "Erin"), .init(id: "frank", name: "Frank"),
                ]),
            ],
            districts: [
                .init(id: "north", name: "North", contests: ["mayor", "council"]),
                .init(id: "south", name: "South", contests: ["mayor"]),
                .init(id: "east", name: "East", contests: ["mayor"]),
                .init(id: "west", name: "West", contests: ["mayor"]),  // nobody votes: (O, O) aggregates
            ],
            revoting: revoting, spoilLimit: 1)
        let tokenKeys = try Self.tokenKeys.get()
        ledgerKey = try Ed25519PrivateKey()
        signer = try CheckpointSigner(origin: Self.origin, privateKey: ledgerKey)
        var keyFiles = try (1...3).map { try TrusteeKeyFile.create(name: "t\($0)") }
        var registrarFile = try RegistrarKeyFile.simulated(voters: Self.rollSizes)
        registrar = try registrarFile.publicInfo
        let election = try ElectionBody(
            manifest: manifest, ledgerKey: signer.verifierKey,
            tokenKeys: tokenKeys.mapValues { Base64.encode($0.publicKey.spkiDER) },
            trustees: keyFiles.enumerated().map { $0.element.publicInfo.trustee(index: $0.offset + 1) }, threshold: 2,
            registrar: registrar)
        electionBytes = try CanonicalJSON.encode(election)
        let rollBodies = try registrarFile.rollEntryBodies(electionBodyBytes: electionBytes)
        var letters: [String: [VoterLetter]] = [:]
        for (_, letter) in try registrarFile.letters(electionID: manifest.electionID) {
            letters[letter.district, default: []].append(letter)
        }

        var drafts: [Draft] = []
        var checkpoints: [Int] = []
        var seqs: [String: Int] = [:]
        func add(_ kind: EntryKind, _ body: [UInt8], name: String? = nil) {
            if let name { seqs[name] = drafts.count }
            drafts.append(Draft(kind: kind.rawValue, body: body))
        }
        func phase(_ kind: EntryKind, _ phase: Phase) throws {
            add(kind, try CanonicalJSON.encode(PhaseBody(phase: phase)), name: kind.rawValue)
            checkpoints.append(drafts.count)
        }
        add(.election, electionBytes, name: "election")
        checkpoints.append(1)
        // The registrar's signed roll, one entry per district.
        for body in rollBodies {
            let district = try CanonicalJSON.decode(RollBody.self, from: body).district
            add(.roll, body, name: "roll-\(district)")
        }
        try phase(.ceremony, .keyCeremony)

        // Key ceremony: every trustee pledges, then reveals; trustee 3 sends trustee 1 a wrong
        // share; trustee 1 complains.
        var pledges: [TrusteePledgeBody] = []
        for index in keyFiles.indices {
            let faults: [Int: TrusteeKeyFile.ShareFault] = index == 2 ? [1: .wrongValue] : [:]
            pledges.append(try keyFiles[index].pledge(electionBodyBytes: electionBytes, faults: faults))
            add(.trusteePledge, try CanonicalJSON.encode(pledges[index]), name: "pledge\(index + 1)")
        }
        var commitments: [Int: TrusteeCommitmentBody] = [:]
        for index in keyFiles.indices {
            let body = try keyFiles[index].commit(electionBodyBytes: electionBytes, pledges: pledges)
            commitments[index + 1] = body
            add(.trusteeCommitment, try CanonicalJSON.encode(body), name: "commitment\(index + 1)")
        }
        // Each trustee files its complaints, then its signed check (trustee-check).
        var disqualified = Set<Int>()
        for index in keyFiles.indices {
            let message = try keyFiles[index].check(electionBodyBytes: electionBytes, commitments: Array(commitments.values))
            for complaint in message.complaints {
                add(.complaint, try CanonicalJSON.encode(complaint), name: "complaint")
                if let accused = commitments[complaint.accused],
                   try CeremonyCheck.judge(complaint, accusedCommitment: accused, election: election,
                                           setupDigest: ElectionBody.setupDigest(bodyBytes: electionBytes)) {
                    disqualified.insert(complaint.accused)
                }
            }
            add(.trusteeCheck, try CanonicalJSON.encode(message.check), name: "check\(index + 1)")
        }
        let jointKey = try CeremonyCheck.jointKey(election: election, commitments: commitments, disqualified: disqualified)
        add(.jointKey, try CanonicalJSON.encode(jointKey), name: "joint-key")
        try phase(.open, .open)
        context = try ElectionContext(electionBodyBytes: electionBytes, jointKey: jointKey.jointKey)

        // Issuance: every voter presents the next letter of their district's roll; one batch.
        var voterLetters: [VoterLetter] = []
        for (district, _) in Self.votes {
            guard let letter = letters[district]?.first else { throw FixtureError(description: "fixture: roll of \(district) too small") }
            letters[district]?.removeFirst()
            voterLetters.append(letter)
        }
        self.voterLetters = voterLetters
        unusedLetters = letters
        add(.issuance, try CanonicalJSON.encode(IssuanceBody(letters: voterLetters)), name: "issuance")

        // Ballots (some voters spoil one first, under the same credential).
        var credentials: [Int: Ed25519PrivateKey] = [:]
        var ballotSeqs: [Int] = [], spoiledSeqs: [Int] = []
        var counted: [Ballot] = []
        for (voter, (district, choices)) in Self.votes.enumerated() {
            let key = try need(context.tokenKeys[district], "token key")
            let request = try TokenRequest.make(electionID: manifest.electionID, district: district, tokenKey: key)
            let token = try request.finalize(blindSignature: try need(tokenKeys[district], "token signing key").blindSign(request.blindedMessage),
                                             tokenKey: key)
            if Self.spoilers.contains(voter) {
                let (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                                  credential: request.credential, token: token)
                credentials[drafts.count] = request.credential
                spoiledSeqs.append(drafts.count)
                add(.spoiled, try CanonicalJSON.encode(SpoiledBody(ballot: ballot, secrets: secrets)))
            }
            let ballot = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                   credential: request.credential, token: token).ballot
            credentials[drafts.count] = request.credential
            ballotSeqs.append(drafts.count)
            counted.append(ballot)
            add(.ballot, try CanonicalJSON.encode(ballot))
        }
        try phase(.close, .closed)

        // Tally, two shares (trustees 1 and 2), result.
        let tally = try TallyBody.compute(manifest: manifest, counted: counted)
        add(.tally, try CanonicalJSON.encode(tally), name: "tally")
        checkpoints.append(drafts.count)
        var shares: [TallyShareBody] = []
        for index in [0, 1] {
            let share = try keyFiles[index].decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: electionBytes)
            shares.append(share)
            add(.tallyShare, try CanonicalJSON.encode(share), name: "share\(index + 1)")
        }
        let result = try TallyCheck.combine(tally: tally, shares: shares, threshold: 2)
        add(.result, try CanonicalJSON.encode(result), name: "result")
        checkpoints.append(drafts.count)

        self.drafts = drafts
        self.keyFiles = keyFiles
        self.checkpointSizes = checkpoints
        self.credentials = credentials
        self.seqs = seqs
        self.ballotSeqs = ballotSeqs
        self.spoiledSeqs = spoiledSeqs
        self.expected = result
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-verifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        FixtureCleanup.register(directory)
        try writeStore()
    }

    /// Appends the drafts through the ledger store with a checkpoint at every phase change, then exports.
    private func writeStore() throws {
        try appendStore(path: databasePath, from: 0, to: drafts.count)
        let store = try LedgerStore.open(path: databasePath)
        try store.export(to: URL(fileURLWithPath: exportPath))
        store.close()
    }

    /// Appends `drafts[from..<to]` to the store at `path` (created if needed), with a checkpoint
    /// at each of ``checkpointSizes`` in that range and one at `to`.
    func appendStore(path: String, from: Int, to: Int) throws {
        var configuration = LedgerStore.Configuration()
        let clock = FixtureClock(start: 1_700_000_000_000 + Int64(from) * 10)
        configuration.clock = { clock.next() }
        let store = try LedgerStore.open(path: path, origin: Self.origin, configuration: configuration)
        defer { store.close() }
        var written = from
        for size in checkpointSizes.filter({ $0 > from && $0 < to }) + [to] {
            _ = try store.appendAndWait(try drafts[written..<size].map { try EntryDraft(kind: $0.kind, body: $0.body) })
            written = size
            _ = try store.makeCheckpointAndWait(signer: signer)
        }
    }

    /// A new path in the fixture's directory.
    func scratch(_ name: String) -> String {
        directory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    }

    func seq(_ name: String) -> UInt64 { UInt64(seqs[name] ?? -1) }

    /// Writes `drafts` as a freshly chained and signed JSON Lines export (the ledger key re-signs:
    /// a dishonest service can always do that), with one checkpoint of size `checkpointSize`
    /// (default: every entry). Returns the directory.
    func writeExport(_ drafts: [Draft], checkpointSize: Int? = nil, signer: CheckpointSigner? = nil,
                     times: [Int: Int64] = [:]) throws -> String {
        let directory = URL(fileURLWithPath: scratch("tampered"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lines: [UInt8] = []
        var chain = ChainVerifier()
        var checkpoint: Checkpoint?
        let size = checkpointSize ?? drafts.count
        if size == 0 { checkpoint = try Checkpoint(origin: Self.origin, size: 0, root: chain.root, chainHead: chain.head) }
        for (seq, draft) in drafts.enumerated() {
            let entry = try Entry(seq: UInt64(seq), kind: draft.kind, time: times[seq] ?? 1_700_000_000_000 + Int64(seq),
                                  body: draft.body, prev: chain.head)
            try chain.append(entry)
            lines += EntryLine.encode(entry)
            if seq + 1 == size {
                checkpoint = try Checkpoint(origin: Self.origin, size: chain.size, root: chain.root, chainHead: chain.head)
            }
        }
        try Data(lines).write(to: directory.appendingPathComponent(LedgerExport.entriesFileName))
        let note = try (signer ?? self.signer).signedNote(for: try need(checkpoint, "checkpoint"))
        try Data(note.utf8).write(to: directory.appendingPathComponent(LedgerExport.checkpointFileName))
        try Data(LedgerExport.verifierKeyFile(self.signer.verifierKey).utf8)
            .write(to: directory.appendingPathComponent(LedgerExport.verifierKeyFileName))
        return directory.path
    }

    /// The lines of the valid export's `ledger.jsonl` (each without its newline).
    func exportLines() throws -> [String] {
        let text = try String(contentsOfFile: exportPath + "/" + LedgerExport.entriesFileName, encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
    }

    /// Writes raw lines with the valid export's checkpoint and key (no re-chaining).
    func writeRawExport(lines: [String], checkpoint: String? = nil) throws -> String {
        let directory = URL(fileURLWithPath: scratch("raw"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent(LedgerExport.entriesFileName))
        let note = try checkpoint ?? String(contentsOfFile: exportPath + "/" + LedgerExport.checkpointFileName, encoding: .utf8)
        try Data(note.utf8).write(to: directory.appendingPathComponent(LedgerExport.checkpointFileName))
        try Data(LedgerExport.verifierKeyFile(signer.verifierKey).utf8)
            .write(to: directory.appendingPathComponent(LedgerExport.verifierKeyFileName))
        return directory.path
    }

    /// The ballot of entry `index` (a `ballot` entry).
    func ballot(at index: Int) throws -> Ballot {
        try CanonicalJSON.decode(Ballot.self, from: drafts[index].body)
    }

    /// `ballot` signed again by the credential of entry `index` (as a voter could).
    func resign(_ ballot: Ballot, index: Int) throws -> Ballot {
        let key = try need(credentials[index], "credential of entry \(index)")
        let signature = try key.signature(for: ballot.canonicalBytes)
        return Ballot(electionHash: ballot.electionHash.bytes, district: ballot.district, credential: ballot.credential.bytes,
                      token: ballot.token, contests: ballot.contests, signature: signature)
    }

    /// The verification options every test uses (two workers, small chunks so runs cross chunks).
    static func options() -> VerificationOptions {
        var options = VerificationOptions()
        options.chunkSize = 7
        options.workers = 2
        return options
    }
}

/// A deterministic clock for the fixture's store.
final class FixtureClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64

    init(start: Int64 = 1_700_000_000_000) { now = start }

    func next() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        now += 1
        return now
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// Unwraps a value the fixture needs.
func need<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw FixtureError(description: "fixture: no \(what)") }
    return value
}

/// Removes the fixtures' directories when the test process exits.
enum FixtureCleanup {
    nonisolated(unsafe) static var directories: [URL] = []
    static let lock = NSLock()
    static let installed: Bool = {
        atexit {
            FixtureCleanup.lock.lock()
            for directory in FixtureCleanup.directories { try? FileManager.default.removeItem(at: directory) }
            FixtureCleanup.lock.unlock()
        }
        return true
    }()

    static func register(_ directory: URL) {
        _ = installed
        lock.lock()
        directories.append(directory)
        lock.unlock()
    }
}
