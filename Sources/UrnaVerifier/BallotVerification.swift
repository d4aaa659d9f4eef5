import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// What one `ballot` or `spoiled` entry checked to on its own, before the rules that need the
/// whole record (phase, credential uniqueness, spoil limits, aggregates).
struct BallotOutcome: Sendable {
    let seq: UInt64
    let spoiled: Bool
    /// The entry hash recomputed from the entry's fields (`Specs/ledger.md` §2.2), computed
    /// here so that the ledger stage does not hash on one core.
    var entryHash: [UInt8]?
    /// The first ballot check that failed, with its reason.
    var failure: (check: Check, reason: String)?
    /// Spoiled entries: why the revealed nonces do not reproduce the ciphertexts (nil if they do).
    var nonceFailure: String?
    var nonceChecked = false
    var district: String?
    var credential: Key32?
    /// The ballot's tracking code (`Specs/election-record.md` §5.3), when its body decoded.
    var trackingCode: Key32?
    /// Every selection's ciphertext, contests and candidates in ballot order (empty unless the
    /// ballot passed every check).
    var ciphertexts: [ElGamalCiphertext] = []

    init(seq: UInt64, spoiled: Bool) {
        self.seq = seq
        self.spoiled = spoiled
    }

    /// The ballot checks in the order they run; a failure at one means the earlier ones passed.
    static let order: [Check] = [.ballotShape, .ballotElection, .ballotDistrict, .ballotToken,
                                 .ballotCredentialSignature, .ballotProof]

    /// The ballot checks this entry passed.
    var passed: [Check] {
        guard let failure else { return Self.order }
        return Array(Self.order.prefix { $0 != failure.check })
    }

    var isValid: Bool { failure == nil }
}

/// Checks ballots against an election context: everything of `Specs/election-record.md` §5.5
/// per ballot, with the proof equations of a whole slice of ballots in one ``BatchVerifier``
/// (which bisects a failing batch down to the ballots at fault), or singly.
struct BallotVerifier: Sendable {
    let context: ElectionContext
    let batched: Bool

    /// Checks a slice of `ballot`/`spoiled` entries; one outcome per entry, in order.
    func verify(_ entries: ArraySlice<RecordEntry>) -> [BallotOutcome] {
        var outcomes: [BallotOutcome] = []
        outcomes.reserveCapacity(entries.count)
        var batch = BatchVerifier<Int>()
        for entry in entries {
            var outcome = BallotOutcome(seq: entry.seq, spoiled: entry.kind == EntryKind.spoiled.rawValue)
            outcome.entryHash = Entry.computeHash(seq: entry.seq, kind: entry.kind, time: entry.time, prev: entry.prev,
                                                  body: entry.body)
            defer { outcomes.append(outcome) }
            let ballot: Ballot
            var spoiledBody: SpoiledBody?
            do {
                if outcome.spoiled {
                    let body = try CanonicalJSON.decode(SpoiledBody.self, from: entry.body)
                    ballot = body.ballot
                    spoiledBody = body
                } else {
                    // Urna's own canonical form is read directly; anything else takes the general path.
                    ballot = try Ballot.readCanonical(entry.body) ?? CanonicalJSON.decode(Ballot.self, from: entry.body)
                }
            } catch let error as RecordError {
                outcome.failure = (.ballotShape, error.reason)
                continue
            } catch {
                outcome.failure = (.ballotShape, "\(error)")
                continue
            }
            outcome.district = ballot.district
            outcome.credential = Key32(ballot.credential.bytes)
            outcome.trackingCode = Key32(ballot.trackingCode)
            let equations: [VerificationEquation]
            do {
                equations = try BallotCheck.equations(ballot, in: context)
            } catch let error as RecordError {
                outcome.failure = (Self.check(for: error.code), error.reason)
                continue
            } catch {
                outcome.failure = (.ballotShape, "\(error)")
                continue
            }
            // The revealed nonces are checked only once the ballot's shape is known to be the district's.
            if let spoiledBody {
                outcome.nonceChecked = true
                do {
                    try spoiledBody.checkNonces(jointKey: context.jointKey)
                } catch let error as RecordError {
                    outcome.nonceFailure = error.reason
                } catch {
                    outcome.nonceFailure = "\(error)"
                }
            }
            if batched {
                batch.add(label: outcomes.count, proof: "ballot \(entry.seq)") { equations }
            } else {
                do {
                    for equation in equations where try !equation.holds() {
                        outcome.failure = (.ballotProof, "proof equation '\(equation.name)' does not hold")
                        break
                    }
                } catch {
                    outcome.failure = (.ballotProof, "\(error)")
                }
            }
            if outcome.failure == nil {
                outcome.ciphertexts = ballot.contests.flatMap { $0.selections.map(\.ciphertext) }
            }
        }
        guard batched, batch.count > 0 else { return outcomes }
        do {
            for failure in try batch.verify() where outcomes.indices.contains(failure.label) {
                outcomes[failure.label].failure = (.ballotProof, failure.error.reason)
                outcomes[failure.label].ciphertexts = []
            }
        } catch {
            for index in outcomes.indices where outcomes[index].isValid {
                outcomes[index].failure = (.ballotProof, "batch verification could not run: \(error)")
                outcomes[index].ciphertexts = []
            }
        }
        return outcomes
    }

    /// The named check of a refusal code of ``BallotCheck``.
    static func check(for code: RecordError.Code) -> Check {
        switch code {
        case .wrongElection: .ballotElection
        case .unknownDistrict, .tokenWrongDistrict: .ballotDistrict
        case .badToken: .ballotToken
        case .badSignature: .ballotCredentialSignature
        case .badProof, .sumOutOfRange: .ballotProof
        default: .ballotShape  // ballot-shape, bad-credential, malformed
        }
    }
}
