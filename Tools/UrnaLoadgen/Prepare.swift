import Foundation
import UrnaClient
import UrnaCrypto
import UrnaHTTP
import UrnaRecord

/// The work folder: what `prepare` leaves for `cast`.
struct WorkMeta: Codable {
    let server: String
    let electionID: String
    let ledgerKey: String
    let ballots: Int

    enum CodingKeys: String, CodingKey {
        case server, ballots
        case electionID = "election_id"
        case ledgerKey = "ledger_key"
    }

    static func path(_ work: String) -> String { (work as NSString).appendingPathComponent("loadgen.json") }
    static func ballotsPath(_ work: String) -> String { (work as NSString).appendingPathComponent("ballots.jsonl") }
}

/// `prepare`: credentials and blinded token requests (untimed), tokens over HTTP (timed),
/// ballots encrypted with random valid choices on all cores (untimed), written to the work folder.
enum Prepare {
    struct Options {
        var server: String
        var electionID: String?
        var pin: LedgerKeyPin
        var letters: String
        var work: String
        var voters: Int?
        var skip: Int
        var concurrency: Int
        var rate: Double?
        var timeout: Double
        /// False: tokens only (`--no-ballots`), no ballot encrypted.
        var ballots = true
    }

    static func run(_ options: Options) throws -> Int32 {
        let rows = try Letters.read(options.letters)
        guard options.skip < rows.count else {
            throw UsageError("--skip \(options.skip): \(safe(options.letters)) holds only \(rows.count) voters")
        }
        let available = rows.count - options.skip
        if let wanted = options.voters, wanted > available {
            throw UsageError("--voters \(wanted): \(safe(options.letters)) holds only \(available) voters\(options.skip > 0 ? " after the first \(options.skip)" : "")")
        }
        let chosen = Array(rows.dropFirst(options.skip).prefix(options.voters ?? available))
        try refuseUsedWorkFolder(options.work)
        let target = try Target.connect(url: options.server, electionID: options.electionID, pin: options.pin, timeout: options.timeout)
        let context = target.context.context
        progress("election '\(target.electionID)' at \(target.server): context verified under \(LedgerKeyPin.fingerprint(of: target.context.ledgerKey)), voting open; \(chosen.count) voters")
        for (index, row) in chosen.enumerated() where context.tokenKeys[row.district] == nil {
            throw LoadgenError("\(safe(options.letters)) voter \(index + 1) ('\(safe(row.voterID))'): district '\(safe(row.district))' is not in the election's manifest (a letters file of another election?)")
        }

        try createWorkFolder(options.work)

        // Untimed: a credential and a blinded token request per voter.
        let electionID = context.manifest.electionID
        let requests = parallelMap("token requests", count: chosen.count) { index -> TokenRequest in
            let row = chosen[index]
            return try TokenRequest.make(electionID: electionID, district: row.district, tokenKey: context.tokenKeys[row.district]!)
        }
        let prepared = try requests.map { try $0.get() }

        // Timed: tokens over HTTP, each voter asked once on one of C connections.
        let tokens = TokenSlots(count: chosen.count)
        let issuance = try drivePhase(
            name: "issuance-http", unit: "tokens/s", count: chosen.count, concurrency: options.concurrency, rate: options.rate,
            makeWorker: { _ in try target.remote(timeout: options.timeout).0 },
            send: { remote, index in
                let row = chosen[index]
                return try remote.issueToken(pseudonym: row.pseudonym, activationCode: row.code, district: row.district,
                                             blindedMessage: prepared[index].blindedMessage)
            },
            check: { index, blindSignature in
                let request = prepared[index]
                do {
                    tokens.set(index, try request.finalize(blindSignature: blindSignature, tokenKey: context.tokenKeys[request.district]!))
                } catch {
                    throw RequestFailure(code: ClientError.badToken, reason: "the blind signature for voter \(index + 1) does not verify under its district's token key")
                }
            })
        Report.phase(issuance)

        guard options.ballots else {
            print("tokens only (--no-ballots): no ballot prepared in \(safe(options.work))")
            return issuance.failed == 0 ? 0 : 3
        }
        // Untimed: encrypt a ballot with random valid choices for every voter who has a token,
        // with fixed-base tables for G and the joint key (variable time, which is fine for a load
        // generator's throw-away ballots; a real voter's client encrypts through libcrypto).
        let ready = (0..<chosen.count).compactMap { index in tokens.get(index).map { (index, $0) } }
        let tables = try EncryptionTables(jointKey: context.jointKey)
        let encryptStart = nowNanos()
        let encrypted = parallelMap("encrypting", count: ready.count) { slot -> [UInt8] in
            let (index, token) = ready[slot]
            let district = prepared[index].district
            let (ballot, _) = try BallotBuilder.encrypt(election: context, district: district,
                                                        choices: randomChoices(context.manifest, district: district),
                                                        credential: prepared[index].credential, token: token, tables: tables)
            return try CanonicalJSON.encode(ballot)
        }
        let encryptSeconds = Double(nowNanos() - encryptStart) / 1e9
        var lines: [UInt8] = []
        var written = 0
        for result in encrypted {
            let bytes = try result.get()
            lines += bytes + [0x0A]
            written += 1
        }
        try writeFile(lines, WorkMeta.ballotsPath(options.work))
        let meta = WorkMeta(server: target.server, electionID: target.electionID, ledgerKey: target.context.ledgerKey, ballots: written)
        try writeFile(try CanonicalJSON.encode(meta) + [0x0A], WorkMeta.path(options.work))
        if written > 0 {
            Report.line("encrypt-client", Double(written) / encryptSeconds, "ballots/s")
        }
        print("prepared \(written) ballots in \(safe(options.work)) (encrypted in \(String(format: "%.1f", encryptSeconds)) s on \(ProcessInfo.processInfo.activeProcessorCount) cores); cast them with: urna-loadgen cast --work \(safe(options.work))")
        return issuance.failed == 0 ? 0 : 3
    }

    /// Random valid choices: per contest, a random number of selections within its range.
    static func randomChoices(_ manifest: Manifest, district: String) -> [String: Set<String>] {
        var choices: [String: Set<String>] = [:]
        for contest in manifest.contests(inDistrict: district) {
            let count = Int.random(in: contest.min...min(contest.max, contest.candidates.count))
            choices[contest.id] = Set(contest.candidates.map(\.id).shuffled().prefix(count))
        }
        return choices
    }

    /// The work folder must be new or empty of a previous run's ballots (their tokens are spent).
    static func refuseUsedWorkFolder(_ work: String) throws {
        if FileManager.default.fileExists(atPath: WorkMeta.path(work)) || FileManager.default.fileExists(atPath: WorkMeta.ballotsPath(work)) {
            throw LoadgenError("\(safe(work)) already holds prepared ballots (their tokens are issued); give a new --work folder")
        }
    }

    static func createWorkFolder(_ work: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch {
            throw LoadgenError("cannot create the work folder \(safe(work)): \(error.localizedDescription)")
        }
    }

    static func writeFile(_ bytes: [UInt8], _ path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw LoadgenError("cannot write \(safe(path))")
        }
    }
}

/// Each voter's token, set once by the worker that obtained it.
final class TokenSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Ballot.Token?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ token: Ballot.Token) { lock.withLock { slots[index] = token } }
    func get(_ index: Int) -> Ballot.Token? { lock.withLock { slots[index] } }
}
