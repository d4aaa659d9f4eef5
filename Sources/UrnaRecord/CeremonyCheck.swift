import UrnaCrypto

/// Checks of the key ceremony (`Specs/election-record.md` §4.3–§4.5), shared by the service
/// (which refuses a bad entry before appending it) and the verifier (which recomputes every
/// step from the record). Pure functions: no state, no secrets.
public enum CeremonyCheck {
    /// Checks a `trustee-commitment` body (§4.3): the trustee index is in `1...n`, there are
    /// exactly `threshold` commitments, there is an encrypted share for every other trustee and
    /// for no one else (keys are canonical decimal strings), the Schnorr proof of `C_i0`
    /// verifies under `[setup digest, "commitment", u32(i)]`, and every share's proof of
    /// knowledge of its ephemeral secret verifies under `[setup digest, "share", u32(i), u32(j)]`
    /// (`Specs/crypto.md` §5.3). Throws `bad-commitment`.
    public static func verifyCommitment(_ body: TrusteeCommitmentBody, election: ElectionBody,
                                        setupDigest: [UInt8]) throws {
        for equation in try commitmentEquations(body, election: election, setupDigest: setupDigest) {
            guard try equation.holds() else {
                throw RecordError(.badCommitment, "trustee \(body.trustee): \(equation.name) does not hold")
            }
        }
    }

    /// Every check of ``verifyCommitment(_:election:setupDigest:)`` except the Schnorr group
    /// equations (of `C_i0`, then of each share's ephemeral key in recipient order), which it
    /// returns for single or batched checking (`Specs/crypto.md` §4.6). Each equation's name
    /// says which proof it belongs to.
    public static func commitmentEquations(_ body: TrusteeCommitmentBody, election: ElectionBody,
                                           setupDigest: [UInt8]) throws -> [VerificationEquation] {
        let i = body.trustee, n = election.trustees.count
        guard (1...n).contains(i) else {
            throw RecordError(.badCommitment, "trustee index \(i) is outside 1...\(n)")
        }
        guard body.commitments.points.count == election.threshold else {
            throw RecordError(.badCommitment,
                              "trustee \(i): \(body.commitments.points.count) commitments; the threshold is \(election.threshold)")
        }
        let expected = Set((1...n).filter { $0 != i }.map(String.init))
        let present = Set(body.shares.keys)
        if let missing = expected.subtracting(present).sorted(by: decimalOrder).first {
            throw RecordError(.badCommitment, "trustee \(i): no encrypted share for trustee \(missing)")
        }
        if let extra = present.subtracting(expected).sorted().first {
            throw RecordError(.badCommitment, "trustee \(i): an encrypted share for '\(extra)', which is not another trustee's index")
        }
        let context = TrusteeCommitmentBody.proofContext(setupDigest: setupDigest, trustee: i)
        var equations: [VerificationEquation]
        do {
            equations = try body.proof.equations(publicKey: body.commitments.constantTerm, context: context)
                .map { $0.renamed("Schnorr proof of C_0: \($0.name)") }
        } catch let error as CryptoError {
            throw RecordError(.badCommitment, "trustee \(i): Schnorr proof of C_0: \(error.reason)")
        }
        // crypto.md §5.3 step 6: every share carries a proof of knowledge of its ephemeral secret
        // `y` for `X = Y`, tag "urna/v1/share-ephemeral", context [setup digest, "share", u32(i), u32(j)].
        // It binds Y to this sender, this recipient and this election: no copy of another share's Y.
        for j in (1...n) where j != i {
            guard let share = body.shares[String(j)] else { continue }   // present: checked above
            let shareContext = TrusteeCommitmentBody.shareContext(setupDigest: setupDigest, sender: i, recipient: j)
            do {
                equations += try share.ephemeralEquations(context: shareContext)
                    .map { $0.renamed("ephemeral-key proof of the share to trustee \(j): \($0.name)") }
            } catch let error as CryptoError {
                throw RecordError(.badCommitment, "trustee \(i): ephemeral-key proof of the share to trustee \(j): \(error.reason)")
            }
        }
        return equations
    }

    /// Judges a `complaint` (§4.4) against the accused's commitment (already checked by
    /// ``verifyCommitment(_:election:setupDigest:)``).
    ///
    /// Throws `bad-complaint` when the complaint itself is invalid: accuser or accused outside
    /// `1...n` or equal, a commitment that is not the accused's or has no share for the accuser,
    /// or a Chaum-Pedersen proof of the revealed point `P = e_j·Y` that fails.
    /// - Returns: true if the complaint is **upheld** (the box does not open with `P`, opens to a
    ///   value that is not a non-zero scalar, or to a share that fails the Feldman check), false
    ///   if it is unfounded.
    public static func judge(_ complaint: ComplaintBody, accusedCommitment: TrusteeCommitmentBody,
                             election: ElectionBody, setupDigest: [UInt8]) throws -> Bool {
        let j = complaint.accuser, i = complaint.accused, n = election.trustees.count
        guard (1...n).contains(j), (1...n).contains(i) else {
            throw RecordError(.badComplaint, "accuser \(j) or accused \(i) is outside 1...\(n)")
        }
        guard i != j else { throw RecordError(.badComplaint, "trustee \(j) accuses itself") }
        guard accusedCommitment.trustee == i else {
            throw RecordError(.badComplaint,
                              "complaint against trustee \(i) judged with trustee \(accusedCommitment.trustee)'s commitment")
        }
        guard let encrypted = accusedCommitment.shares[String(j)] else {
            throw RecordError(.badComplaint, "trustee \(i)'s commitment has no share for the accuser \(j)")
        }
        let recipientKey = election.trustees[j - 1].encryptionKey
        let proofContext = ComplaintBody.proofContext(setupDigest: setupDigest, accuser: j, accused: i)
        do {
            try complaint.proof.verify(x: recipientKey, y: encrypted.ephemeral, z: complaint.sharedPoint,
                                       context: proofContext)
        } catch let error as CryptoError {
            throw RecordError(.badComplaint,
                              "complaint of trustee \(j) against \(i): the proof of the revealed point fails: \(error.reason)")
        }
        let shareContext = TrusteeCommitmentBody.shareContext(setupDigest: setupDigest, sender: i, recipient: j)
        let share: Scalar
        do {
            share = try encrypted.open(sharedPoint: complaint.sharedPoint, recipientKey: recipientKey,
                                       context: shareContext)
        } catch let error as CryptoError where error.code == .authenticationFailed || error.code == .invalidScalar {
            return true   // the box does not open, or not to a non-zero scalar
        }
        do {
            try accusedCommitment.commitments.verifyShare(share, at: j)
        } catch let error as CryptoError where error.code == .invalidShare {
            return true   // the share fails the Feldman check
        }
        return false
    }

    /// The `joint-key` body (§4.5) from the commitments (trustee index → checked commitment body)
    /// and the trustees disqualified by upheld complaints. Qualified are the committed trustees not
    /// disqualified, ascending; throws `too-few-trustees` if fewer than the threshold remain, and
    /// `bad-commitment` if a body is filed under another index or has the wrong number of commitments.
    ///
    /// Public shares are computed from the summed commitments `C_l = Σ_{i ∈ Q} C_il` as
    /// `K_j = Σ_l j^l·C_l`, which equals `Σ_i Σ_l j^l·C_il` and costs one `k`-term
    /// multiplication per trustee.
    public static func jointKey(election: ElectionBody, commitments: [Int: TrusteeCommitmentBody],
                                disqualified: Set<Int>) throws -> JointKeyBody {
        let n = election.trustees.count, k = election.threshold
        for (index, body) in commitments {
            guard (1...n).contains(index), body.trustee == index else {
                throw RecordError(.badCommitment, "commitment of trustee \(body.trustee) filed under index \(index)")
            }
            guard body.commitments.points.count == k else {
                throw RecordError(.badCommitment, "trustee \(index): \(body.commitments.points.count) commitments; the threshold is \(k)")
            }
        }
        // Every registered trustee must have committed (validly): a missing trustee stops the ceremony.
        let missing = (1...n).filter { commitments[$0] == nil }
        guard missing.isEmpty else {
            throw RecordError(.badCommitment, "no valid commitment from trustee(s) \(missing.map(String.init).joined(separator: ", ")); the ceremony cannot complete")
        }
        let qualified = commitments.keys.filter { !disqualified.contains($0) }.sorted()
        guard qualified.count >= k else {
            throw RecordError(.tooFewTrustees,
                              "\(qualified.count) qualified trustees \(qualified); the threshold is \(k)")
        }
        // C_l = Σ_{i ∈ Q} C_il.
        var summed: [Point] = []
        for l in 0..<k {
            summed.append(try Point.sum(qualified.compactMap { commitments[$0]?.commitments.points[l] }))
        }
        let key = summed[0]
        guard !key.isInfinity else {
            throw RecordError(.tooFewTrustees, "the joint key of trustees \(qualified) is the point at infinity")
        }
        var publicShares: [String: Point] = [:]
        for j in qualified {
            let x = Scalar(UInt64(j))
            var power = Scalar.one
            var terms: [(Scalar, Point)] = []
            for point in summed {
                if !point.isInfinity { terms.append((power, point)) }
                power *= x
            }
            let share = try Point.linearCombination(generatorScalar: nil, terms)
            guard !share.isInfinity else {
                throw RecordError(.badCommitment, "the public share of trustee \(j) is the point at infinity")
            }
            publicShares[String(j)] = share
        }
        return JointKeyBody(jointKey: key, qualified: qualified, publicShares: publicShares)
    }

    /// Orders decimal strings by value, so messages name the lowest missing index.
    static func decimalOrder(_ a: String, _ b: String) -> Bool {
        (Int(a) ?? .max, a) < (Int(b) ?? .max, b)
    }
}

extension RecordError.Code {
    /// A `trustee-commitment` body that breaks a rule of §4.3.
    public static let badCommitment = Self(rawValue: "bad-commitment")
    /// A `complaint` that is itself invalid (§4.4): bad indices or a failing proof.
    public static let badComplaint = Self(rawValue: "bad-complaint")
    /// Fewer qualified trustees (or shares) than the threshold.
    public static let tooFewTrustees = Self(rawValue: "too-few-trustees")
}
