import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord
import UrnaRegistrar
import UrnaTrustee

/// A synthetic election record for `Tools/bench verify`: one contest of `candidates`
/// candidates (vote for at most 1) in each of `districts` districts, `ballots` ballots, three
/// trustees (threshold 2), issuance batches of 64, checkpoints every 1,000 entries and at each
/// phase change, then tally, two decryption shares and the result. Generated on every core and
/// cached under /tmp by its parameters, so reruns only verify.
///
/// The generator is fast (`BenchGenerate*.swift`): token keys of 512-bit primes
/// (``RSAManyPrimeSigner``: same size, same public key and verification, a private operation
/// about four times cheaper than two primes, throw-away keys), tokens signed directly, fixed-base tables for G and the
/// joint key (variable time, acceptable for a benchmark's throw-away ballots), and ballots made on
/// every core ahead of the single writer. `URNA_BENCH_GENERATE_BASELINE=1` generates as before
/// (two-prime keys signing blindly, libcrypto encryption, making and writing in turn), into its own directory.
struct BenchRecord {
    let ballots: Int
    let candidates: Int
    let districts: Int
    let tokenBits: Int
    var baseline = ProcessInfo.processInfo.environment["URNA_BENCH_GENERATE_BASELINE"] == "1"

    static let origin = "urna.bench/verify"
    /// 3: multi-prime token keys and table-made ballots; 4: many-prime (512-bit primes) token
    /// keys signing directly (the record's form is unchanged throughout).
    static let formatVersion = 4

    init(ballots: Int, candidates: Int, districts: Int, tokenBits: Int) {
        self.ballots = ballots
        self.candidates = candidates
        self.districts = districts
        self.tokenBits = tokenBits
    }

    var directory: String {
        "/tmp/urna-bench-verify-v\(Self.formatVersion)-\(ballots)b-\(candidates)c-\(districts)d-rsa\(tokenBits)"
            + (baseline ? "-baseline" : "")
    }
    var databasePath: String { directory + "/election.db" }
    private var marker: String { directory + "/complete" }

    /// The record's database, generated first if no complete one is cached.
    func ensure() throws -> String {
        if FileManager.default.fileExists(atPath: marker) { return databasePath }
        return try regenerate().path
    }

    /// Generates the record afresh (replacing any cached one) and returns its database and the
    /// seconds the generation took.
    @discardableResult
    func regenerate() throws -> (path: String, seconds: Double) {
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let started = DispatchTime.now().uptimeNanoseconds
        try generate()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        try Data(String(format: "generated in %.1f s\n", elapsed).utf8).write(to: URL(fileURLWithPath: marker))
        log(String(format: "generated %d ballots in %.1f s (%.0f ballots/s%@) into %@", ballots, elapsed,
                   Double(ballots) / elapsed, baseline ? ", baseline generator" : "", directory))
        return (databasePath, elapsed)
    }

    private func log(_ line: String) {
        FileHandle.standardError.write(Data("bench verify: \(line)\n".utf8))
    }

    private func generate() throws {
        let contest = Manifest.Contest(
            id: "mayor", title: "Mayor", min: 0, max: 1,
            candidates: (0..<candidates).map { Manifest.Candidate(id: "c\($0)", name: "Candidate \($0)") })
        let districtIDs = (1...districts).map { "d\($0)" }
        let manifest = try Manifest(electionID: "bench", title: "Verification benchmark", contests: [contest],
                                    districts: districtIDs.map { Manifest.District(id: $0, name: "District \($0)", contests: ["mayor"]) })
        let tokenKeys: [String: any BenchTokenSigner] = try Dictionary(uniqueKeysWithValues: districtIDs.map {
            ($0, try baseline ? BlindRSAPrivateKey.generate(bits: tokenBits) as any BenchTokenSigner
                : RSAManyPrimeSigner(bits: tokenBits, primes: tokenBits / RSAManyPrimeSigner.benchPrimeBits))
        })
        let signer = try CheckpointSigner(origin: Self.origin, privateKey: Ed25519PrivateKey())
        var keyFiles = try (1...3).map { try TrusteeKeyFile.create(name: "t\($0)") }
        // Voter v votes in district v mod districts (makeBallots), so district i has this many voters.
        var registrar = try RegistrarKeyFile.simulated(voters: districtIDs.enumerated().map { index, id in
            (id, ballots / districts + (index < ballots % districts ? 1 : 0))
        })
        let election = try ElectionBody(
            manifest: manifest, ledgerKey: signer.verifierKey,
            tokenKeys: tokenKeys.mapValues { Base64.encode($0.publicKey.spkiDER) },
            trustees: keyFiles.enumerated().map { $0.element.publicInfo.trustee(index: $0.offset + 1) }, threshold: 2,
            registrar: registrar.publicInfo)
        let electionBytes = try CanonicalJSON.encode(election)

        var configuration = LedgerStore.Configuration()
        configuration.checkpointPolicy = .init(signer: signer, maxEntries: 1000, maxMilliseconds: nil)
        let store = try LedgerStore.open(path: databasePath, origin: Self.origin, configuration: configuration)
        defer { store.close() }
        func append(_ kind: EntryKind, _ bodies: [[UInt8]], checkpoint: Bool = false) throws {
            _ = try store.appendAndWait(try bodies.map { try EntryDraft(kind: kind.rawValue, body: $0) })
            if checkpoint { _ = try store.makeCheckpointAndWait(signer: signer) }
        }
        try append(.election, [electionBytes], checkpoint: true)
        try append(.roll, try registrar.rollEntryBodies(electionBodyBytes: electionBytes), checkpoint: true)
        // Letters per district, in voter order: voter v is the (v / districts)-th of its district.
        var letters: [String: [VoterLetter]] = [:]
        for (_, letter) in try registrar.letters(electionID: manifest.electionID) { letters[letter.district, default: []].append(letter) }
        try append(.ceremony, [try CanonicalJSON.encode(PhaseBody(phase: .keyCeremony))], checkpoint: true)
        var pledges: [TrusteePledgeBody] = []
        for index in keyFiles.indices {
            pledges.append(try keyFiles[index].pledge(electionBodyBytes: electionBytes))
            try append(.trusteePledge, [try CanonicalJSON.encode(pledges[index])])
        }
        var commitments: [Int: TrusteeCommitmentBody] = [:]
        for index in keyFiles.indices {
            commitments[index + 1] = try keyFiles[index].commit(electionBodyBytes: electionBytes, pledges: pledges)
            try append(.trusteeCommitment, [try CanonicalJSON.encode(commitments[index + 1])])
        }
        // Every trustee files its signed check (no complaints): required before the joint key.
        let ordered = commitments.keys.sorted().compactMap { commitments[$0] }
        for index in keyFiles.indices {
            let message = try keyFiles[index].check(electionBodyBytes: electionBytes, commitments: ordered)
            try append(.trusteeCheck, [try CanonicalJSON.encode(message.check)])
        }
        let jointKey = try CeremonyCheck.jointKey(election: election, commitments: commitments, disqualified: [])
        try append(.jointKey, [try CanonicalJSON.encode(jointKey)])
        try append(.open, [try CanonicalJSON.encode(PhaseBody(phase: .open))], checkpoint: true)
        let context = try ElectionContext(electionBodyBytes: electionBytes, jointKey: jointKey.jointKey)

        var accumulator = try TallyBody.Accumulator(manifest: manifest)
        let tables: EncryptionTables? = try baseline ? nil : EncryptionTables(jointKey: context.jointKey)
        if let tables, let key = tokenKeys[districtIDs[0]] as? RSAManyPrimeSigner {
            try BenchGenerateCosts.measure(context: context, district: districtIDs[0], choices: ["mayor": ["c0"]],
                                           tables: tables, manyPrimeKey: key, log: log)
        }
        let chunk = 1024
        let started = DispatchTime.now().uptimeNanoseconds
        // Issuance batches of 64 voters, each followed by their ballots.
        var writing: UInt64 = 0
        func write(_ range: Range<Int>, _ made: [(ballot: Ballot, body: [UInt8])]) throws {
            let writeStart = DispatchTime.now().uptimeNanoseconds
            defer { writing += DispatchTime.now().uptimeNanoseconds - writeStart }
            for start in stride(from: 0, to: made.count, by: 64) {
                let group = made[start..<min(made.count, start + 64)]
                var served: [VoterLetter] = []
                for (offset, ballot) in group.enumerated() {
                    let voter = range.lowerBound + start + offset
                    guard let letter = letters[ballot.ballot.district]?[voter / districts] else {
                        throw CryptoError(.invalidParameter, "no letter for voter \(voter)")
                    }
                    served.append(letter)
                }
                try append(.issuance, [try CanonicalJSON.encode(IssuanceBody(letters: served))])
                try append(.ballot, group.map(\.body))
                for item in group { try accumulator.add(item.ballot) }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            log(String(format: "generated %d/%d ballots, %.0f ballots/s, writer busy %.0f%%", range.upperBound, ballots,
                       Double(range.upperBound) / seconds, Double(writing) / 1e7 / seconds))
        }
        let make: @Sendable (Range<Int>) throws -> [(ballot: Ballot, body: [UInt8])] = { [self] range in
            try makeBallots(range, context: context, districts: districtIDs, tokenKeys: tokenKeys, tables: tables)
        }
        if baseline {
            // As before: make a chunk on every core, then write it.
            for start in stride(from: 0, to: ballots, by: chunk) {
                let range = start..<min(ballots, start + chunk)
                try write(range, try make(range))
            }
        } else {
            let pipeline = BenchGeneratePipeline(count: ballots, chunk: chunk, depth: 2, make: make)
            do {
                while let (range, made) = try pipeline.next() { try write(range, made) }
            } catch {
                pipeline.stop()
                throw error
            }
        }
        try append(.close, [try CanonicalJSON.encode(PhaseBody(phase: .closed))], checkpoint: true)
        let tally = accumulator.body
        try append(.tally, [try CanonicalJSON.encode(tally)], checkpoint: true)
        var shares: [TallyShareBody] = []
        for index in [0, 1] {
            let share = try keyFiles[index].decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: electionBytes)
            shares.append(share)
            try append(.tallyShare, [try CanonicalJSON.encode(share)])
        }
        let result = try TallyCheck.combine(tally: tally, shares: shares, threshold: 2)
        try append(.result, [try CanonicalJSON.encode(result)], checkpoint: true)
    }

    /// Voters `range` on every core: a credential, a token issued by blind signature, and a ballot
    /// for candidate `voter mod (candidates + 1)` (the last value is a blank ballot).
    private func makeBallots(_ range: Range<Int>, context: ElectionContext, districts: [String],
                             tokenKeys: [String: any BenchTokenSigner], tables: EncryptionTables?) throws -> [(ballot: Ballot, body: [UInt8])] {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let slots = BenchSlots<[(Ballot, [UInt8])]>(count: workers)
        let candidates = self.candidates
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                var made: [(Ballot, [UInt8])] = []
                for voter in range where voter % workers == worker {
                    let district = districts[voter % districts.count]
                    guard let signing = tokenKeys[district] else {
                        throw CryptoError(.invalidParameter, "no token key for \(district)")
                    }
                    let (credential, token) = try signing.token(electionID: context.manifest.electionID, district: district)
                    let choice = voter % (candidates + 1)
                    let choices: [String: Set<String>] = choice < candidates ? ["mayor": ["c\(choice)"]] : [:]
                    let ballot = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                           credential: credential, token: token, tables: tables,
                                                           selfCheck: baseline).ballot
                    made.append((ballot, try CanonicalJSON.encode(ballot)))
                }
                slots.set(worker, .success(made))
            } catch {
                slots.set(worker, .failure(error))
            }
        }
        // Back into voter order (worker w made voters w, w + workers, …).
        var perWorker = try slots.values.map { try $0.get() }
        var result: [(ballot: Ballot, body: [UInt8])] = []
        result.reserveCapacity(range.count)
        var positions = Array(repeating: 0, count: workers)
        for voter in range {
            let worker = voter % workers
            result.append(perWorker[worker][positions[worker]])
            positions[worker] += 1
        }
        perWorker.removeAll()
        return result
    }
}

/// Write-once result slots filled by worker threads.
final class BenchSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<T, any Error>) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Result<T, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(CryptoError(.invalidParameter, "a worker produced nothing")) }
    }
}
