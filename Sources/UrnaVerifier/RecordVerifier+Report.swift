import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The end of a stream, the report, and the state an incremental run saves and resumes.
extension RecordVerifier {
    /// The checks that can only run once the whole record has been read.
    func finish() {
        checkCheckpointSignatures(electionKey: election?.ledgerKey)
        for index in checkpointOrder[nextCheckpoint...] {
            guard let checkpoint = checkpoints[index].checkpoint else { continue }
            checkpoints[index].rootMatched = false
            fail(.truncation, state.position,
                 "a checkpoint covers \(checkpoint.size) entries but the record holds only \(state.position): entries were removed")
        }
        nextCheckpoint = checkpointOrder.count
        // Issuance is final before close (§4.6), so the comparison waits for it.
        checkDistrictCounts()
        state.checkpoint = latestValidCheckpoint
        // Every entry must be covered by a signed checkpoint that matches: an unsigned tail (say a
        // tally, shares and result after the last checkpoint) is vouched for by no one.
        let covered = state.checkpoint?.size ?? 0
        if covered < state.position {
            fail(.coverage, covered, "entries \(covered)…\(state.position - 1) are covered by no signed checkpoint that matches the entries"
                 + (state.checkpoint.map { " (the latest valid one has size \($0.size))" } ?? ""))
        } else {
            pass(.coverage)
        }
    }

    func report(record: String, elapsed: Double, resumption: VerificationReport.Resumption?) -> VerificationReport {
        var report = VerificationReport(record: record)
        report.electionID = election?.manifest.electionID
        report.title = election?.manifest.title
        report.identityKeys = election.map(VerificationReport.identityKeys(of:))
        report.phase = state.phase?.rawValue
        report.ledgerKey = options.trustedLedgerKey ?? election?.ledgerKey ?? publishedKey
        report.entries = state.position
        if let checkpoint = state.checkpoint {
            report.checkpoint = VerificationReport.CheckpointInfo(size: checkpoint.size, root: checkpoint.root.hex,
                                                                   note: checkpoint.note)
        }
        for index in report.checks.indices {
            let check = report.checks[index].check
            report.checks[index].passed = state.passed[check] ?? 0
            report.checks[index].failed = state.failed[check] ?? 0
        }
        report.failures = state.failures.sorted { ($0.seq ?? 0, $0.check) < ($1.seq ?? 0, $1.check) }
        report.failureCount = state.failureCount
        if let election {
            report.districts = election.manifest.districts.compactMap { district in
                guard var figures = state.districts[district.id] else { return nil }
                figures.results = state.recomputedResult?.districts[district.id]?.contests
                return figures
            }
        }
        report.recomputedResult = state.recomputedResult
        report.publishedResult = state.publishedResult
        report.resumption = resumption
        report.elapsedSeconds = elapsed
        report.ballotsVerified = state.ballotsVerified
        return report
    }

    // MARK: - Incremental runs (Specs/verification.md §5)

    /// The state to save: ``state`` with the frontier and aggregates written into it.
    func snapshot() -> VerifierState {
        var saved = state
        saved.frontier = frontier.hashes.map(HexBytes.init)
        saved.aggregates = aggregates.mapValues { ElGamalAccumulator.ciphertexts($0).map(StoredCiphertext.init) }
        return saved
    }

    /// After re-hashing the entries an earlier run verified: are they the same entries?
    /// Records `ledger.consistency` and returns false on a rewrite or truncation.
    func checkResumption(_ saved: VerifierState) -> Bool {
        guard state.position >= saved.position else {
            fail(.consistency, state.position,
                 "the record holds \(state.position) entries but \(saved.position) were verified before: it was truncated")
            return false
        }
        guard frontier.hashes == saved.frontier.map(\.bytes), state.chainHead == saved.chainHead else {
            fail(.consistency, saved.position == 0 ? nil : saved.position - 1,
                 "the first \(saved.position) entries are not the ones verified before (their Merkle tree differs): the record was rewritten")
            return false
        }
        if let remembered = saved.checkpoint, let latest = latestCheckpointSize, latest < remembered.size {
            fail(.consistency, nil,
                 "the record's latest checkpoint has size \(latest), older than the checkpoint of size \(remembered.size) verified before")
        } else {
            state.passed[.consistency, default: 0] += 1
        }
        return true
    }

    /// The checks made afresh on every run (they concern the source's current checkpoints).
    static let perRunChecks: Set<Check> = [.checkpointSignature, .merkleRoot, .truncation, .consistency, .coverage,
                                           .storedNodes, .districtCountedLEIssued]

    /// Takes over a saved state once ``checkResumption(_:)`` has accepted it: the saved results,
    /// with this run's checkpoint checks in place of the saved ones.
    func adopt(_ saved: VerifierState) throws {
        var merged = saved
        for check in Self.perRunChecks {
            merged.passed[check] = state.passed[check]
            merged.failed[check] = state.failed[check]
        }
        merged.failures = saved.failures.filter { !Self.perRunChecks.contains($0.check) }
            + state.failures.filter { Self.perRunChecks.contains($0.check) }
        merged.failureCount = merged.failed.values.reduce(0, +)
        merged.frontier = []
        merged.aggregates = [:]
        let restored = try SavedFrontier(size: saved.position, hashes: saved.frontier.map(\.bytes)).frontier()
        state = merged
        frontier = restored
        aggregates = [:]
        for (district, sums) in saved.aggregates { aggregates[district] = sums.map { ElGamalAccumulator($0.ciphertext) } }
        if let bytes = state.electionBody?.bytes, let body = try? CanonicalJSON.decode(ElectionBody.self, from: bytes),
           let keys = try? ElectionContext.importTokenKeys(body) {
            tokenKeys = keys
            adoptElection(body, bodyBytes: bytes)
            if let jointKey = state.jointKey?.point {
                context = try? ElectionContext(body: body, bodyBytes: bytes, tokenKeys: keys, jointKey: jointKey)
            }
        }
    }
}
