import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord
import UrnaRegistrar
@testable import UrnaTrustee
@testable import UrnaVerifier

// Review (attacker's view) of the trustees' checks (`Specs/election-record.md` §4.4, §4.4a, §4.5).
//
// Every forged record is chained and signed with the ledger key (the commission holds it) and is
// also written to `$URNA_ATTACK_OUT/NAME` (default: a fresh temporary folder) so that the independent
// verifier can be run on it: `python3 Tools/independent-verifier/verify.py DIR`.
//
// Each test asserts what a SOUND system must say. A test that fails is a finding.

/// Where the forged records go.
enum AttackRecords {
    static let root = ProcessInfo.processInfo.environment["URNA_ATTACK_OUT"].map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("urna-attack-records-\(UUID().uuidString)")

    static func write(_ name: String, _ drafts: [Draft], signer: CheckpointSigner, origin: String) throws -> String {
        let directory = root.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return try SignedRecord(drafts: drafts, signer: signer, origin: origin).writeExport(in: directory)
    }

    static func fixture(_ name: String, _ drafts: [Draft]) throws -> String {
        let f = try ElectionFixture.shared.get()
        return try write(name, drafts, signer: f.signer, origin: ElectionFixture.origin)
    }

    static func verify(_ path: String) throws -> VerificationReport {
        try Scrutineer.verify(path: path, options: ElectionFixture.options())
    }
}

/// A small election of `n` trustees (threshold `k`) built from real trustee key files, up to `open`,
/// with a registrar's roll of ``rollSize`` voters in its one district (the `roll` entry comes just
/// before `open`, so the ceremony entries keep their seqs).
struct MiniCeremony {
    static let rollSize = 3
    static let origin = "urna.example/attack-2026"
    let signer: CheckpointSigner
    var keys: [TrusteeKeyFile]
    let election: ElectionBody
    let electionBytes: [UInt8]
    let digest: [UInt8]
    /// The registrar's signed roll entries.
    let rollDrafts: [Draft]
    /// The voters' letters, in roll order.
    let letters: [VoterLetter]

    init(n: Int = 3, threshold: Int = 2, electionID: String = "attack-2026", keys: [TrusteeKeyFile]? = nil) throws {
        signer = try CheckpointSigner(origin: Self.origin, privateKey: try Ed25519PrivateKey())
        let keys = try keys ?? (1...n).map { try TrusteeKeyFile.create(name: "t\($0)") }
        self.keys = keys
        let manifest = try Manifest(
            electionID: electionID, title: "Attack",
            contests: [.init(id: "mayor", title: "Mayor", min: 0, max: 1, candidates: [
                .init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob"),
            ])],
            districts: [.init(id: "north", name: "North", contests: ["mayor"])],
            revoting: false, spoilLimit: 1)
        guard let tokenKey = try ElectionFixture.tokenKeys.get()["north"] else { throw RecordError(.malformed, "no token key") }
        var registrar = try RegistrarKeyFile.simulated(voters: [("north", Self.rollSize)])
        election = try ElectionBody(
            manifest: manifest, ledgerKey: signer.verifierKey,
            tokenKeys: ["north": Base64.encode(tokenKey.publicKey.spkiDER)],
            trustees: keys.enumerated().map { $0.element.publicInfo.trustee(index: $0.offset + 1) }, threshold: threshold,
            registrar: try registrar.publicInfo)
        electionBytes = try CanonicalJSON.encode(election)
        digest = ElectionBody.setupDigest(bodyBytes: electionBytes)
        rollDrafts = try registrar.rollEntryBodies(electionBodyBytes: electionBytes).map { Draft(kind: EntryKind.roll.rawValue, body: $0) }
        letters = try registrar.letters(electionID: electionID).map(\.letter)
    }

    static func draft<T: Encodable>(_ kind: EntryKind, _ body: T) throws -> Draft {
        Draft(kind: kind.rawValue, body: try CanonicalJSON.encode(body))
    }

    func head() throws -> [Draft] {
        [Draft(kind: EntryKind.election.rawValue, body: electionBytes),
         try Self.draft(.ceremony, PhaseBody(phase: .keyCeremony))]
    }

    /// A check whose Schnorr signature is made by whoever holds `secret` (a colluding trustee signs
    /// its own), identity-signed by the trustee (these attacks target the check, not the identity key).
    func check(trustee: Int, complaints: [Int], secret: Scalar, commitments: [TrusteeCommitmentBody]) throws -> TrusteeCheckBody {
        let bodies = try commitments.sorted { $0.trustee < $1.trustee }.map { try CanonicalJSON.encode($0) }
        let context = TrusteeCheckBody.signatureContext(setupDigest: digest, trustee: trustee,
                                                        checked: TrusteeCheckBody.checkedDigest(commitmentBodies: bodies),
                                                        complaints: complaints)
        return try signed(TrusteeCheckBody(trustee: trustee, complaints: complaints,
                                           signature: try SchnorrProof.prove(secret: secret, publicKey: try Point.base(secret), context: context)))
    }

    /// `body` signed with the identity key of its trustee (`Specs/crypto.md` §6).
    func signed<Body: TrusteeSignedBody>(_ body: Body) throws -> Body {
        try keys[body.signer - 1].sign(body, setupDigest: digest)
    }

    /// Trustee `index` (0-based) pledges (its key file keeps the polynomial) and returns the
    /// commitment it will reveal.
    mutating func commitment(_ index: Int) throws -> TrusteeCommitmentBody {
        _ = try keys[index].pledge(electionBodyBytes: electionBytes)
        return try need(keys[index].commitment, "trustee \(index + 1)'s commitment")
    }

    /// Each commitment's `trustee-pledge` entry, signed by its trustee, in the order given.
    func pledgeDrafts(_ commitments: [TrusteeCommitmentBody]) throws -> [Draft] {
        try commitments.map {
            try Self.draft(.trusteePledge, try signed(TrusteePledgeBody(trustee: $0.trustee, commitments: $0.commitments, setupDigest: digest)))
        }
    }

    /// An honest ceremony: every trustee pledges, commits and checks (no complaint), then joint key and open.
    mutating func honestRecord() throws -> (drafts: [Draft], commitments: [TrusteeCommitmentBody], checks: [TrusteeCheckBody]) {
        var commitments: [TrusteeCommitmentBody] = []
        for index in keys.indices { commitments.append(try commitment(index)) }
        var drafts = try head() + pledgeDrafts(commitments)
        for body in commitments { drafts.append(try Self.draft(.trusteeCommitment, body)) }
        var checks: [TrusteeCheckBody] = []
        for index in keys.indices {
            let message = try keys[index].check(electionBodyBytes: electionBytes, commitments: commitments)
            checks.append(message.check)
            drafts.append(try Self.draft(.trusteeCheck, message.check))
        }
        let byIndex = Dictionary(uniqueKeysWithValues: commitments.map { ($0.trustee, $0) })
        drafts.append(try Self.draft(.jointKey, try CeremonyCheck.jointKey(election: election, commitments: byIndex, disqualified: [])))
        drafts += rollDrafts
        drafts.append(try Self.draft(.open, PhaseBody(phase: .open)))
        return (drafts, commitments, checks)
    }
}

@Suite("Attacks on the trustees' checks (review1)")
struct CheckAttackTests {
    // MARK: - Findings of the attacker review (fixed: each test asserts the sound behaviour)

    /// FIXED (was a finding). A trustee colluding with the commission (one trustee, below the
    /// threshold) copies the ephemeral key of an honest trustee's share into its own share to
    /// another honest trustee (or a multiple of it) and garbles the box. An honest trustee's tool
    /// used to complain automatically and reveal `P = e_j·Y` — the ECDH point of the OTHER honest
    /// trustee's share to it; with n = 3, k = 2 that handed the commission `f_1(2)` and `f_2(1)`,
    /// and with `f_1(3)`, `f_2(3)` the whole election secret key. Now every share proves
    /// knowledge of its ephemeral secret under `[setup digest, "share", u32(i), u32(j)]`
    /// (`Specs/crypto.md` §5.3): the copied `Y` comes with no valid proof, so the honest tools
    /// refuse the commitment and reveal nothing, and the record fails `ceremony.commitment` at
    /// trustee 3's commitment (seq 7: after the election, ceremony and three pledges) in both verifiers.
    @Test("a colluding trustee re-uses honest ephemerals: the tools reveal nothing, the commitment is refused")
    func ephemeralCopyLeaksJointSecret() throws {
        var m = try MiniCeremony()
        let commitments = try Self.copiedEphemeralCommitments(&m)
        let c3 = commitments[2]

        // The honest trustees run `urna trustee check`: the commitment is refused, nothing revealed.
        for index in [0, 1] {
            #expect(throws: RecordError.self, "trustee \(index + 1)'s tool accepted trustee 3's commitment") {
                _ = try m.keys[index].check(electionBodyBytes: m.electionBytes, commitments: commitments)
            }
            // The complaint itself refuses too, without relying on the commitment check.
            do {
                _ = try m.keys[index].makeComplaint(against: c3, electionBodyBytes: m.electionBytes)
                Issue.record("trustee \(index + 1)'s tool revealed e_j·Y for a share with no valid ephemeral proof")
            } catch let error as RecordError {
                #expect(error.code == .badCommitment && error.reason.contains("ephemeral"), "\(error)")
            }
        }
        // The service's (and the verifier's) commitment check refuses it.
        #expect(throws: RecordError.self) { try CeremonyCheck.verifyCommitment(c3, election: m.election, setupDigest: m.digest) }

        // The record an unguarded tool would have allowed.
        let drafts = try Self.unguardedRecord(m, commitments)
        let report = try AttackRecords.verify(try AttackRecords.write("ephemeral-copy", drafts, signer: m.signer, origin: MiniCeremony.origin))
        #expect(!report.isValid && report.failures.contains { $0.check == .ceremonyCommitment && $0.seq == 7 },
                "a commitment whose share to j re-uses (a multiple of) another share's ephemeral to j must be refused; got \(report.failures)")
    }

    /// Trustees 1 and 2 commit honestly; trustee 3 (colluding) commits last, after seeing their
    /// commitments. It cannot prove knowledge of log Y for a copied Y: it replays the honest
    /// shares' proofs (made for another pair). Returns `[c1, c2, c3]`.
    static func copiedEphemeralCommitments(_ m: inout MiniCeremony) throws -> [TrusteeCommitmentBody] {
        let c1 = try m.commitment(0)
        let c2 = try m.commitment(1)
        let polynomial = try SecretPolynomial.random(threshold: 2)
        let feldman = try polynomial.commitments()
        let proof = try SchnorrProof.prove(secret: polynomial.coefficients[0], publicKey: feldman.constantTerm,
                                           context: TrusteeCommitmentBody.proofContext(setupDigest: m.digest, trustee: 3))
        let r = try Scalar.random()
        let s21 = try #require(c2.shares["1"]), s12 = try #require(c1.shares["2"])
        let c3 = try m.signed(TrusteeCommitmentBody(trustee: 3, commitments: feldman, proof: proof, shares: [
            // copied as is
            "1": try EncryptedShare(ephemeral: s21.ephemeral, proof: s21.proof, box: try RandomBytes.generate(60)),
            // copied times r: no equality test can catch it
            "2": try EncryptedShare(ephemeral: try s12.ephemeral.multiplied(by: r), proof: s12.proof, box: try RandomBytes.generate(60)),
        ]))
        return [c1, c2, c3]
    }

    /// The record the old, unguarded tool allowed: the honest trustees' complaints against
    /// trustee 3 (made here with their keys, as that tool did), every check signed, trustee 3
    /// disqualified, the joint key of trustees 1 and 2, `open`. Trustee 3's commitment is seq 7.
    static func unguardedRecord(_ m: MiniCeremony, _ commitments: [TrusteeCommitmentBody]) throws -> [Draft] {
        let c3 = commitments[2]
        let E = m.election.trustees.map(\.encryptionKey)
        var drafts = try m.head() + m.pledgeDrafts(commitments) + commitments.map { try MiniCeremony.draft(.trusteeCommitment, $0) }
        for j in [1, 2] {
            let secret = m.keys[j - 1].encryptionSecret
            let encrypted = try #require(c3.shares[String(j)])
            let point = try encrypted.sharedPoint(recipientSecret: secret)
            let complaintProof = try ChaumPedersenProof.prove(
                secret: secret, x: E[j - 1], y: encrypted.ephemeral, z: point,
                context: ComplaintBody.proofContext(setupDigest: m.digest, accuser: j, accused: 3))
            drafts.append(try MiniCeremony.draft(.complaint, try m.signed(ComplaintBody(accuser: j, accused: 3, sharedPoint: point, proof: complaintProof))))
            drafts.append(try MiniCeremony.draft(.trusteeCheck, try m.check(trustee: j, complaints: [3], secret: secret, commitments: commitments)))
        }
        drafts.append(try MiniCeremony.draft(.trusteeCheck,
                                             try m.check(trustee: 3, complaints: [], secret: m.keys[2].encryptionSecret, commitments: commitments)))
        let jointKey = try CeremonyCheck.jointKey(election: m.election, commitments: [1: commitments[0], 2: commitments[1], 3: c3],
                                                  disqualified: [3])
        drafts.append(try MiniCeremony.draft(.jointKey, jointKey))
        drafts += m.rollDrafts
        drafts.append(try MiniCeremony.draft(.open, PhaseBody(phase: .open)))
        return drafts
    }

    /// FINDING (disagreement). verify.py reads JSON `true` as the integer 1 (Python's bool is an
    /// int): `"trustee":true` in a check passes there, and scrutineer refuses it. Also for a
    /// complaint's `accuser` and the joint key's `qualified`. Run verify.py on the written records.
    @Test(arguments: [
        ("bool-check-trustee", "check1", "\"trustee\":1}", "\"trustee\":true}", Check.ceremonyCheck),
        ("bool-complaint-accuser", "complaint", "\"accuser\":1,", "\"accuser\":true,", Check.ceremonyComplaint),
        ("bool-joint-key-qualified", "joint-key", "\"qualified\":[1,2]", "\"qualified\":[true,2]", Check.ceremonyJointKey),
    ])
    func booleanIndex(_ name: String, _ entry: String, _ from: String, _ to: String, _ check: Check) throws {
        let f = try ElectionFixture.shared.get()
        let seq = Int(f.seq(entry))
        var drafts = f.drafts
        let text = try #require(String(bytes: drafts[seq].body, encoding: .utf8))
        #expect(text.contains(from))
        drafts[seq].body = Array(text.replacingOccurrences(of: from, with: to).utf8)
        let report = try AttackRecords.verify(try AttackRecords.fixture(name, drafts))
        #expect(report.failures.contains { $0.check == check && $0.seq == UInt64(seq) }, "\(report.failures)")
    }

    /// FINDING. The commission holds the ledger key, so it can sign a fork of the same election:
    /// everything up to `open` and the issuance, then only the ballot of the voter it wants to
    /// read, `close`, and a tally of that one ballot. The fork verifies (it is a correct record of
    /// the ballots it holds), and `urna trustee decrypt` (verify, audit, decrypt) produces a share
    /// for it after having decrypted the real tally: the key file keeps no memory of the tally it
    /// decrypted, and nothing ties the record to the checkpoints the public saw. With the
    /// threshold of trustees fooled this way, one voter's vote is published.
    @Test("a forked one-ballot tally of the same election, after the real one: the trustees refuse a second tally")
    func forkedTallyIsDecrypted() throws {
        var m = try MiniCeremony()
        let honest = try m.honestRecord()
        let jointKey = try CanonicalJSON.decode(JointKeyBody.self, from: try #require(honest.drafts.last { $0.kind == EntryKind.jointKey.rawValue }).body)
        let context = try ElectionContext(electionBodyBytes: m.electionBytes, jointKey: jointKey.jointKey)
        let tokenKey = try #require(context.tokenKeys["north"])
        let signing = try #require(try ElectionFixture.tokenKeys.get()["north"])
        let ballots = try ["alice", "bob", "alice"].map { choice in
            let request = try TokenRequest.make(electionID: "attack-2026", district: "north", tokenKey: tokenKey)
            let token = try request.finalize(blindSignature: try signing.blindSign(request.blindedMessage), tokenKey: tokenKey)
            return try BallotBuilder.encrypt(election: context, district: "north", choices: ["mayor": [choice]],
                                             credential: request.credential, token: token).ballot
        }
        let issuance = try MiniCeremony.draft(.issuance, IssuanceBody(letters: m.letters))
        func record(_ name: String, _ counted: [Ballot]) throws -> (VerifiedRecord, TallyBody) {
            let tally = try TallyBody.compute(manifest: m.election.manifest, counted: counted)
            let drafts = honest.drafts + [issuance] + (try counted.map { try MiniCeremony.draft(.ballot, $0) })
                + [try MiniCeremony.draft(.close, PhaseBody(phase: .closed)), try MiniCeremony.draft(.tally, tally)]
            let path = try AttackRecords.write(name, drafts, signer: m.signer, origin: MiniCeremony.origin)
            return (try Scrutineer.verifiedRecord(source: try Scrutineer.openSource(path: path)), tally)
        }
        // What `urna trustee decrypt` does: verify the whole record, audit, decrypt, and note the
        // decrypted tally in the key file before the share leaves it (one tally per election).
        func trusteeDecrypt(_ index: Int, _ verified: VerifiedRecord) throws -> TallyShareBody {
            guard verified.report.isValid, let tally = verified.tally, let key = verified.jointKey else {
                throw RecordError(.malformed, "the record does not verify: \(verified.report.failures)")
            }
            try m.keys[index].audit(checks: verified.checks, complaints: verified.complaints, electionBodyBytes: verified.electionBody)
            let share = try m.keys[index].decrypt(tally: tally, jointKey: key, electionBodyBytes: verified.electionBody)
            try m.keys[index].noteDecryption(of: tally)
            return share
        }
        let (real, _) = try record("fork-real", ballots)
        #expect(real.report.isValid, "\(real.report.failures)")
        _ = try trusteeDecrypt(0, real)
        _ = try trusteeDecrypt(1, real)

        let (fork, forkTally) = try record("fork-one-ballot", [ballots[1]])
        #expect(fork.report.isValid, "\(fork.report.failures)")
        var shares: [TallyShareBody] = []
        for index in [0, 1] {
            do {
                shares.append(try trusteeDecrypt(index, fork))
            } catch let error as RecordError {
                #expect(error.code == .secondTally, "\(error)")  // refused: sound
            }
        }
        #expect(shares.isEmpty, "trustees 1 and 2 decrypted a second, different tally of the same election (a one-ballot fork)")
        if shares.count == 2 {
            let result = try TallyCheck.combine(tally: forkTally, shares: shares, threshold: 2)
            #expect(result.districts["north"]?.contests["mayor"]?["bob"] != 1, "the second voter's vote is revealed: bob")
        }
    }

    // MARK: - Attacks correctly refused (these pass)

    @Test("sanity: the mini ceremony's honest record is VALID (python: $URNA_ATTACK_OUT/mini-honest)")
    func miniHonest() throws {
        var m = try MiniCeremony()
        let record = try m.honestRecord()
        let report = try AttackRecords.verify(try AttackRecords.write("mini-honest", record.drafts, signer: m.signer, origin: MiniCeremony.origin))
        #expect(report.isValid, "\(report.failures)")
        #expect(report.result(of: .ceremonyCheck)?.passed == 3)
    }

    @Test("a check replayed from another election of the same trustees (same keys, other setup digest)")
    func replayFromOtherElection() throws {
        var a = try MiniCeremony(electionID: "attack-a")
        let recordA = try a.honestRecord()
        // The same trustees (same key files, ceremony state cleared) join election B.
        var fresh = a.keys
        for index in fresh.indices { fresh[index].ceremony = nil }
        var b = try MiniCeremony(electionID: "attack-b", keys: fresh)
        var recordB = try b.honestRecord()
        let checkSeq = 2 + 3 + 3 + 1   // election, ceremony, 3 pledges, 3 commitments, check1, check2
        recordB.drafts[checkSeq] = try MiniCeremony.draft(.trusteeCheck, recordA.checks[1])
        let report = try AttackRecords.verify(try AttackRecords.write("replay-other-election", recordB.drafts, signer: b.signer, origin: MiniCeremony.origin))
        // Its identity signature was made for election A's setup digest: it is not trustee 2's in B.
        #expect(report.failures.contains { $0.check == .identitySignature && $0.seq == UInt64(checkSeq) }, "\(report.failures)")
        // Even re-signed by trustee 2's identity key for B, its Schnorr signature binds election A.
        recordB.drafts[checkSeq] = try MiniCeremony.draft(.trusteeCheck, try b.signed(recordA.checks[1].withIdentitySignature(nil)))
        let resigned = try AttackRecords.verify(try AttackRecords.write("replay-other-election-resigned", recordB.drafts, signer: b.signer, origin: MiniCeremony.origin))
        #expect(resigned.failures.contains { $0.check == .ceremonyCheck && $0.seq == UInt64(checkSeq) }, "\(resigned.failures)")
        #expect(report.failures.contains { $0.check == .ceremonyJointKey }, "\(report.failures)")
    }

    @Test(arguments: CheckAttackTests.refused.indices)
    func refusedAttack(_ index: Int) throws {
        let attack = Self.refused[index]
        let f = try ElectionFixture.shared.get()
        let (drafts, seq) = try attack.build(f)
        let report = try AttackRecords.verify(try AttackRecords.fixture(attack.name, drafts))
        #expect(!report.isValid, "\(attack.name): VALID")
        #expect(report.failures.contains { $0.check == attack.check && (seq == nil || $0.seq == seq) },
                "\(attack.name): expected \(attack.check.rawValue) at \(seq.map(String.init) ?? "any"); got \(report.failures)")
    }

    struct Attack: Sendable {
        let name: String
        let check: Check
        let build: @Sendable (ElectionFixture) throws -> ([Draft], UInt64?)
    }

    static func body(_ f: ElectionFixture, _ name: String) throws -> String {
        try #require(String(bytes: f.drafts[Int(f.seq(name))].body, encoding: .utf8))
    }

    /// The fixture's drafts with `from` replaced by `to` in entry `name`, re-signed by its trustee
    /// (so that the check behind the identity signature is the one that judges it).
    static func edit(_ f: ElectionFixture, _ name: String, _ from: String, _ to: String) throws -> [Draft] {
        var drafts = f.drafts
        let text = try body(f, name)
        guard text.contains(from) else { throw RecordError(.malformed, "\(from) not in \(name)") }
        let seq = Int(f.seq(name))
        drafts[seq].body = f.resigned(kind: drafts[seq].kind, body: Array(text.replacingOccurrences(of: from, with: to).utf8))
        return drafts
    }

    static func check(_ f: ElectionFixture, _ name: String) throws -> TrusteeCheckBody {
        try CanonicalJSON.decode(TrusteeCheckBody.self, from: f.drafts[Int(f.seq(name))].body)
    }

    static let refused: [Attack] = [
        Attack(name: "check2-replayed-as-trustee-3", check: .ceremonyCheck) { f in
            let c2 = try check(f, "check2")
            var drafts = f.drafts
            drafts[Int(f.seq("check3"))].body = try CanonicalJSON.encode(f.signed(TrusteeCheckBody(trustee: 3, complaints: [], signature: c2.signature)))
            return (drafts, f.seq("check3"))
        },
        Attack(name: "check1-duplicate-complaint", check: .ceremonyCheck) { f in
            (try edit(f, "check1", "\"complaints\":[3]", "\"complaints\":[3,3]"), f.seq("check1"))
        },
        Attack(name: "check1-complaint-against-itself", check: .ceremonyCheck) { f in
            (try edit(f, "check1", "\"complaints\":[3]", "\"complaints\":[1,3]"), f.seq("check1"))
        },
        Attack(name: "check-index-0", check: .ceremonyCheck) { f in
            (try edit(f, "check3", "\"trustee\":3}", "\"trustee\":0}"), f.seq("check3"))
        },
        Attack(name: "check-index-n-plus-1", check: .ceremonyCheck) { f in
            (try edit(f, "check3", "\"trustee\":3}", "\"trustee\":4}"), f.seq("check3"))
        },
        Attack(name: "check-index-huge", check: .ceremonyCheck) { f in
            (try edit(f, "check3", "\"trustee\":3}", "\"trustee\":4294967299}"), f.seq("check3"))
        },
        Attack(name: "check-index-negative", check: .ceremonyCheck) { f in
            (try edit(f, "check3", "\"trustee\":3}", "\"trustee\":-1}"), f.seq("check3"))
        },
        Attack(name: "check-complaint-index-huge", check: .ceremonyCheck) { f in
            (try edit(f, "check1", "\"complaints\":[3]", "\"complaints\":[4294967299]"), f.seq("check1"))
        },
        Attack(name: "check-signature-identity-commitment", check: .ceremonyCheck) { f in
            let c = try check(f, "check2")
            return (try edit(f, "check2", c.signature.commitment.hex, "00"), f.seq("check2"))
        },
        Attack(name: "check-signature-zero-response", check: .ceremonyCheck) { f in
            let c = try check(f, "check2")
            return (try edit(f, "check2", "\"response\":\"\(c.signature.response.hex)\"",
                             "\"response\":\"\(String(repeating: "0", count: 64))\""), f.seq("check2"))
        },
        Attack(name: "check-in-setup-phase", check: .phaseOrder) { f in
            (Tampering.moving(f.drafts, from: Int(f.seq("check2")), before: 1), 1)
        },
        Attack(name: "check-in-open-phase", check: .phaseOrder) { f in
            (Tampering.moving(f.drafts, from: Int(f.seq("check3")), before: Int(f.seq("open")) + 1), f.seq("open"))
        },
        Attack(name: "joint-key-qualifies-disqualified-3", check: .ceremonyJointKey) { f in
            let election = try CanonicalJSON.decode(ElectionBody.self, from: f.electionBytes)
            var commitments: [Int: TrusteeCommitmentBody] = [:]
            for i in 1...3 { commitments[i] = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: f.drafts[Int(f.seq("commitment\(i)"))].body) }
            var drafts = f.drafts
            drafts[Int(f.seq("joint-key"))].body = try CanonicalJSON.encode(try CeremonyCheck.jointKey(election: election, commitments: commitments, disqualified: []))
            return (drafts, f.seq("joint-key"))
        },
        Attack(name: "disqualified-trustee-3-check-missing", check: .ceremonyJointKey) { f in
            (Tampering.removing(f.drafts, [Int(f.seq("check3"))]), f.seq("joint-key") - 1)
        },
        Attack(name: "disqualified-trustee-3-check-invalid", check: .ceremonyCheck) { f in
            let c = try check(f, "check3")
            var drafts = f.drafts
            drafts[Int(f.seq("check3"))].body = try CanonicalJSON.encode(f.signed(TrusteeCheckBody(trustee: 3, complaints: [1], signature: c.signature)))
            return (drafts, f.seq("check3"))
        },
        Attack(name: "complaint-after-accused-check-but-accuser-check-first", check: .ceremonyComplaint) { f in
            // Trustee 1's complaint moved after its own check and after every other check.
            let complaint = Int(f.seq("complaint"))
            return (Tampering.moving(f.drafts, from: complaint, before: Int(f.seq("joint-key"))), nil)
        },
        Attack(name: "check1-with-complaint-before-accused-commitment", check: .ceremonyComplaint) { f in
            // The complaint moved before trustee 3's commitment (its accused).
            let complaint = Int(f.seq("complaint"))
            return (Tampering.moving(f.drafts, from: complaint, before: Int(f.seq("commitment3"))), f.seq("commitment3"))
        },
        Attack(name: "commitment-reencoded-share-keys-order", check: .ceremonyCommitment) { f in
            // Equal JSON value, other bytes: a non-canonical commitment body is refused outright.
            let text = try body(f, "commitment2")
            var drafts = f.drafts
            drafts[Int(f.seq("commitment2"))].body = Array(text.replacingOccurrences(of: "{\"commitments\"", with: "{ \"commitments\"").utf8)
            return (drafts, f.seq("commitment2"))
        },
        Attack(name: "second-joint-key-over-other-set", check: .phaseOrder) { f in
            var drafts = f.drafts
            drafts.insert(drafts[Int(f.seq("joint-key"))], at: Int(f.seq("joint-key")) + 1)
            return (drafts, f.seq("joint-key") + 1)
        },
    ]
}
