import Foundation
import UrnaLedger

/// The independent verifier of an Urna election record (`Specs/verification.md`).
///
/// ```swift
/// let report = try Scrutineer.verify(path: "demo/election.db")
/// print(report.renderText())
/// exit(report.isValid ? 0 : 1)
/// ```
public enum Scrutineer {
    /// Opens a record by path: a directory or a `.jsonl` file is a JSON Lines export, a file
    /// starting with the SQLite header is a public `election.db`.
    public static func openSource(path: String) throws -> any RecordSource {
        if path.hasPrefix("http://") || path.hasPrefix("https://") {
            throw VerifierError(.unreadable, "\(path): reading from a service's URL comes with the HTTP service")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VerifierError(.unreadable, "\(path) does not exist")
        }
        if isDirectory.boolValue {
            // An export directory, or an election directory holding its public election.db.
            let url = URL(fileURLWithPath: path)
            let database = url.appendingPathComponent("election.db").path
            if !FileManager.default.fileExists(atPath: url.appendingPathComponent(LedgerExport.entriesFileName).path),
               FileManager.default.fileExists(atPath: database) {
                return try SQLiteRecordSource(path: database)
            }
            return try JSONLRecordSource(path: path)
        }
        if path.hasSuffix(".jsonl") { return try JSONLRecordSource(path: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw VerifierError(.unreadable, "cannot read \(path)") }
        let header = (try? handle.read(upToCount: 16)) ?? nil
        try? handle.close()
        if let header, header == Data("SQLite format 3\u{0}".utf8) { return try SQLiteRecordSource(path: path) }
        if let first = header?.first, first == UInt8(ascii: "{") { return try JSONLRecordSource(path: path) }
        throw VerifierError(.unreadable, "\(path) is neither an SQLite ledger nor a JSON Lines export")
    }

    /// ``verify(source:options:progress:)`` of the record at `path`.
    public static func verify(path: String, options: VerificationOptions = VerificationOptions(),
                              progress: ((VerificationProgress) -> Void)? = nil) throws -> VerificationReport {
        try verify(source: openSource(path: path), options: options, progress: progress)
    }

    /// Verifies a whole record in one streaming pass (or, with a state directory, what was
    /// appended since the last run). Throws ``VerifierError`` only if the record (or the state)
    /// cannot be read; an invalid record is a report with failures.
    public static func verify(source: any RecordSource, options: VerificationOptions = VerificationOptions(),
                              progress: ((VerificationProgress) -> Void)? = nil) throws -> VerificationReport {
        try run(source: source, options: options, progress: progress).report
    }

    /// Verifies a record in one pass and returns, with the report, the bodies a trustee acts on,
    /// taken from that same pass: the bytes that were verified are the bytes used, so a source
    /// that serves different content on a second read cannot slip a trustee anything
    /// (`Specs/election-record.md` §8.2).
    public static func verifiedRecord(source: any RecordSource, options: VerificationOptions = VerificationOptions(),
                                      progress: ((VerificationProgress) -> Void)? = nil) throws -> VerifiedRecord {
        let (report, verifier) = try run(source: source, options: options, progress: progress)
        return VerifiedRecord(report: report, state: verifier.state, jointKey: verifier.publishedJointKey,
                              tally: verifier.publishedTally)
    }

    static func run(source: any RecordSource, options: VerificationOptions,
                    progress: ((VerificationProgress) -> Void)?) throws -> (report: VerificationReport, verifier: RecordVerifier) {
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        let notes = try source.checkpointNotes()
        let publishedKey = try source.publishedVerifierKey()
        let total = progress == nil ? nil : (try? source.estimatedEntryCount()) ?? nil
        let saved = try options.stateDirectory.flatMap { try StateStore.load($0) }

        func run(resume saved: VerifierState?) throws -> (RecordVerifier, VerificationReport.Resumption?, Bool) {
            let verifier = RecordVerifier(options: options, checkpointNotes: notes, publishedKey: publishedKey)
            verifier.start()
            let reader = PrefetchingReader(try source.entries(from: 0), chunkSize: max(1, options.chunkSize))
            defer { reader.cancel() }
            func report() {
                progress?(VerificationProgress(entries: verifier.state.position, totalEntries: total,
                                               ballots: verifier.state.ballotsVerified, elapsedSeconds: elapsed(),
                                               replaying: verifier.replaying))
            }
            var resumption: VerificationReport.Resumption?
            var pending: [RecordItem] = []
            if let saved, saved.position > 0 {
                // Re-hash what the last run verified, then compare.
                verifier.replaying = true
                while verifier.state.position < saved.position {
                    let items = try reader.next()
                    if items.isEmpty { break }
                    let take = min(items.count, Int(clamping: saved.position - verifier.state.position))
                    verifier.process(Array(items[..<take]))
                    pending = Array(items[take...])
                    report()
                }
                verifier.replaying = false
                guard verifier.checkResumption(saved) else { return (verifier, nil, false) }
                try verifier.adopt(saved)
                verifier.checkCheckpointSignatures(electionKey: verifier.election?.ledgerKey)
                resumption = VerificationReport.Resumption(resumedAt: saved.position, rememberedCheckpoint: saved.checkpoint?.size)
            }
            if !pending.isEmpty { verifier.process(pending) }
            while true {
                let items = try reader.next()
                if items.isEmpty { break }
                verifier.process(items)
                report()
            }
            verifier.finish()
            if let remembered = saved?.checkpoint {
                checkConsistencyProof(verifier, remembered: remembered, source: source)
            }
            return (verifier, resumption, true)
        }

        var (verifier, resumption, consistent) = try run(resume: saved)
        if !consistent {
            // Rewritten or truncated: keep the alarm, verify the record as it is now from scratch,
            // and keep the remembered state (so the alarm stays until someone looks).
            let alarms = verifier.state.failures.filter { $0.check == .consistency }
            (verifier, resumption, _) = try run(resume: nil)
            for alarm in alarms { verifier.fail(alarm.check, alarm.seq, alarm.reason) }
        } else if let directory = options.stateDirectory {
            try StateStore.save(verifier.snapshot(), record: source.name, to: directory)
        }
        var report = verifier.report(record: source.name, elapsed: elapsed(), resumption: resumption)
        report.describeLedgerKey(ledgerKeySource(options: options, publishedKey: publishedKey, trusted: report.ledgerKey,
                                                 source: source))
        report.contests = verifier.election?.manifest.contests.map { contest in
            VerificationReport.ContestNames(id: contest.id, title: contest.title,
                                            candidates: contest.candidates.map { .init(id: $0.id, name: $0.name) })
        }
        return (report, verifier)
    }

    /// Where the trusted ledger key came from: `--ledger-key`, else the election entry's key,
    /// named after the published copy beside the record when that copy matches it.
    static func ledgerKeySource(options: VerificationOptions, publishedKey: String?, trusted: String?,
                                source: any RecordSource) -> LedgerKeySource {
        if options.trustedLedgerKey != nil { return .option }
        guard let publishedKey, publishedKey == trusted else { return .electionEntry }
        return source is SQLiteRecordSource ? .databaseMeta : .vkeyFile
    }

    /// With stored tree nodes (an `election.db`), checks the RFC 9162 consistency proof from the
    /// remembered checkpoint to the record's latest valid one, the proof an observer following a
    /// live log would be served (`ledger.consistency`).
    static func checkConsistencyProof(_ verifier: RecordVerifier, remembered: RememberedCheckpoint, source: any RecordSource) {
        guard remembered.size > 0, let latest = verifier.state.checkpoint, latest.size >= remembered.size,
              let reader = try? source.subtreeReader() else { return }
        func proof<R: MerkleSubtreeReader>(_ reader: R) throws -> [[UInt8]] {
            try MerkleProver(reader: reader, size: latest.size).consistencyProof(oldSize: remembered.size, newSize: latest.size)
        }
        do {
            let path = try proof(reader)
            try MerkleVerifier.verifyConsistency(oldSize: remembered.size, newSize: latest.size, oldRoot: remembered.root.bytes,
                                                 newRoot: latest.root.bytes, proof: path)
            verifier.pass(.consistency)
        } catch {
            verifier.fail(.consistency, latest.size - 1,
                          "no valid consistency proof from the remembered checkpoint (size \(remembered.size)) to size \(latest.size): \(error)")
        }
    }
}
