import UrnaCrypto
import UrnaRecord

/// The roll and token issuance (`Specs/election-record.md` §4.1a, §4.6): every issued pseudonym
/// is on its district's roll once, with a revealed code that matches its commitment, and per
/// district counted ≤ issued ≤ roll size.
extension RecordVerifier {
    /// The record's eligibility model, made from the election entry on first use.
    private func eligibilityModel(_ seq: UInt64, _ check: Check) -> Eligibility? {
        if let eligibility = state.eligibility { return eligibility }
        guard let election, let setupDigest else {
            fail(check, seq, "no valid election entry: the registrar's key and counts are unknown")
            return nil
        }
        let model = Eligibility(election: election, setupDigest: setupDigest)
        state.eligibility = model
        return model
    }

    // MARK: - Roll (§4.1a)

    func handleRoll(_ entry: RecordEntry) {
        guard var eligibility = eligibilityModel(entry.seq, .rollSignature) else { return }
        // Taken out of the state while it changes, so the roll is changed in place, not copied.
        state.eligibility = nil
        defer { state.eligibility = eligibility }
        let body: RollBody
        do {
            body = try eligibility.checkRoll(entry.body)
        } catch let error as RecordError {
            fail(.rollSignature, entry.seq, error.reason)
            return
        } catch {
            fail(.rollSignature, entry.seq, "\(error)")
            return
        }
        pass(.rollSignature)
        let outcome = eligibility.add(roll: body)
        state.districts[body.district]?.rollSize = eligibility.rollSizes[body.district, default: 0]
        for _ in 0..<outcome.added { pass(.rollPseudonymUnique) }
        for pseudonym in outcome.repeated {
            fail(.rollPseudonymUnique, entry.seq, "pseudonym \(pseudonym.hex) is on the roll already; it is not added again")
        }
        if outcome.exceeds {
            fail(.rollSize, entry.seq,
                 "district '\(body.district)': the roll now holds \(eligibility.rollSizes[body.district, default: 0]) pseudonyms, more than the \(eligibility.registrar.voters[body.district, default: 0]) voters the registrar announced")
        }
    }

    /// At `open`: every district's roll holds exactly the announced count.
    func checkRollComplete(_ entry: RecordEntry) {
        guard let eligibility = eligibilityModel(entry.seq, .rollSize) else { return }
        let incomplete = Dictionary(uniqueKeysWithValues: eligibility.incompleteDistricts().map { ($0.district, $0) })
        for district in eligibility.registrar.voters.keys.sorted() {
            if let bad = incomplete[district] {
                fail(.rollSize, entry.seq,
                     "district '\(district)': the roll holds \(bad.onRoll) pseudonyms when voting opens, but the registrar announced \(bad.announced) voters")
            } else {
                pass(.rollSize)
            }
        }
    }

    // MARK: - Issuance (§4.6)

    func handleIssuance(_ entry: RecordEntry) {
        guard var eligibility = eligibilityModel(entry.seq, .issuanceBatch) else { return }
        // Taken out of the state while it changes: a million-voter roll is not copied per batch.
        state.eligibility = nil
        defer { state.eligibility = eligibility }
        let body: IssuanceBody
        do {
            body = try eligibility.checkIssuance(entry.body)
        } catch let error as RecordError {
            fail(.issuanceBatch, entry.seq, error.reason)
            return
        } catch {
            fail(.issuanceBatch, entry.seq, "\(error)")
            return
        }
        pass(.issuanceBatch)
        for issue in eligibility.add(issuance: body) {
            let name = "district '\(issue.district)': pseudonym \(issue.pseudonym.hex)"
            switch issue.fault {
            case nil:
                pass(.issuanceRoll)
                pass(.issuanceCode)
                pass(.issuancePseudonymUnique)
                state.districts[issue.district]?.tokensIssued += 1
            case .notOnRoll?, .otherDistrict?:
                fail(.issuanceRoll, entry.seq, "\(name) \(issue.fault.map(String.init(describing:)) ?? "")")
            case .codeMismatch?:
                pass(.issuanceRoll)
                fail(.issuanceCode, entry.seq, "\(name): \(issue.fault.map(String.init(describing:)) ?? "")")
            case .alreadyIssued?:
                pass(.issuanceRoll)
                pass(.issuanceCode)
                fail(.issuancePseudonymUnique, entry.seq, "\(name) was issued a token before")
            }
        }
    }

    /// Once closed: counted ≤ issued ≤ roll size in every district (§5.6). While voting is open
    /// issuance is not final, but the roll is: counted ballots above the roll size can never be
    /// made up for, and fail `district.counted-le-issued` at the record's last entry.
    func checkDistrictCounts() {
        guard let phase = state.phase, phase >= .open, let election else { return }
        guard phase >= .closed else {
            for district in election.manifest.districts {
                guard let figures = state.districts[district.id], figures.ballotsCounted > figures.rollSize, state.position > 0 else { continue }
                fail(.districtCountedLEIssued, state.position - 1,
                     "district '\(district.id)': \(figures.ballotsCounted) ballots counted, more than the \(figures.rollSize) voters on its roll (voting still open)")
            }
            return
        }
        let seq = state.tallySeq ?? state.closeSeq
        for district in election.manifest.districts {
            guard let figures = state.districts[district.id] else { continue }
            if figures.ballotsCounted <= figures.tokensIssued {
                pass(.districtCountedLEIssued)
            } else {
                fail(.districtCountedLEIssued, seq,
                     "district '\(district.id)': \(figures.ballotsCounted) ballots counted but \(figures.tokensIssued) tokens issued")
            }
            if figures.tokensIssued <= figures.rollSize {
                pass(.districtIssuedLERoll)
            } else {
                fail(.districtIssuedLERoll, seq,
                     "district '\(district.id)': \(figures.tokensIssued) tokens issued but \(figures.rollSize) voters on the roll")
            }
        }
    }
}
