import Foundation
import Testing
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The key ceremony cannot be skipped (issue 9, item 6), driven through the real `urna` and
/// `scrutineer` executables: trustee 3 sends trustee 1 a corrupted share; `urna election open`
/// refuses until every trustee's signed check is imported; then the complaint disqualifies
/// trustee 3, voting opens and the record verifies.
@Suite("Key ceremony through the CLI")
struct CeremonyCLITests {
    static let manifest = """
    {"election_id":"cli-ceremony","title":"Ceremony test","contests":[{"id":"mayor","title":"Mayor","min":0,"max":1,\
    "candidates":[{"id":"ann","name":"Ann"},{"id":"ben","name":"Ben"}]}],\
    "districts":[{"id":"north","name":"North","contests":["mayor"]}]}
    """

    /// Runs `urna` in `directory`; expects exit `status` (0 by default) and returns the outcome.
    @discardableResult
    static func urna(_ arguments: [String], in directory: URL, status: Int32 = 0,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Outcome {
        let outcome = try CLI.run("urna", arguments, in: directory)
        #expect(outcome.status == status, "urna \(arguments.joined(separator: " ")): \(outcome.out)\(outcome.err)",
                sourceLocation: sourceLocation)
        return outcome
    }

    /// Replaces `old` by `new` in a file, keeping it private (key files must stay 0600).
    static func replace(_ old: String, _ new: String, in url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(url.lastPathComponent) does not hold the share's box")
        try? FileManager.default.removeItem(at: url)
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data(text.replacingOccurrences(of: old, with: new).utf8),
                                               attributes: [.posixPermissions: 0o600]))
    }

    /// The box of the share trustee message `url` carries for `recipient`.
    static func box(in url: URL, recipient: String) throws -> String {
        let message = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let body = message?["body"] as? [String: Any]
        let share = (body?["shares"] as? [String: Any])?[recipient] as? [String: Any]
        return try #require(share?["box"] as? String)
    }

    /// Re-signs the commitment in trustee message `message` with the identity key of key file
    /// `key`, in both files (what a trustee's own, faulty software would publish).
    static func resign(message: URL, key: URL) throws {
        let keyJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: key)) as? [String: Any])
        let secret = try Hex.decode(try #require(keyJSON["identity_secret"] as? String))
        let digest = try Hex.decode(try #require((keyJSON["ceremony"] as? [String: Any])?["setup_digest"] as? String))
        let messageJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: message)) as? [String: Any])
        let body = try CanonicalJSON.decodeInput(TrusteeCommitmentBody.self,
                                                 from: Array(try JSONSerialization.data(withJSONObject: try #require(messageJSON["body"]))))
        let old = try #require(body.identitySignature).hex
        let new = try #require(try body.signed(with: Ed25519PrivateKey(rawRepresentation: secret), setupDigest: digest).identitySignature).hex
        try replace(old, new, in: message)
        try replace(old, new, in: key)
    }

    @Test("open refuses without every check; after the checks the bad share's sender is disqualified and the record verifies")
    func ceremonyWithACorruptedShare() throws {
        let dir = try CLI.temporaryDirectory("ceremony")
        defer { try? FileManager.default.removeItem(at: dir) }
        let election = dir.appendingPathComponent("election").path
        try Data(Self.manifest.utf8).write(to: dir.appendingPathComponent("manifest.json"))
        var fingerprints: [String] = []
        for t in 1...3 {
            let made = try Self.urna(["trustee", "init", "--name", "t\(t)", "--key", "t\(t).key", "--public-out", "t\(t).json"], in: dir)
            // init prints the identity key's fingerprint for the trustee to announce out of band.
            let line = try #require(made.out.split(separator: "\n").first { $0.hasPrefix("identity key fingerprint ") }, "\(made.out)")
            fingerprints.append(String(line.dropFirst("identity key fingerprint ".count).prefix(39)))
        }
        try CLIRegistrar.register(roll: "voter_id,district\nv1,north\nv2,north\n", in: dir)
        try Self.urna(["election", "create", "--dir", election, "--manifest", "manifest.json", "--registrar", "registrar.json",
                       "--trustee", "t1.json", "--trustee", "t2.json", "--trustee", "t3.json", "--threshold", "2", "--token-bits", "2048"], in: dir)
        try CLIRegistrar.signAndImport(record: election, in: dir)
        // Round 1: every trustee pledges. Before every pledge is in, no trustee can reveal.
        for t in 1...3 {
            try Self.urna(["trustee", "pledge", "--key", "t\(t).key", "--record", election, "--out", "t\(t)-pledge.json"], in: dir)
        }
        try Self.urna(["trustee", "import", "--dir", election, "t1-pledge.json", "t2-pledge.json"], in: dir)
        let early = try Self.urna(["trustee", "commit", "--key", "t1.key", "--record", election, "--out", "t1-commit.json"], in: dir, status: 1)
        #expect(early.err.contains("no pledge yet from trustee(s) 3 ('t3')"), "\(early.err)")
        var status = try Self.urna(["election", "status", "--dir", election], in: dir)
        #expect(status.out.contains("pledges received: 2/3; missing: 3 ('t3')"), "\(status.out)")
        try Self.urna(["trustee", "import", "--dir", election, "t3-pledge.json"], in: dir)
        // Round 2: each reveals the commitments it pledged.
        for t in 1...3 {
            try Self.urna(["trustee", "commit", "--key", "t\(t).key", "--record", election, "--out", "t\(t)-commit.json"], in: dir)
        }
        // Trustee 3's software corrupts the share it encrypts to trustee 1 (the box and the copy
        // in its key file alike: the commitment it published is the one it holds), and signs it.
        let box = try Self.box(in: dir.appendingPathComponent("t3-commit.json"), recipient: "1")
        let position = box.index(box.startIndex, offsetBy: 40)
        let corrupted = box.replacingCharacters(in: position...position, with: box[position] == "0" ? "1" : "0")
        try Self.replace(box, corrupted, in: dir.appendingPathComponent("t3-commit.json"))
        try Self.replace(box, corrupted, in: dir.appendingPathComponent("t3.key"))
        // Unsigned after the change, the commission's import refuses it, naming the trustee…
        let unsigned = try Self.urna(["trustee", "import", "--dir", election, "t3-commit.json"], in: dir, status: 1)
        #expect(unsigned.err.contains("identity_signature") && unsigned.err.contains("trustee 3 ('t3')"), "\(unsigned.err)")
        // …so trustee 3's software signs what it corrupted.
        try Self.resign(message: dir.appendingPathComponent("t3-commit.json"), key: dir.appendingPathComponent("t3.key"))
        try Self.urna(["trustee", "import", "--dir", election, "t1-commit.json", "t2-commit.json", "t3-commit.json"], in: dir)

        // No check imported yet: open is refused, naming every trustee and the commands.
        let refused = try Self.urna(["election", "open", "--dir", election], in: dir, status: 1)
        #expect(refused.err.contains("waiting for the checks of trustee(s) 1 ('t1'), 2 ('t2'), 3 ('t3')"), "\(refused.err)")
        #expect(refused.err.contains("urna trustee check") && refused.err.contains("urna trustee import"), "\(refused.err)")
        status = try Self.urna(["election", "status", "--dir", election], in: dir)
        #expect(status.out.contains("pledges received: 3/3"), "\(status.out)")
        #expect(status.out.contains("commitments received: 3/3"), "\(status.out)")
        #expect(status.out.contains("checks received: 0/3; missing: 1 ('t1'), 2 ('t2'), 3 ('t3')"), "\(status.out)")

        // Trustee 1 complains; 2 and 3 find nothing wrong. Only two checks in: still refused.
        let check1 = try Self.urna(["trustee", "check", "--key", "t1.key", "--record", election, "--out", "t1-check.json"], in: dir)
        #expect(check1.out.contains("1 complaint(s) against trustee(s) 3"), "\(check1.out)")
        for t in 2...3 {
            let check = try Self.urna(["trustee", "check", "--key", "t\(t).key", "--record", election, "--out", "t\(t)-check.json"], in: dir)
            #expect(check.out.contains("no complaint"), "\(check.out)")
        }
        let imported = try Self.urna(["trustee", "import", "--dir", election, "t1-check.json", "t2-check.json"], in: dir)
        #expect(imported.out.contains("complaint against trustee 3 (upheld"), "\(imported.out)")
        let stillRefused = try Self.urna(["election", "open", "--dir", election], in: dir, status: 1)
        #expect(stillRefused.err.contains("checks of trustee(s) 3 ('t3')"), "\(stillRefused.err)")
        status = try Self.urna(["election", "status", "--dir", election], in: dir)
        #expect(status.out.contains("checks received: 2/3; missing: 3 ('t3')"), "\(status.out)")
        #expect(status.out.contains("complaints: trustee 1 against trustee 3 (upheld)"), "\(status.out)")
        #expect(status.out.contains("disqualified: 3 ('t3')"), "\(status.out)")

        // The same check imported again (a rerun after an interrupt) is recorded once; the last
        // check opens the ceremony.
        let repeated = try Self.urna(["trustee", "import", "--dir", election, "t2-check.json"], in: dir)
        #expect(repeated.out.contains("already recorded: the check of trustee 2"), "\(repeated.out)")
        try Self.urna(["trustee", "import", "--dir", election, "t3-check.json"], in: dir)
        try Self.urna(["election", "open", "--dir", election], in: dir)
        status = try Self.urna(["election", "status", "--dir", election], in: dir)
        #expect(status.out.contains("checks received: 3/3"), "\(status.out)")
        #expect(status.out.contains("joint key: published; qualified trustees 1, 2"), "\(status.out)")
        #expect(status.out.contains("phase: open"), "\(status.out)")

        let verified = try CLI.run("scrutineer", ["verify", election], in: dir)
        #expect(verified.status == 0, "\(verified.out)\(verified.err)")
        #expect(verified.out.contains("ceremony.check"), "\(verified.out)")
        // scrutineer lists each trustee's identity key with the fingerprint its trustee announced.
        for (offset, fingerprint) in fingerprints.enumerated() {
            #expect(verified.out.contains("trustee  t\(offset + 1) (\(offset + 1)) identity key fingerprint \(fingerprint)"), "\(verified.out)")
        }

        // Later, status follows the tally's decryption shares against the threshold.
        try Self.urna(["election", "close", "--dir", election], in: dir)
        try Self.urna(["election", "tally", "--dir", election], in: dir)
        status = try Self.urna(["election", "status", "--dir", election], in: dir)
        #expect(status.out.contains("tally shares received: 0 of the 2 needed; 2 more from: 1 ('t1'), 2 ('t2')"), "\(status.out)")
        let disqualified = try Self.urna(["trustee", "decrypt", "--key", "t3.key", "--record", election, "--out", "t3-share.json"],
                                         in: dir, status: 1)
        #expect(disqualified.err.contains("not qualified"), "\(disqualified.err)")
        try Self.urna(["trustee", "decrypt", "--key", "t1.key", "--record", election, "--out", "t1-share.json"], in: dir)
        try Self.urna(["trustee", "import", "--dir", election, "t1-share.json"], in: dir)
        status = try Self.urna(["election", "status", "--dir", election], in: dir)
        #expect(status.out.contains("tally shares received: 1 of the 2 needed; 1 more from: 2 ('t2')"), "\(status.out)")
    }

    @Test("a joint key published without the trustees' checks fails scrutineer verify, naming the check")
    func forgedJointKeyWithoutChecks() throws {
        let dir = try CLI.temporaryDirectory("forged-ceremony")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writeRecordWithoutChecks(to: dir)
        let outcome = try CLI.run("scrutineer", ["verify", dir.path])
        #expect(outcome.status == 1, "\(outcome.out)\(outcome.err)")
        #expect(outcome.out.contains("ceremony.joint-key"), "\(outcome.out)")
        #expect(outcome.out.contains("no valid trustee-check entry from trustee(s) 1 ('t1'), 2 ('t2'), 3 ('t3')"), "\(outcome.out)")
    }

    /// What a dishonest commission holding the ledger key can write: an election, three valid
    /// pledges and commitments (signed by their trustees), a correctly computed joint key and
    /// `open` — but no trustee-check at all.
    static func writeRecordWithoutChecks(to directory: URL) throws {
        let origin = "urna.example/forged"
        let signer = try CheckpointSigner(origin: origin, privateKey: try Ed25519PrivateKey())
        let manifest = try CanonicalJSON.decodeInput(Manifest.self, from: Array(Self.manifest.utf8))
        let tokenKey = try BlindRSAPrivateKey.generate(bits: 2048)
        let secrets = try (1...3).map { _ in try Scalar.random() }
        let identities = try (1...3).map { _ in try Ed25519PrivateKey() }
        let trustees = try secrets.enumerated().map {
            ElectionBody.Trustee(index: $0.offset + 1, name: "t\($0.offset + 1)", encryptionKey: try Point.base($0.element),
                                 identityKey: HexBytes(identities[$0.offset].publicKey.rawRepresentation))
        }
        let election = try ElectionBody(manifest: manifest, ledgerKey: signer.verifierKey,
                                        tokenKeys: ["north": Base64.encode(tokenKey.publicKey.spkiDER)], trustees: trustees, threshold: 2,
                                        registrar: try RegistrarInfo(name: "registrar", identityKey: try Ed25519PrivateKey().publicKey.rawRepresentation,
                                                                     voters: ["north": 1]))
        let electionBytes = try CanonicalJSON.encode(election)
        let digest = ElectionBody.setupDigest(bodyBytes: electionBytes)
        var bodies: [(String, [UInt8])] = [("election", electionBytes), ("ceremony", try CanonicalJSON.encode(PhaseBody(phase: .keyCeremony)))]
        var commitments: [Int: TrusteeCommitmentBody] = [:]
        var reveals: [(String, [UInt8])] = []
        for trustee in trustees {
            let polynomial = try SecretPolynomial.random(threshold: 2)
            let points = try polynomial.commitments()
            var shares: [String: EncryptedShare] = [:]
            for other in trustees where other.index != trustee.index {
                shares[String(other.index)] = try EncryptedShare.seal(
                    try polynomial.evaluate(at: other.index), to: other.encryptionKey,
                    context: TrusteeCommitmentBody.shareContext(setupDigest: digest, sender: trustee.index, recipient: other.index))
            }
            let proof = try SchnorrProof.prove(secret: polynomial.coefficients[0], publicKey: points.constantTerm,
                                               context: TrusteeCommitmentBody.proofContext(setupDigest: digest, trustee: trustee.index))
            // Pledged and revealed, each signed with the trustee's identity key (the trustees' part is sound).
            let identity = identities[trustee.index - 1]
            let body = try TrusteeCommitmentBody(trustee: trustee.index, commitments: points, proof: proof, shares: shares)
                .signed(with: identity, setupDigest: digest)
            commitments[trustee.index] = body
            let pledge = try TrusteePledgeBody(trustee: trustee.index, commitments: points, setupDigest: digest)
                .signed(with: identity, setupDigest: digest)
            bodies.append(("trustee-pledge", try CanonicalJSON.encode(pledge)))
            reveals.append(("trustee-commitment", try CanonicalJSON.encode(body)))
        }
        bodies += reveals
        let jointKey = try CeremonyCheck.jointKey(election: election, commitments: commitments, disqualified: [])
        bodies.append(("joint-key", try CanonicalJSON.encode(jointKey)))
        bodies.append(("open", try CanonicalJSON.encode(PhaseBody(phase: .open))))

        var chain = ChainVerifier()
        var lines: [UInt8] = []
        for (seq, (kind, body)) in bodies.enumerated() {
            let entry = try Entry(seq: UInt64(seq), kind: kind, time: 1_700_000_000_000 + Int64(seq), body: body, prev: chain.head)
            try chain.append(entry)
            lines += EntryLine.encode(entry)
        }
        let checkpoint = try Checkpoint(origin: origin, size: chain.size, root: chain.root, chainHead: chain.head)
        try Data(lines).write(to: directory.appendingPathComponent(LedgerExport.entriesFileName))
        try Data(try signer.signedNote(for: checkpoint).utf8).write(to: directory.appendingPathComponent(LedgerExport.checkpointFileName))
        try Data(LedgerExport.verifierKeyFile(signer.verifierKey).utf8)
            .write(to: directory.appendingPathComponent(LedgerExport.verifierKeyFileName))
    }
}
