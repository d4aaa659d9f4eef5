import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// Phases, the election entry, issuance and ballots (`Specs/election-record.md` §3–§5).
extension RecordVerifier {
    // MARK: - Phases (§3.1)

    /// Checks that an entry of this kind may come now (`phase.order`) and enters its phase.
    /// Returns the kind if the entry is to be handled, nil if it is out of place.
    func admit(_ entry: RecordEntry) -> EntryKind? {
        guard let kind = EntryKind(rawValue: entry.kind) else {
            fail(.phaseOrder, entry.seq, "'\(entry.kind)' is not an entry kind of an election record")
            return nil
        }
        if kind == .election {
            guard entry.seq == 0, state.phase == nil else {
                fail(.phaseOrder, entry.seq, "an election entry may only be entry 0")
                return nil
            }
            pass(.phaseOrder)
            state.phase = .setup
            state.lastPhaseSeq = entry.seq
            return kind
        }
        guard let phase = state.phase else {
            fail(.phaseOrder, entry.seq, "a \(kind.rawValue) entry before the election entry")
            return nil
        }
        guard phase != .published else {
            fail(.phaseOrder, entry.seq, "a \(kind.rawValue) entry after the result: nothing may follow it")
            return nil
        }
        guard Phase.allowed(for: kind).contains(phase) else {
            let allowed = Phase.allowed(for: kind).sorted().map(\.rawValue).joined(separator: ", ")
            fail(.phaseOrder, entry.seq, "a \(kind.rawValue) entry in phase \(phase.rawValue) (allowed in: \(allowed))")
            return nil
        }
        if kind == .jointKey, state.jointKeySeen {
            fail(.phaseOrder, entry.seq, "a second joint-key entry")
            return nil
        }
        if [.trusteePledge, .trusteeCommitment, .complaint, .trusteeCheck].contains(kind), state.jointKeySeen {
            fail(.phaseOrder, entry.seq, "a \(kind.rawValue) entry after the joint key: the ceremony is over")
            return nil
        }
        if kind == .open, !state.jointKeySeen {
            fail(.phaseOrder, entry.seq, "open before the joint-key entry")
            return nil
        }
        if let entered = Phase.entered(by: kind), [.ceremony, .open, .close].contains(kind) {
            guard let body = try? CanonicalJSON.decode(PhaseBody.self, from: entry.body), body.phase == entered else {
                fail(.phaseOrder, entry.seq, "a \(kind.rawValue) entry's body must be {\"phase\":\"\(entered.rawValue)\"}")
                return nil
            }
        }
        pass(.phaseOrder)
        if let entered = Phase.entered(by: kind) {
            state.phase = entered
            state.lastPhaseSeq = entry.seq
            if kind == .close { state.closeSeq = entry.seq }
        }
        return kind
    }

    // MARK: - Election entry (§2, §4.1)

    func handleElection(_ entry: RecordEntry) {
        do {
            let body = try CanonicalJSON.decode(ElectionBody.self, from: entry.body)
            let keys = try ElectionContext.importTokenKeys(body)
            do {
                _ = try CheckpointVerifier(verifierKey: body.ledgerKey)
            } catch {
                throw RecordError(.invalidManifest, "ledger_key: \(error)")
            }
            pass(.manifest)
            state.electionBody = HexBytes(entry.body)
            tokenKeys = keys
            adoptElection(body, bodyBytes: entry.body)
        } catch let error as RecordError {
            fail(.manifest, entry.seq, error.reason)
        } catch {
            fail(.manifest, entry.seq, "\(error)")
        }
        checkCheckpointSignatures(electionKey: election?.ledgerKey)
    }

    /// Sets the derived election values; fresh district figures and zero aggregates unless the
    /// state already has them (resume).
    func adoptElection(_ body: ElectionBody, bodyBytes: [UInt8]) {
        election = body
        setupDigest = ElectionBody.setupDigest(bodyBytes: bodyBytes)
        for district in body.manifest.districts where state.districts[district.id] == nil {
            state.districts[district.id] = VerificationReport.District(id: district.id, name: district.name)
        }
        let ballots = ElectionContext.index(body.manifest)
        for district in body.manifest.districts where aggregates[district.id] == nil {
            let width = (ballots[district.id] ?? []).reduce(0) { $0 + $1.candidates.count }
            aggregates[district.id] = Array(repeating: ElGamalAccumulator(), count: width)
        }
    }

    // MARK: - Ballots (§4.7, §5.5, §5.6)

    /// Applies a ballot's own checks and the record-wide rules: spoil limits, credential
    /// uniqueness (the last ballot counts when re-voting is allowed) and the running aggregates.
    func apply(_ outcome: BallotOutcome, admitted: Bool) {
        state.ballotsVerified += 1
        if state.ballotsVerified == 1, let voters = state.eligibility?.voterCount {
            // Room for a ballot per voter and a spoil per eighth, so that the tables of a city's
            // election never grow (growing holds the old and the new copy at once).
            state.trackingCodes.reserveCapacity(voters + voters / 8)
            state.credentials.reserveCapacity(voters)
        }
        for check in outcome.passed { pass(check) }
        if let failure = outcome.failure { fail(failure.check, outcome.seq, failure.reason) }
        // A ballot may appear once in the whole record, as cast or as spoiled: a repeat is a replay
        // (of a public spoiled ballot, or of a ballot a re-vote superseded) and never counts.
        var outcome = outcome
        if let code = outcome.trackingCode {
            if state.trackingCodes.insert(code)?.inserted == true {
                pass(.ballotUnique)
            } else {
                fail(.ballotUnique, outcome.seq, "this ballot (tracking code \(code.description.prefix(16))…) already appears in an earlier entry; a replay is not counted")
                if outcome.failure == nil { outcome.failure = (.ballotUnique, "replayed ballot") }
            }
        }
        let district = outcome.district.flatMap { state.districts[$0] != nil ? $0 : nil }
        // A credential belongs to one district for the whole election: a ballot or spoil under a
        // credential already used elsewhere is never counted (else a re-vote could move votes
        // between districts).
        if outcome.isValid, admitted, let credential = outcome.credential, let district {
            if let bound = state.credentials.district(of: credential), bound != district {
                let reason = "credential \(credential.description.prefix(16))… belongs to district '\(bound)' (its first ballot or spoil); it cannot vote or spoil in '\(district)'"
                fail(.ballotCredentialDistrict, outcome.seq, reason)
                outcome.failure = (.ballotCredentialDistrict, reason)
            } else if state.credentials.bind(credential, to: district) {
                pass(.ballotCredentialDistrict)
            } else {
                let reason = "credential \(credential.description.prefix(16))… cannot be recorded: the verifier's credential table is full (2^31 − 2 credentials)"
                fail(.ballotCredentialDistrict, outcome.seq, reason)
                outcome.failure = (.ballotCredentialDistrict, reason)
            }
        }
        if outcome.spoiled {
            if let district { state.districts[district]?.spoiled += 1 }
            if outcome.nonceChecked {
                if let reason = outcome.nonceFailure {
                    fail(.spoiledNonces, outcome.seq, reason)
                } else {
                    pass(.spoiledNonces)
                }
            }
            guard outcome.isValid, admitted, let credential = outcome.credential, let election else { return }
            let count = state.credentials.addSpoil(credential)
            if count > election.manifest.spoilLimit {
                fail(.spoiledLimit, outcome.seq,
                     "credential \(credential.description.prefix(16))… spoiled \(count) ballots; the limit is \(election.manifest.spoilLimit)")
            } else {
                pass(.spoiledLimit)
            }
            return
        }
        guard let district else { return }
        state.districts[district]?.ballotsCast += 1
        guard outcome.isValid, admitted, let credential = outcome.credential, let election else {
            state.districts[district]?.ballotsRejected += 1
            return
        }
        if let prior = state.credentials.countedSeq(of: credential) {
            guard election.manifest.revoting else {
                fail(.ballotCredentialUnique, outcome.seq,
                     "credential \(credential.description.prefix(16))… already cast the ballot at seq \(prior); re-voting is not allowed")
                state.districts[district]?.ballotsRejected += 1
                return
            }
            if let old = state.countedCiphertexts[credential], let previous = Self.ciphertexts(from: old.bytes) {
                addToAggregates(district, previous, seq: outcome.seq, subtract: true)
            }
            state.districts[district]?.ballotsSuperseded += 1
            state.districts[district]?.ballotsCounted -= 1
        }
        pass(.ballotCredentialUnique)
        state.credentials.setCounted(credential, seq: outcome.seq)
        if election.manifest.revoting {
            state.countedCiphertexts[credential] = HexBytes(outcome.ciphertexts.flatMap { $0.a.bytes + $0.b.bytes })
        }
        state.districts[district]?.ballotsCounted += 1
        addToAggregates(district, outcome.ciphertexts, seq: outcome.seq, subtract: false)
    }

    func addToAggregates(_ district: String, _ ciphertexts: [ElGamalCiphertext], seq: UInt64, subtract: Bool) {
        guard aggregates[district]?.count == ciphertexts.count else {
            fail(.tallyAggregates, seq, "the ballot's selections do not fit district '\(district)'")
            return
        }
        for (index, term) in ciphertexts.enumerated() {
            if subtract { aggregates[district]?[index].subtract(term) } else { aggregates[district]?[index].add(term) }
        }
    }

    /// Ciphertexts from their saved form (33-byte A then 33-byte B, one after the other).
    static func ciphertexts(from bytes: [UInt8]) -> [ElGamalCiphertext]? {
        guard bytes.count % 66 == 0 else { return nil }
        var result: [ElGamalCiphertext] = []
        var offset = 0
        while offset < bytes.count {
            guard let a = try? Point(bytes: Array(bytes[offset..<(offset + 33)])),
                  let b = try? Point(bytes: Array(bytes[(offset + 33)..<(offset + 66)])) else { return nil }
            result.append(ElGamalCiphertext(a: a, b: b))
            offset += 66
        }
        return result
    }
}
