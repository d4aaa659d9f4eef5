import UrnaCrypto

/// Checks a cast or spoiled ballot against an election (`Specs/election-record.md` §5.5).
///
/// ``equations(_:in:)`` does every check except the group equations of the proofs, which it
/// returns for single or batched checking; ``verify(_:in:)`` does everything at once.
public enum BallotCheck {
    /// Everything but the proof algebra; returns the proofs' equations. With
    /// `diagnoseWrongDistrict`, a token that fails is tried under the other districts' keys to
    /// name the likely mistake (`token-wrong-district`); the verifier never does this (it would
    /// cost one RSA verification per district for every bad token).
    public static func equations(_ ballot: Ballot, in election: ElectionContext,
                                 diagnoseWrongDistrict: Bool = false) throws -> [VerificationEquation] {
        // 1. The ballot is for this election and a known district.
        guard ballot.electionHash.bytes == election.electionHash else {
            throw RecordError(.wrongElection, "ballot's election hash \(ballot.electionHash.hex.prefix(16))… is not this election's")
        }
        guard let contests = election.ballots[ballot.district], let tokenKey = election.tokenKeys[ballot.district] else {
            throw RecordError(.unknownDistrict, "district '\(ballot.district)' is not in the manifest")
        }
        // 2. Shape: the district's contests and candidates, in manifest order.
        guard ballot.contests.count == contests.count, zip(ballot.contests, contests).allSatisfy({ $0.id == $1.id }) else {
            throw RecordError(.ballotShape, "the ballot's \(ballot.contests.count) contest(s) are not district '\(ballot.district)' ballot's \(contests.count), in order")
        }
        for (contest, expected) in zip(ballot.contests, contests) {
            guard contest.selections.count == expected.candidates.count,
                  zip(contest.selections, expected.candidates).allSatisfy({ $0.id == $1.id }) else {
                throw RecordError(.ballotShape, "contest '\(contest.id)': selections do not match the candidates in order")
            }
        }
        // 3. The token: an RSA-PSS signature under the district's key over prefix ‖ token message.
        let credential: Ed25519PublicKey
        do {
            credential = try Ed25519PublicKey(rawRepresentation: ballot.credential.bytes)
        } catch let error as CryptoError {
            throw RecordError(.badCredential, "the credential is not a valid Ed25519 public key (Specs/signatures.md §1.1): \(error.reason)")
        }
        try checkToken(ballot, key: tokenKey, election: election, diagnoseWrongDistrict: diagnoseWrongDistrict)
        // 4. The credential's signature over the canonical bytes.
        guard credential.isValidSignature(ballot.signature.bytes, for: ballot.canonicalBytes) else {
            throw RecordError(.badSignature, "the credential signature does not verify over the ballot")
        }
        // 5. Every proof's challenge and range; collect the group equations.
        var equations: [VerificationEquation] = []
        for (contest, rule) in zip(ballot.contests, contests) {
            for selection in contest.selections {
                let context = Ballot.proofContext(electionHash: election.electionHash, district: ballot.district,
                                                  contest: contest.id, selection: selection.id, credential: ballot.credential.bytes)
                equations += try proofEquations("contest '\(contest.id)' selection '\(selection.id)'") {
                    try selection.proof.equations(ciphertext: selection.ciphertext, range: 0...1,
                                                  publicKey: election.jointKey, context: context)
                }
            }
            let context = Ballot.proofContext(electionHash: election.electionHash, district: ballot.district,
                                              contest: contest.id, selection: nil, credential: ballot.credential.bytes)
            let sum = try contest.sumCiphertext()
            equations += try proofEquations("contest '\(contest.id)' sum", sumRule: rule.min...rule.max) {
                try contest.sumProof.equations(ciphertext: sum, range: rule.min...rule.max,
                                               publicKey: election.jointKey, context: context)
            }
        }
        return equations
    }

    /// Every check, proofs singly.
    public static func verify(_ ballot: Ballot, in election: ElectionContext, diagnoseWrongDistrict: Bool = false) throws {
        for equation in try equations(ballot, in: election, diagnoseWrongDistrict: diagnoseWrongDistrict) {
            guard try equation.holds() else {
                throw RecordError(.badProof, "proof equation '\(equation.name)' does not hold")
            }
        }
    }

    static func checkToken(_ ballot: Ballot, key: BlindRSAPublicKey, election: ElectionContext,
                           diagnoseWrongDistrict: Bool) throws {
        let message = try BlindRSA.tokenMessage(electionID: election.manifest.electionID, districtID: ballot.district,
                                                credentialPublicKey: ballot.credential.bytes)
        let prepared = ballot.token.prefix.bytes + message
        guard ballot.token.prefix.bytes.count == BlindRSA.messagePrefixLength,
              (try? key.verify(ballot.token.signature.bytes, preparedMessage: prepared, variant: .sha384PSSRandomized)) != nil
        else {
            // Name the likely cause for a voter: a token issued under another district's key.
            for (other, otherKey) in election.tokenKeys where diagnoseWrongDistrict && other != ballot.district {
                let otherMessage = try BlindRSA.tokenMessage(electionID: election.manifest.electionID, districtID: other,
                                                             credentialPublicKey: ballot.credential.bytes)
                if (try? otherKey.verify(ballot.token.signature.bytes, preparedMessage: ballot.token.prefix.bytes + otherMessage,
                                         variant: .sha384PSSRandomized)) != nil {
                    throw RecordError(.tokenWrongDistrict, "the token was issued for district '\(other)', not '\(ballot.district)'")
                }
            }
            throw RecordError(.badToken, "the token does not verify under district '\(ballot.district)' key for election '\(election.manifest.electionID)'")
        }
    }

    /// Runs a proof's pre-checks and maps crypto errors to record errors naming the proof.
    static func proofEquations(_ name: String, sumRule: ClosedRange<Int>? = nil,
                               _ body: () throws -> [VerificationEquation]) throws -> [VerificationEquation] {
        do {
            return try body()
        } catch let error as CryptoError where error.code == .outOfRange && sumRule != nil {
            throw RecordError(.sumOutOfRange, "\(name): the proof does not show a sum in \(sumRule.map { "\($0)" } ?? "") (\(error.reason))")
        } catch let error as CryptoError {
            throw RecordError(.badProof, "\(name): \(error.reason)")
        }
    }
}

extension RecordError.Code {
    public static let wrongElection = Self(rawValue: "wrong-election")
    public static let unknownDistrict = Self(rawValue: "unknown-district")
    public static let badToken = Self(rawValue: "bad-token")
    public static let tokenWrongDistrict = Self(rawValue: "token-wrong-district")
    public static let badCredential = Self(rawValue: "bad-credential")
    public static let badSignature = Self(rawValue: "bad-signature")
    public static let badProof = Self(rawValue: "bad-proof")
    public static let sumOutOfRange = Self(rawValue: "sum-out-of-range")
}
