import Testing
import UrnaCrypto
import UrnaRecord

/// A key ceremony run by hand (no key files): every trustee's polynomial, commitments, proof and
/// encrypted shares, built from the primitives exactly as `Specs/crypto.md` §5 describes.
struct HandCeremony {
    let election: ElectionBody
    let setupDigest: [UInt8]
    let encryptionSecrets: [Scalar]          // e_j, index j − 1
    /// Each trustee's identity key (`Specs/crypto.md` §6), index j − 1.
    let identities: [Ed25519PrivateKey]
    var polynomials: [SecretPolynomial] = [] // f_i, index i − 1

    init(n: Int, k: Int) throws {
        let secrets = try (1...n).map { _ in try Scalar.random() }
        let identities = try (1...n).map { _ in try Ed25519PrivateKey() }
        self.identities = identities
        let trustees = try (1...n).map { ElectionBody.Trustee(index: $0, name: "t\($0)", encryptionKey: try Point.base(secrets[$0 - 1]),
                                                                   identityKey: HexBytes(identities[$0 - 1].publicKey.rawRepresentation)) }
        let manifest = try RecordFixture.manifest()
        // Token keys are not checked by the ceremony; any base64 string per district will do.
        let body = try ElectionBody(manifest: manifest, ledgerKey: "urna.example/test+00000000+AA==",
                                    tokenKeys: Dictionary(uniqueKeysWithValues: manifest.districts.map { ($0.id, "AA==") }),
                                    trustees: trustees, threshold: k, registrar: .forTests(manifest))
        election = body
        setupDigest = ElectionBody.setupDigest(bodyBytes: try CanonicalJSON.encode(body))
        encryptionSecrets = secrets
        polynomials = try (1...n).map { _ in try SecretPolynomial.random(threshold: k) }
    }

    var n: Int { election.trustees.count }

    /// Trustee `i`'s commitment body; `shareValue` overrides what is encrypted to a recipient.
    func commitment(_ i: Int, shareValue: (Int, Scalar) -> Scalar = { $1 }) throws -> TrusteeCommitmentBody {
        let polynomial = polynomials[i - 1]
        let commitments = try polynomial.commitments()
        let proof = try SchnorrProof.prove(secret: polynomial.coefficients[0], publicKey: commitments.constantTerm,
                                           context: TrusteeCommitmentBody.proofContext(setupDigest: setupDigest, trustee: i))
        var shares: [String: EncryptedShare] = [:]
        for j in 1...n where j != i {
            shares[String(j)] = try EncryptedShare.seal(
                shareValue(j, try polynomial.evaluate(at: j)), to: election.trustees[j - 1].encryptionKey,
                context: TrusteeCommitmentBody.shareContext(setupDigest: setupDigest, sender: i, recipient: j))
        }
        return try TrusteeCommitmentBody(trustee: i, commitments: commitments, proof: proof, shares: shares)
            .signed(with: identities[i - 1], setupDigest: setupDigest)
    }

    /// Trustee `j`'s complaint against `body` (revealing `e_j·Y` with a proof).
    func complaint(by j: Int, against body: TrusteeCommitmentBody) throws -> ComplaintBody {
        let encrypted = try #require(body.shares[String(j)])
        let secret = encryptionSecrets[j - 1]
        let point = try encrypted.sharedPoint(recipientSecret: secret)
        let proof = try ChaumPedersenProof.prove(
            secret: secret, x: election.trustees[j - 1].encryptionKey, y: encrypted.ephemeral, z: point,
            context: ComplaintBody.proofContext(setupDigest: setupDigest, accuser: j, accused: body.trustee))
        return try ComplaintBody(accuser: j, accused: body.trustee, sharedPoint: point, proof: proof)
            .signed(with: identities[j - 1], setupDigest: setupDigest)
    }

    /// Trustee `i`'s pledge to its commitments (`Specs/election-record.md` §4.2a), signed.
    func pledge(_ i: Int) throws -> TrusteePledgeBody {
        try TrusteePledgeBody(trustee: i, commitments: try polynomials[i - 1].commitments(), setupDigest: setupDigest)
            .signed(with: identities[i - 1], setupDigest: setupDigest)
    }
}

func expectRecordError(_ code: RecordError.Code, _ body: () throws -> Void,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("expected \(code)", sourceLocation: sourceLocation)
    } catch let error as RecordError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct CeremonyCheckTests {
    @Test func validCommitmentsPassAndGiveTheJointKey() throws {
        let c = try HandCeremony(n: 3, k: 2)
        var bodies: [Int: TrusteeCommitmentBody] = [:]
        for i in 1...3 {
            let body = try c.commitment(i)
            try CeremonyCheck.verifyCommitment(body, election: c.election, setupDigest: c.setupDigest)
            let equations = try CeremonyCheck.commitmentEquations(body, election: c.election, setupDigest: c.setupDigest)
            #expect(equations.count == 1 + 2)   // C_0's Schnorr proof, then each share's ephemeral proof
            #expect(try equations.allSatisfy { try $0.holds() })
            // JSON round trip.
            #expect(try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: CanonicalJSON.encode(body)) == body)
            bodies[i] = body
        }
        let joint = try CeremonyCheck.jointKey(election: c.election, commitments: bodies, disqualified: [])
        let feldman = try c.polynomials.map { try $0.commitments() }
        #expect(joint.qualified == [1, 2, 3])
        #expect(joint.jointKey == (try Threshold.jointKey(feldman)))
        #expect(joint.jointKey == (try Point.base(c.polynomials.reduce(Scalar.zero) { $0 + $1.coefficients[0] })))
        for j in 1...3 {
            #expect(joint.publicShares[String(j)] == (try Threshold.publicShare(of: j, commitments: feldman)))
        }
        #expect(try CanonicalJSON.decode(JointKeyBody.self, from: CanonicalJSON.encode(joint)) == joint)

        // Disqualifying trustee 2 leaves {1, 3}; disqualifying two leaves fewer than the threshold.
        let without2 = try CeremonyCheck.jointKey(election: c.election, commitments: bodies, disqualified: [2])
        #expect(without2.qualified == [1, 3])
        #expect(without2.jointKey == (try Threshold.jointKey([feldman[0], feldman[2]])))
        #expect(without2.publicShares["2"] == nil)
        #expect(without2.publicShares["3"] == (try Threshold.publicShare(of: 3, commitments: [feldman[0], feldman[2]])))
        expectRecordError(.tooFewTrustees) {
            _ = try CeremonyCheck.jointKey(election: c.election, commitments: bodies, disqualified: [1, 2])
        }
        // A trustee without a (valid) commitment stops the ceremony (election-record.md §4.5).
        expectRecordError(.badCommitment) {
            _ = try CeremonyCheck.jointKey(election: c.election, commitments: [3: bodies[3]!], disqualified: [])
        }
        // A body filed under another index.
        expectRecordError(.badCommitment) {
            _ = try CeremonyCheck.jointKey(election: c.election, commitments: [1: bodies[2]!, 2: bodies[2]!], disqualified: [])
        }
    }

    @Test func refusesBadCommitments() throws {
        let c = try HandCeremony(n: 3, k: 2)
        let good = try c.commitment(1)
        func refused(_ body: TrusteeCommitmentBody, digest: [UInt8]? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
            expectRecordError(.badCommitment, {
                try CeremonyCheck.verifyCommitment(body, election: c.election, setupDigest: digest ?? c.setupDigest)
            }, sourceLocation: sourceLocation)
        }
        // Wrong number of commitments (a degree-2 polynomial for threshold 2), with a valid proof.
        let long = try SecretPolynomial.random(threshold: 3)
        let longCommitments = try long.commitments()
        let longProof = try SchnorrProof.prove(secret: long.coefficients[0], publicKey: longCommitments.constantTerm,
                                               context: TrusteeCommitmentBody.proofContext(setupDigest: c.setupDigest, trustee: 1))
        refused(TrusteeCommitmentBody(trustee: 1, commitments: longCommitments, proof: longProof, shares: good.shares))
        let short = try FeldmanCommitments(points: [good.commitments.constantTerm])
        refused(TrusteeCommitmentBody(trustee: 1, commitments: short, proof: good.proof, shares: good.shares))
        // A missing share, an extra share (own index, out of range, non-canonical decimal).
        var shares = good.shares
        shares["2"] = nil
        refused(TrusteeCommitmentBody(trustee: 1, commitments: good.commitments, proof: good.proof, shares: shares))
        for extra in ["1", "4", "02", "x"] {
            shares = good.shares
            shares[extra] = good.shares["2"]
            refused(TrusteeCommitmentBody(trustee: 1, commitments: good.commitments, proof: good.proof, shares: shares))
        }
        // A bad Schnorr proof: tampered response, tampered challenge, another trustee's proof.
        let p = good.proof
        refused(TrusteeCommitmentBody(trustee: 1, commitments: good.commitments,
                                      proof: SchnorrProof(commitment: p.commitment, challenge: p.challenge, response: p.response + .one),
                                      shares: good.shares))
        refused(TrusteeCommitmentBody(trustee: 1, commitments: good.commitments,
                                      proof: SchnorrProof(commitment: p.commitment, challenge: p.challenge + .one, response: p.response),
                                      shares: good.shares))
        refused(TrusteeCommitmentBody(trustee: 1, commitments: good.commitments, proof: try c.commitment(2).proof, shares: good.shares))
        // The right proof under the wrong setup digest, or claimed by another index.
        refused(good, digest: ElectionBody.setupDigest(bodyBytes: Array("another election".utf8)))
        let as2 = TrusteeCommitmentBody(trustee: 2, commitments: good.commitments, proof: good.proof,
                                        shares: ["1": good.shares["2"]!, "3": good.shares["3"]!])
        refused(as2)
        // Indices outside 1...n.
        for index in [0, 4] {
            refused(TrusteeCommitmentBody(trustee: index, commitments: good.commitments, proof: good.proof, shares: good.shares))
        }
        // A share whose ephemeral proof (crypto.md §5.3 step 6) fails: the proof of another share
        // (another Y, another pair), the shares swapped between recipients (each proof made for the
        // other pair), a proof of another Y (2·Y), a tampered response, a proof for the right pair
        // under another setup digest, and one under the plain Schnorr tag.
        let s2 = try #require(good.shares["2"]), s3 = try #require(good.shares["3"])
        func withShare2(_ share: EncryptedShare) -> TrusteeCommitmentBody {
            TrusteeCommitmentBody(trustee: 1, commitments: good.commitments, proof: good.proof, shares: ["2": share, "3": s3])
        }
        refused(withShare2(try EncryptedShare(ephemeral: s2.ephemeral, proof: s3.proof, box: s2.box)))
        refused(TrusteeCommitmentBody(trustee: 1, commitments: good.commitments, proof: good.proof, shares: ["2": s3, "3": s2]))
        refused(withShare2(try EncryptedShare(ephemeral: try s2.ephemeral.multiplied(by: Scalar(2)), proof: s2.proof, box: s2.box)))
        let sp = s2.proof
        refused(withShare2(try EncryptedShare(
            ephemeral: s2.ephemeral, proof: SchnorrProof(commitment: sp.commitment, challenge: sp.challenge, response: sp.response + .one),
            box: s2.box)))
        let y = try Scalar.random()
        let context12 = TrusteeCommitmentBody.shareContext(setupDigest: c.setupDigest, sender: 1, recipient: 2)
        let sealed = try EncryptedShare.seal(try c.polynomials[0].evaluate(at: 2), to: c.election.trustees[1].encryptionKey,
                                             context: context12, ephemeralSecret: y, nonce: try RandomBytes.generate(12))
        try CeremonyCheck.verifyCommitment(withShare2(sealed), election: c.election, setupDigest: c.setupDigest)
        let otherElection = TrusteeCommitmentBody.shareContext(
            setupDigest: ElectionBody.setupDigest(bodyBytes: Array("another election".utf8)), sender: 1, recipient: 2)
        refused(withShare2(try EncryptedShare(
            ephemeral: sealed.ephemeral, proof: try EncryptedShare.proveEphemeral(secret: y, ephemeral: sealed.ephemeral, context: otherElection),
            box: sealed.box)))
        refused(withShare2(try EncryptedShare(
            ephemeral: sealed.ephemeral, proof: try SchnorrProof.prove(secret: y, publicKey: sealed.ephemeral, context: context12),
            box: sealed.box)))
        // A share without its proof does not decode.
        let text = try #require(String(bytes: try CanonicalJSON.encode(good), encoding: .utf8))
        let field = ",\"proof\":" + (try #require(String(bytes: try CanonicalJSON.encode(s2.proof), encoding: .utf8)))
        #expect(text.contains(field))
        #expect(throws: (any Error).self) {
            _ = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: Array(text.replacingOccurrences(of: field, with: "").utf8))
        }

        // The Schnorr equation alone fails for the tampered response (batch path).
        let tampered = TrusteeCommitmentBody(
            trustee: 1, commitments: good.commitments,
            proof: SchnorrProof(commitment: p.commitment, challenge: p.challenge, response: p.response + .one), shares: good.shares)
        let equations = try CeremonyCheck.commitmentEquations(tampered, election: c.election, setupDigest: c.setupDigest)
        #expect(try equations.contains { try !$0.holds() })
    }

    @Test func judgesComplaints() throws {
        let c = try HandCeremony(n: 3, k: 2)
        // Trustee 1 sends trustee 2 a share that fails the Feldman check.
        let cheat = try c.commitment(1) { j, value in j == 2 ? value + .one : value }
        try CeremonyCheck.verifyCommitment(cheat, election: c.election, setupDigest: c.setupDigest)
        let upheld = try c.complaint(by: 2, against: cheat)
        #expect(try CeremonyCheck.judge(upheld, accusedCommitment: cheat, election: c.election, setupDigest: c.setupDigest))
        #expect(try CanonicalJSON.decode(ComplaintBody.self, from: CanonicalJSON.encode(upheld)) == upheld)
        // Trustee 3's share from the same cheat is fine: its complaint is unfounded.
        let unfounded = try c.complaint(by: 3, against: cheat)
        #expect(try !CeremonyCheck.judge(unfounded, accusedCommitment: cheat, election: c.election, setupDigest: c.setupDigest))

        // A box that does not open (one bit flipped), and one holding a zero share, are upheld too.
        var shares = cheat.shares
        let box = try #require(shares["3"])
        var bytes = box.box
        bytes[30] ^= 0x80
        shares["3"] = try EncryptedShare(ephemeral: box.ephemeral, proof: box.proof, box: bytes)
        let garbled = TrusteeCommitmentBody(trustee: 1, commitments: cheat.commitments, proof: cheat.proof, shares: shares)
        #expect(try CeremonyCheck.judge(try c.complaint(by: 3, against: garbled), accusedCommitment: garbled,
                                        election: c.election, setupDigest: c.setupDigest))
        let zero = try c.commitment(1) { j, value in j == 3 ? .zero : value }
        #expect(try CeremonyCheck.judge(try c.complaint(by: 3, against: zero), accusedCommitment: zero,
                                        election: c.election, setupDigest: c.setupDigest))

        // Invalid complaints throw.
        func invalid(_ complaint: ComplaintBody, _ commitment: TrusteeCommitmentBody = cheat, digest: [UInt8]? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
            expectRecordError(.badComplaint, {
                _ = try CeremonyCheck.judge(complaint, accusedCommitment: commitment, election: c.election,
                                            setupDigest: digest ?? c.setupDigest)
            }, sourceLocation: sourceLocation)
        }
        // A revealed point that is not e_j·Y (the proof then fails).
        invalid(ComplaintBody(accuser: 2, accused: 1, sharedPoint: try Point.generator(), proof: upheld.proof))
        // A tampered proof.
        let p = upheld.proof
        invalid(ComplaintBody(accuser: 2, accused: 1, sharedPoint: upheld.sharedPoint,
                              proof: ChaumPedersenProof(commitmentG: p.commitmentG, commitmentY: p.commitmentY,
                                                        challenge: p.challenge, response: p.response + .one)))
        // The proof under another context: another accuser claiming it, another setup digest.
        invalid(ComplaintBody(accuser: 3, accused: 1, sharedPoint: upheld.sharedPoint, proof: upheld.proof))
        invalid(upheld, digest: ElectionBody.setupDigest(bodyBytes: Array("another election".utf8)))
        // Bad indices, self-accusation, the wrong commitment.
        invalid(ComplaintBody(accuser: 4, accused: 1, sharedPoint: upheld.sharedPoint, proof: upheld.proof))
        invalid(ComplaintBody(accuser: 2, accused: 0, sharedPoint: upheld.sharedPoint, proof: upheld.proof))
        invalid(ComplaintBody(accuser: 1, accused: 1, sharedPoint: upheld.sharedPoint, proof: upheld.proof))
        invalid(upheld, try c.commitment(3))
        // A commitment without a share for the accuser.
        var noShare = cheat.shares
        noShare["2"] = nil
        invalid(upheld, TrusteeCommitmentBody(trustee: 1, commitments: cheat.commitments, proof: cheat.proof, shares: noShare))
    }
}
