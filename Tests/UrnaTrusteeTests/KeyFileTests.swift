import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaTrustee

@Suite struct KeyFileTests {
    @Test func writesPrivatelyAndReadsBack() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/t1.json"

        var e = try TrusteeElection(n: 3, k: 2)
        let fresh = e.keyFiles[0]
        try fresh.write(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["t1.json"])   // no temporary left
        let read = try TrusteeKeyFile.read(from: path)
        #expect(read.publicInfo == fresh.publicInfo)
        #expect(read.index == nil && read.commitment == nil)

        // Commit, save, reload, and carry on with the reloaded file: its shares still work.
        let commitments = try e.commitAll()
        try e.keyFiles[0].write(to: path)   // overwrites atomically
        e.keyFiles[0] = try TrusteeKeyFile.read(from: path)
        #expect(e.keyFiles[0].index == 1)
        #expect(e.keyFiles[0].setupDigest == e.setupDigest)
        #expect(e.keyFiles[0].commitment == commitments[1])
        #expect(try e.receiveAll(commitments).isEmpty)
        try e.keyFiles[0].write(to: path)
        e.keyFiles[0] = try TrusteeKeyFile.read(from: path)
        #expect(e.keyFiles[0].sharesReceived == [2, 3])
        let jointKey = try CeremonyCheck.jointKey(election: e.body, commitments: commitments, disqualified: [])
        let tally = try e.castAndTally(jointKey: jointKey)
        let result = try e.decrypt(tally, jointKey: jointKey, quorum: [1, 3])
        #expect(result.districts.mapValues(\.contests) == (try TrusteeElection.expected()))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber == 0o600)
    }

    @Test func refusesExposedOrTamperedFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/t.json"
        let keyFile = try TrusteeKeyFile.create(name: "t1")
        try keyFile.write(to: path)
        // Readable by others: refused until chmod 600.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        expectRecordError(.keyFile) { _ = try TrusteeKeyFile.read(from: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        _ = try TrusteeKeyFile.read(from: path)
        // Missing file, not JSON, a key that does not match the secret, another version, a bad name.
        expectRecordError(.keyFile) { _ = try TrusteeKeyFile.read(from: directory + "/missing.json") }
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let other = try TrusteeKeyFile.create(name: "t1").publicInfo.encryptionKey.hex
        for tampered in ["not json",
                         original.replacingOccurrences(of: keyFile.publicInfo.encryptionKey.hex, with: other),
                         original.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2"),
                         original.replacingOccurrences(of: "\"t1\"", with: "\"t 1\"")] {
            #expect(tampered != original)
            try writePrivately(tampered, to: path)
            expectRecordError(.keyFile) { _ = try TrusteeKeyFile.read(from: path) }
        }
        expectRecordError(.keyFile) { _ = try TrusteeKeyFile.create(name: "bad name") }
    }

    @Test func refusesKeyFilesWithoutOrWithAWrongIdentityKey() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/t.json"
        let keyFile = try TrusteeKeyFile.create(name: "t1")
        try keyFile.write(to: path)
        #expect(keyFile.identityFingerprint == IdentityKeyFingerprint.of(keyFile.identityKey.bytes))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        // A key file made before identity keys: refused, saying to make a new one.
        var old = json
        old["identity_key"] = nil
        old["identity_secret"] = nil
        try writePrivately(String(decoding: try JSONSerialization.data(withJSONObject: old), as: UTF8.self), to: path)
        do {
            _ = try TrusteeKeyFile.read(from: path)
            Issue.record("a key file without an identity key was read")
        } catch let error as RecordError {
            #expect(error.code == .keyFile && error.reason.contains("urna trustee init") && error.reason.contains("new key file"), "\(error)")
        }
        // An identity key that is not the seed's.
        var swapped = json
        swapped["identity_key"] = try TrusteeKeyFile.create(name: "t1").identityKey.hex
        try writePrivately(String(decoding: try JSONSerialization.data(withJSONObject: swapped), as: UTF8.self), to: path)
        expectRecordError(.keyFile) { _ = try TrusteeKeyFile.read(from: path) }
    }

    @Test func pledgeThenRevealAfterEveryPledge() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let pledges = try e.pledgeAll()
        // The pledge is stored: a reload gives the same pledge and the commitment it binds.
        let commitment = try #require(e.keyFiles[0].commitment)
        #expect(pledges[0] == TrusteePledgeBody(trustee: 1, commitments: commitment.commitments, setupDigest: e.setupDigest)
                    .withIdentitySignature(pledges[0].identitySignature))
        // Reveal refused before every pledge is in, naming the missing trustee.
        do {
            _ = try e.keyFiles[0].commit(electionBodyBytes: e.bytes, pledges: Array(pledges.prefix(2)))
            Issue.record("revealed before trustee 3 pledged")
        } catch let error as RecordError {
            #expect(error.code == .pledgesMissing && error.reason.contains("3 ('t3')"), "\(error)")
        }
        // A record whose pledge in this trustee's name is not its own: refused.
        let foreign = try TrusteePledgeBody(trustee: 1, commitmentsHash: HexBytes(SHA256.hash([9])))
            .signed(with: Ed25519PrivateKey(), setupDigest: e.setupDigest)
        expectRecordError(.notMine) { _ = try e.keyFiles[0].commit(electionBodyBytes: e.bytes, pledges: [foreign] + pledges.dropFirst()) }
        #expect(try e.keyFiles[0].commit(electionBodyBytes: e.bytes, pledges: pledges) == commitment)
        try commitment.verifyIdentitySignature(election: e.body, setupDigest: e.setupDigest)
    }

    @Test func refusesTamperedCeremonyState() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/t.json"
        var e = try TrusteeElection(n: 2, k: 2)
        _ = try e.commitAll()
        try e.keyFiles[0].write(to: path)
        let original = try String(contentsOfFile: path, encoding: .utf8)
        // A changed coefficient no longer matches the stored commitment; a zero coefficient is refused.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        var ceremony = try #require(json["ceremony"] as? [String: Any])
        var coefficients = try #require(ceremony["coefficients"] as? [String])
        coefficients[1] = try Scalar.random().hex
        ceremony["coefficients"] = coefficients
        var changed = json
        changed["ceremony"] = ceremony
        try writePrivately(String(decoding: try JSONSerialization.data(withJSONObject: changed), as: UTF8.self), to: path)
        expectRecordError(.keyFile) { _ = try TrusteeKeyFile.read(from: path) }
        coefficients[1] = Scalar.zero.hex
        ceremony["coefficients"] = coefficients
        changed["ceremony"] = ceremony
        try writePrivately(String(decoding: try JSONSerialization.data(withJSONObject: changed), as: UTF8.self), to: path)
        expectRecordError(.keyFile) { _ = try TrusteeKeyFile.read(from: path) }
    }

    @Test func publicInfoJSON() throws {
        let info = try TrusteeKeyFile.create(name: "t-1.x").publicInfo
        let bytes = try CanonicalJSON.encode(info)
        #expect(String(decoding: bytes, as: UTF8.self)
                == #"{"encryption_key":"\#(info.encryptionKey.hex)","identity_key":"\#(info.identityKey.hex)","name":"t-1.x"}"#)
        #expect(try CanonicalJSON.decode(TrusteePublicInfo.self, from: bytes) == info)
        let identity = info.identityKey.hex
        expectRecordError(.invalidManifest) {
            _ = try CanonicalJSON.decode(TrusteePublicInfo.self,
                                         from: Array(#"{"encryption_key":"\#(info.encryptionKey.hex)","identity_key":"\#(identity)","name":"t 1"}"#.utf8))
        }
        expectRecordError(.malformed) {
            _ = try CanonicalJSON.decode(TrusteePublicInfo.self,
                                         from: Array(#"{"encryption_key":"00","identity_key":"\#(identity)","name":"t1"}"#.utf8))
        }
        // An identity key that is not a valid strict Ed25519 key (a small-order point) is refused.
        expectRecordError(.invalidManifest) {
            _ = try CanonicalJSON.decode(TrusteePublicInfo.self, from: Array(
                #"{"encryption_key":"\#(info.encryptionKey.hex)","identity_key":"\#(String(repeating: "0", count: 64))","name":"t1"}"#.utf8))
        }
        // A registration made before identity keys is refused, saying what to do.
        do {
            _ = try CanonicalJSON.decode(TrusteePublicInfo.self,
                                         from: Array(#"{"encryption_key":"\#(info.encryptionKey.hex)","name":"t1"}"#.utf8))
            Issue.record("a registration without identity_key was accepted")
        } catch let error as RecordError {
            #expect(error.reason.contains("urna trustee init"), "\(error)")
        }
        #expect(info.trustee(index: 4) == ElectionBody.Trustee(index: 4, name: "t-1.x", encryptionKey: info.encryptionKey,
                                                               identityKey: info.identityKey))
    }

    @Test func commitRefusals() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        // A trustee not in the election; one registered under its name with another key; one whose
        // key is registered under another name.
        var stranger = try TrusteeKeyFile.create(name: "t9")
        expectRecordError(.notATrustee) { _ = try stranger.pledge(electionBodyBytes: e.bytes) }
        var impostor = try TrusteeKeyFile.create(name: "t2")
        expectRecordError(.trusteeKeyMismatch) { _ = try impostor.pledge(electionBodyBytes: e.bytes) }
        expectRecordError(.trusteeKeyMismatch) { _ = try e.keyFiles[0].pledge(electionBodyBytes: e.bytes.renaming("t1", "tx")) }
        // Malformed election body.
        expectRecordError(.malformed) { _ = try e.keyFiles[0].pledge(electionBodyBytes: Array("{}".utf8)) }
        // Revealing, receiving or decrypting before pledging.
        expectRecordError(.notCommitted) { _ = try e.keyFiles[0].commit(electionBodyBytes: e.bytes, pledges: []) }
        expectRecordError(.notCommitted) { _ = try e.keyFiles[0].receiveShares(electionBodyBytes: e.bytes, commitments: []) }

        // A retry returns the same pledge; another election is refused.
        let first = try e.keyFiles[0].pledge(electionBodyBytes: e.bytes)
        #expect(try e.keyFiles[0].pledge(electionBodyBytes: e.bytes) == first)
        var second = e
        let otherBytes = try CanonicalJSON.encode(ElectionBody(
            manifest: e.body.manifest, ledgerKey: e.body.ledgerKey, tokenKeys: e.body.tokenKeys,
            trustees: e.body.trustees, threshold: 3, registrar: e.body.registrar))
        expectRecordError(.otherElection) { _ = try second.keyFiles[0].pledge(electionBodyBytes: otherBytes) }
        expectRecordError(.otherElection) {
            _ = try second.keyFiles[0].receiveShares(electionBodyBytes: otherBytes, commitments: [])
        }
    }

    @Test func receiveRefusals() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let commitments = try e.commitAll()
        // Twice the same sender; a replaced own commitment; an invalid commitment.
        expectRecordError(.badCommitment) {
            _ = try e.keyFiles[0].receiveShares(electionBodyBytes: e.bytes, commitments: [commitments[2]!, commitments[2]!])
        }
        var other = try TrusteeElection(n: 3, k: 2)
        let foreign = try other.commitAll()
        let fakeOwn = TrusteeCommitmentBody(trustee: 1, commitments: foreign[1]!.commitments, proof: foreign[1]!.proof,
                                            shares: foreign[1]!.shares)
        expectRecordError(.badCommitment) {
            _ = try e.keyFiles[0].receiveShares(electionBodyBytes: e.bytes, commitments: [fakeOwn])
        }
        let c2 = commitments[2]!
        let badProof = TrusteeCommitmentBody(
            trustee: 2, commitments: c2.commitments,
            proof: SchnorrProof(commitment: c2.proof.commitment, challenge: c2.proof.challenge, response: c2.proof.response + .one),
            shares: c2.shares)
        expectRecordError(.badCommitment) {
            _ = try e.keyFiles[0].receiveShares(electionBodyBytes: e.bytes, commitments: [badProof])
        }
        // A second, different commitment from a sender already received.
        #expect(try e.keyFiles[0].receiveShares(electionBodyBytes: e.bytes, commitments: [c2]).isEmpty)
        let resent = try HandShare.recommit(c2, setupDigest: e.setupDigest, body: e.body)
        expectRecordError(.shareMismatch) {
            _ = try e.keyFiles[0].receiveShares(electionBodyBytes: e.bytes, commitments: [resent])
        }
    }

    @Test func decryptRefusals() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let commitments = try e.commitAll()
        // Trustee 1 has received only trustee 2's commitment so far.
        _ = try e.keyFiles[0].receiveShares(electionBodyBytes: e.bytes, commitments: [commitments[2]!])
        for index in 1..<3 { _ = try e.keyFiles[index].receiveShares(electionBodyBytes: e.bytes, commitments: Array(commitments.values)) }
        let jointKey = try CeremonyCheck.jointKey(election: e.body, commitments: commitments, disqualified: [])
        let tally = try e.castAndTally(jointKey: jointKey)
        expectRecordError(.missingShare) { _ = try e.keyFiles[0].decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: e.bytes) }
        _ = try e.keyFiles[0].receiveShares(electionBodyBytes: e.bytes, commitments: [commitments[3]!])
        _ = try e.keyFiles[0].decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: e.bytes)

        // A joint key whose public share for trustee 1 is not s_1·G.
        var publicShares = jointKey.publicShares
        publicShares["1"] = jointKey.publicShares["2"]
        let wrong = JointKeyBody(jointKey: jointKey.jointKey, qualified: jointKey.qualified, publicShares: publicShares)
        expectRecordError(.shareMismatch) { _ = try e.keyFiles[0].decrypt(tally: tally, jointKey: wrong, electionBodyBytes: e.bytes) }
        // A district without ballots whose aggregate is not (O, O) (say, one voter's ciphertext).
        var districts = tally.districts
        let north = try #require(tally.districts["north"]?["mayor"])
        districts["east"]?["mayor"] = .init(ballots: 0, selections: north.selections)
        expectRecordError(.badTally) {
            _ = try e.keyFiles[0].decrypt(tally: TallyBody(districts: districts), jointKey: jointKey, electionBodyBytes: e.bytes)
        }
    }
}

/// Writes `text` to `path` with mode 0600 (to plant tampered key files).
func writePrivately(_ text: String, to path: String) throws {
    try? FileManager.default.removeItem(atPath: path)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
}

extension [UInt8] {
    /// The body bytes with one trustee name replaced (names are quoted JSON strings).
    func renaming(_ from: String, _ to: String) -> [UInt8] {
        Array(String(decoding: self, as: UTF8.self).replacingOccurrences(of: "\"\(from)\"", with: "\"\(to)\"").utf8)
    }
}

/// A re-sent commitment from the same trustee with different shares (what an equivocating
/// service or sender would publish): the same commitments and proof, fresh shares of other values.
enum HandShare {
    static func recommit(_ body: TrusteeCommitmentBody, setupDigest: [UInt8], body election: ElectionBody) throws -> TrusteeCommitmentBody {
        var shares = body.shares
        for (key, _) in body.shares {
            let j = try #require(Int(key))
            shares[key] = try EncryptedShare.seal(
                try Scalar.random(), to: election.trustees[j - 1].encryptionKey,
                context: TrusteeCommitmentBody.shareContext(setupDigest: setupDigest, sender: body.trustee, recipient: j))
        }
        return TrusteeCommitmentBody(trustee: body.trustee, commitments: body.commitments, proof: body.proof, shares: shares)
    }
}
