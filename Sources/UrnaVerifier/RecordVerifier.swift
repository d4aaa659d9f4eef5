import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The streaming verifier of one record (`Specs/verification.md` §2). Feed it the source's items
/// in order (``process(_:)``), then ``finish()``; every rule of `Specs/election-record.md` and
/// `Specs/ledger.md` is checked as the entries go by, keeping only the state of
/// ``VerifierState``. Ballots of a chunk are verified on every core, their proofs batched.
final class RecordVerifier {
    let options: VerificationOptions
    var state = VerifierState()
    var frontier = MerkleFrontier()

    /// Checkpoints the source holds, in its order (oldest first).
    var checkpoints: [SourceCheckpoint] = []
    /// Indices of ``checkpoints`` by size, ascending; `nextCheckpoint` is the first not yet reached.
    var checkpointOrder: [Int] = []
    var nextCheckpoint = 0
    /// The key the source publishes beside its entries (`ledger.vkey`, `meta.verifier_key`), if it
    /// parses as a verifier key; ``publishedKeyText`` is what the source handed out.
    let publishedKey: String?
    let publishedKeyText: String?
    var checkpointSignaturesChecked = false

    // Derived from the state (rebuilt on resume, never saved).
    var election: ElectionBody?
    var setupDigest: [UInt8]?
    var context: ElectionContext?
    /// The districts' token keys, imported once per record (from the election entry).
    var tokenKeys: [String: BlindRSAPublicKey] = [:]
    var aggregates: [String: [ElGamalAccumulator]] = [:]

    /// True while re-hashing entries an earlier run verified (ledger checks only, not counted).
    var replaying = false

    /// The last position whose leaf is a placeholder (a malformed item): nodes above it cannot be recomputed.
    var lastPlaceholderLeaf: UInt64?

    struct SourceCheckpoint {
        let note: String
        let checkpoint: Checkpoint?
        var signatureValid: Bool?
        var rootMatched: Bool?
    }

    init(options: VerificationOptions, checkpointNotes: [String], publishedKey: String?) {
        self.options = options
        self.publishedKeyText = publishedKey
        self.publishedKey = publishedKey.flatMap { (try? CheckpointVerifier(verifierKey: $0)) == nil ? nil : $0 }
        for note in checkpointNotes {
            checkpoints.append(SourceCheckpoint(note: note, checkpoint: try? Checkpoint(signedNote: note)))
        }
        checkpointOrder = checkpoints.indices.filter { checkpoints[$0].checkpoint != nil }
            .sorted { (checkpoints[$0].checkpoint?.size ?? 0, $0) < (checkpoints[$1].checkpoint?.size ?? 0, $1) }
    }

    /// Reports the checkpoints that do not parse and sizes that decrease; then the size-0 roots.
    func start() {
        var largest: UInt64 = 0
        for (index, item) in checkpoints.enumerated() {
            guard let checkpoint = item.checkpoint else {
                fail(.checkpointSignature, nil, "checkpoint note \(index + 1) of the record is not a checkpoint: \(Self.noteProblem(item.note))")
                continue
            }
            if checkpoint.size < largest {
                fail(.truncation, checkpoint.size == 0 ? nil : checkpoint.size - 1,
                     "checkpoint \(index + 1) has size \(checkpoint.size), smaller than an earlier one (\(largest))")
            } else {
                pass(.truncation)
            }
            largest = max(largest, checkpoint.size)
        }
        compareCheckpointRoots()
    }

    /// Why a note does not parse as a checkpoint.
    static func noteProblem(_ note: String) -> String {
        if let reason = UnusableSourceText.reason(note) { return reason }
        do {
            _ = try Checkpoint(signedNote: note)
            return "it does not parse"
        } catch let error as LedgerError {
            return error.reason
        } catch {
            return "\(error)"
        }
    }

    // MARK: - Outcome bookkeeping

    func pass(_ check: Check, _ count: Int = 1) {
        guard !replaying, count > 0 else { return }
        state.passed[check, default: 0] += count
    }

    func fail(_ check: Check, _ seq: UInt64?, _ reason: String) {
        state.failed[check, default: 0] += 1
        state.failureCount += 1
        if state.failures.count < options.maxReportedFailures {
            state.failures.append(VerificationReport.Failure(check: check, seq: seq, reason: reason))
        }
    }

    // MARK: - The stream

    /// Processes a chunk of items in order. Ballots and spoiled ballots are verified in parallel
    /// first (against the election as it stands at the start of their run of entries).
    func process(_ items: [RecordItem]) {
        var index = 0
        while index < items.count {
            if !replaying, let context, isBallot(items[index]) {
                // The run: ballots, and the issuance entries between them (which never change the
                // election context), so that a whole chunk's ballots are batched together.
                var end = index
                while end < items.count, isBallot(items[end]) || isIssuance(items[end]) { end += 1 }
                var positions: [Int] = []
                var entries: [RecordEntry] = []
                for position in index..<end {
                    if case .entry(let entry) = items[position], isBallot(items[position]) {
                        positions.append(position)
                        entries.append(entry)
                    }
                }
                let verifier = BallotVerifier(context: context, batched: options.batchProofs)
                let outcomes = Parallel.mapSlices(entries, workers: options.workers, minimumSlice: 16) { verifier.verify($0) }
                // One outcome per ballot entry, in order; the issuance entries take the usual path.
                var next = 0
                for position in index..<end {
                    guard next < positions.count, positions[next] == position, next < outcomes.count else {
                        if let entry = ledgerStage(items[position]) { dispatch(entry) }
                        continue
                    }
                    let outcome = outcomes[next]
                    next += 1
                    guard let entry = ledgerStage(items[position], precomputedHash: outcome.entryHash) else { continue }
                    apply(outcome, admitted: admit(entry) != nil)
                }
                index = end
            } else {
                if let entry = ledgerStage(items[index]), !replaying {
                    dispatch(entry)
                }
                index += 1
            }
        }
    }

    private func isIssuance(_ item: RecordItem) -> Bool {
        guard case .entry(let entry) = item else { return false }
        return entry.kind == EntryKind.issuance.rawValue
    }

    private func isBallot(_ item: RecordItem) -> Bool {
        guard case .entry(let entry) = item else { return false }
        return entry.kind == EntryKind.ballot.rawValue || entry.kind == EntryKind.spoiled.rawValue
    }

    /// Checks the entry's kind against the phase, then handles its body.
    func dispatch(_ entry: RecordEntry) {
        guard let kind = admit(entry) else {
            if entry.kind == EntryKind.ballot.rawValue || entry.kind == EntryKind.spoiled.rawValue {
                // Out of phase: still checked as a ballot (reported), never counted.
                apply(verifySingle(entry), admitted: false)
            }
            return
        }
        switch kind {
        case .election: handleElection(entry)
        case .open: checkRollComplete(entry)  // body checked by admit
        case .ceremony, .close: break  // bodies checked by admit
        case .roll: handleRoll(entry)
        case .trusteePledge: handlePledge(entry)
        case .trusteeCommitment: handleCommitment(entry)
        case .complaint: handleComplaint(entry)
        case .trusteeCheck: handleCheck(entry)
        case .jointKey: handleJointKey(entry)
        case .issuance: handleIssuance(entry)
        case .ballot, .spoiled: apply(verifySingle(entry), admitted: true)
        case .tally: handleTally(entry)
        case .tallyShare: handleTallyShare(entry)
        case .result: handleResult(entry)
        }
    }

    /// A ballot verified on its own (outside a parallel run, or without an election context).
    func verifySingle(_ entry: RecordEntry) -> BallotOutcome {
        guard let context else {
            var outcome = BallotOutcome(seq: entry.seq, spoiled: entry.kind == EntryKind.spoiled.rawValue)
            outcome.failure = (.ballotShape, "no election context to check the ballot against (no valid election and joint-key entries before it)")
            return outcome
        }
        return BallotVerifier(context: context, batched: options.batchProofs).verify([entry][...])[0]
    }

    // MARK: - Ledger stage (Specs/ledger.md §2–§4)

    /// Checks an item's form, hash and link, extends the tree, and checks every checkpoint the
    /// tree reaches. Returns the entry if it decoded.
    func ledgerStage(_ item: RecordItem, precomputedHash: [UInt8]? = nil) -> RecordEntry? {
        switch item {
        case .malformed(let seq, let reason, _):
            fail(.entryFormat, seq ?? state.expectedSeq, reason)
            state.linkHead = nil
            state.expectedSeq = (seq ?? state.expectedSeq) &+ 1
            appendLeaf(hash: Entry.genesisPrev, stored: item.storedNodes, placeholder: true)
            return nil
        case .entry(let raw):
            if raw.seq != state.expectedSeq {
                fail(.chain, raw.seq, "expected entry \(state.expectedSeq) here, found entry \(raw.seq)"
                     + (raw.seq < state.expectedSeq ? " (repeated or out of order)" : " (entries missing)"))
            }
            if let problem = Self.fieldProblem(raw) {
                fail(.entryFormat, raw.seq, problem)
                state.linkHead = nil
                state.expectedSeq = raw.seq &+ 1
                appendLeaf(hash: precomputedHash ?? Entry.computeHash(seq: raw.seq, kind: raw.kind, time: raw.time,
                                                                      prev: raw.prev, body: raw.body),
                           stored: raw.storedNodes)
                return nil
            }
            pass(.entryFormat)
            let computed = precomputedHash
                ?? Entry.computeHash(seq: raw.seq, kind: raw.kind, time: raw.time, prev: raw.prev, body: raw.body)
            if raw.hash == computed {
                pass(.entryHash)
            } else {
                fail(.entryHash, raw.seq, "stored hash \(raw.hash.hex.prefix(16))… is not the hash of the entry's fields (\(computed.hex.prefix(16))…)")
            }
            if raw.seq == state.expectedSeq {
                if let head = state.linkHead, raw.prev != head.bytes {
                    fail(.chain, raw.seq, "prev \(raw.prev.hex.prefix(16))… is not the hash of entry \(raw.seq &- 1) (\(head.hex.prefix(16))…)")
                } else if let last = state.lastTime, raw.time < last {
                    fail(.chain, raw.seq, "time \(raw.time) is earlier than the previous entry's (\(last)): times never decrease")
                } else {
                    pass(.chain)
                }
            }
            state.lastTime = raw.time
            state.linkHead = HexBytes(raw.hash)
            state.expectedSeq = raw.seq &+ 1
            appendLeaf(hash: computed, stored: raw.storedNodes)
            return raw
        }
    }

    /// The field rules of `Specs/ledger.md` §2.1 (what `Entry` enforces), without hashing.
    static func fieldProblem(_ raw: RecordEntry) -> String? {
        guard raw.seq <= UInt64(Int64.max) else { return "entry \(raw.seq): seq exceeds 2^63-1" }
        do {
            try Entry.validateKind(raw.kind)
        } catch let error as LedgerError {
            return "entry \(raw.seq): \(error.reason)"
        } catch {
            return "entry \(raw.seq): \(error)"
        }
        guard raw.time >= 0 else { return "entry \(raw.seq): time \(raw.time) is negative" }
        guard raw.body.count <= Entry.maxBodySize else {
            return "entry \(raw.seq): body has \(raw.body.count) bytes, more than \(Entry.maxBodySize)"
        }
        guard raw.prev.count == Entry.hashSize, raw.hash.count == Entry.hashSize else {
            return "entry \(raw.seq): prev and hash must be 32 bytes"
        }
        return nil
    }

    private func appendLeaf(hash: [UInt8], stored: StoredNodes?, placeholder: Bool = false) {
        let position = state.position
        let finished = frontier.append(leafHash: MerkleHash.leaf(hash))
        state.position += 1
        state.chainHead = HexBytes(hash)
        if placeholder { lastPlaceholderLeaf = position }
        if let stored { checkStoredNodes(finished, stored, position: position) }
        compareCheckpointRoots()
    }

    /// Compares every checkpoint whose size the tree has reached with the recomputed root and
    /// chain head (`ledger.merkle-root`).
    func compareCheckpointRoots() {
        while nextCheckpoint < checkpointOrder.count {
            let index = checkpointOrder[nextCheckpoint]
            guard let checkpoint = checkpoints[index].checkpoint, checkpoint.size <= state.position else { return }
            nextCheckpoint += 1
            let seq = checkpoint.size == 0 ? nil : checkpoint.size - 1
            let root = frontier.root
            if root != checkpoint.root {
                checkpoints[index].rootMatched = false
                fail(.merkleRoot, seq, "checkpoint of size \(checkpoint.size) has root \(checkpoint.root.hex.prefix(16))…; the entries give \(root.hex.prefix(16))…")
            } else if checkpoint.chainHead != state.chainHead.bytes {
                checkpoints[index].rootMatched = false
                fail(.merkleRoot, seq, "checkpoint of size \(checkpoint.size) names chain head \(checkpoint.chainHead.hex.prefix(16))…; entry \(checkpoint.size &- 1) has hash \(state.chainHead.hex.prefix(16))…")
            } else {
                checkpoints[index].rootMatched = true
                // Counted even while replaying: checkpoints are checked afresh on every run.
                state.passed[.merkleRoot, default: 0] += 1
            }
        }
    }

    /// Verifies every checkpoint's signature under the ledger key (`ledger.checkpoint-signature`).
    /// Called once the key is known (after the election entry), or at the end.
    func checkCheckpointSignatures(electionKey: String?) {
        guard !checkpointSignaturesChecked else { return }
        checkpointSignaturesChecked = true
        let trusted = options.trustedLedgerKey
        if let trusted, let electionKey, trusted != electionKey {
            fail(.checkpointSignature, 0, "the election's ledger_key \(electionKey) is not the trusted key \(trusted)")
        }
        // The published copy (Specs/verification.md §1): required unless the observer trusts a
        // key of its own; if present it must parse and equal the ledger key.
        let published = publishedKey
        if let text = publishedKeyText, let reason = UnusableSourceText.reason(text) {
            fail(.checkpointSignature, nil, "the record's published ledger key is unusable: \(reason)")
        } else if let text = publishedKeyText, published == nil {
            fail(.checkpointSignature, nil, "the record's published ledger key \(text.debugDescription.prefix(120)) does not parse as a verifier key")
        } else if publishedKeyText == nil, trusted == nil {
            fail(.checkpointSignature, nil, "no published key: the record publishes no ledger key (ledger.vkey, meta.verifier_key) and none was given to trust")
        }
        guard let key = trusted ?? electionKey ?? published else {
            fail(.checkpointSignature, nil, "no ledger key to check checkpoints with (no election entry, no published key)")
            return
        }
        if let published, published != key {
            fail(.checkpointSignature, nil, "the record publishes ledger key \(published), not the election's \(key)")
        }
        let verifier: CheckpointVerifier
        do {
            verifier = try CheckpointVerifier(verifierKey: key)
        } catch {
            fail(.checkpointSignature, 0, "the ledger key \(key) does not parse: \(error)")
            return
        }
        if checkpoints.isEmpty {
            fail(.checkpointSignature, nil, "no signed checkpoint: the record holds none (the commission must publish one)")
        }
        for index in checkpoints.indices {
            guard let checkpoint = checkpoints[index].checkpoint else { continue }
            let seq = checkpoint.size == 0 ? nil : checkpoint.size - 1
            do {
                _ = try verifier.verifiedCheckpoint(checkpoints[index].note)
                checkpoints[index].signatureValid = true
                state.passed[.checkpointSignature, default: 0] += 1
            } catch let error as LedgerError {
                checkpoints[index].signatureValid = false
                fail(.checkpointSignature, seq, "checkpoint of size \(checkpoint.size): \(error.reason)")
            } catch {
                checkpoints[index].signatureValid = false
                fail(.checkpointSignature, seq, "checkpoint of size \(checkpoint.size): \(error)")
            }
        }
    }

    /// The latest checkpoint that is signed and matches the entries.
    var latestValidCheckpoint: RememberedCheckpoint? {
        for index in checkpointOrder.reversed() {
            let item = checkpoints[index]
            guard let checkpoint = item.checkpoint, item.signatureValid == true, item.rootMatched == true else { continue }
            return RememberedCheckpoint(size: checkpoint.size, root: HexBytes(checkpoint.root),
                                        chainHead: HexBytes(checkpoint.chainHead), note: item.note)
        }
        return nil
    }

    /// The largest checkpoint size the source claims.
    var latestCheckpointSize: UInt64? {
        checkpointOrder.last.flatMap { checkpoints[$0].checkpoint?.size }
    }
}
