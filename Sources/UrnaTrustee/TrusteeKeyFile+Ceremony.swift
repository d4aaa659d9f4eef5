import UrnaCrypto
import UrnaRecord

/// The trustee's part of the key ceremony (`Specs/crypto.md` §5.1, `Specs/election-record.md` §4.3–§4.4).
extension TrusteeKeyFile {
    /// Test hook: how ``commit(electionBodyBytes:faults:)`` corrupts the share sent to a recipient.
    package enum ShareFault: Sendable {
        /// Encrypts `f_i(j) + 1`, which fails the recipient's Feldman check.
        case wrongValue
        /// Flips a byte of the box, which then fails to open.
        case garbledBox
    }

    /// Joins the election's key ceremony (`Specs/election-record.md` §4.2a): finds this trustee in
    /// the election body (by name and keys), draws a random polynomial of degree `threshold − 1`,
    /// makes the `trustee-commitment` body (§4.3: the Feldman commitments, a Schnorr proof of
    /// `a_0`, and `f_i(j)` encrypted to every other trustee) and keeps it, signed, in the key
    /// file; returns the signed `trustee-pledge` body, the hash of those commitments. Save the
    /// key file before sending the pledge. Called again for the same election it returns the
    /// same pledge; it refuses a key file already pledged to another election.
    public mutating func pledge(electionBodyBytes: [UInt8]) throws -> TrusteePledgeBody {
        try pledge(electionBodyBytes: electionBodyBytes, faults: [:])
    }

    /// ``pledge(electionBodyBytes:)`` with deliberately bad shares for some recipients (tests only).
    package mutating func pledge(electionBodyBytes: [UInt8], faults: [Int: ShareFault]) throws -> TrusteePledgeBody {
        let (election, digest) = try Self.decodeElection(electionBodyBytes)
        let index = try ownIndex(in: election)
        if let ceremony {
            guard ceremony.setupDigest.bytes == digest else {
                throw RecordError(.otherElection,
                                  "this key file already pledged to another election (setup digest \(ceremony.setupDigest.hex.prefix(16))…); use a new key file")
            }
            return ceremony.pledge
        }
        let polynomial = try SecretPolynomial.random(threshold: election.threshold)
        let commitments = try polynomial.commitments()
        let proof = try SchnorrProof.prove(
            secret: polynomial.coefficients[0], publicKey: commitments.constantTerm,
            context: TrusteeCommitmentBody.proofContext(setupDigest: digest, trustee: index))
        var shares: [String: EncryptedShare] = [:]
        for trustee in election.trustees where trustee.index != index {
            var value = try polynomial.evaluate(at: trustee.index)
            if faults[trustee.index] == .wrongValue { value += .one }
            var sealed = try EncryptedShare.seal(
                value, to: trustee.encryptionKey,
                context: TrusteeCommitmentBody.shareContext(setupDigest: digest, sender: index, recipient: trustee.index))
            if faults[trustee.index] == .garbledBox {
                var box = sealed.box
                box[20] ^= 0x01
                sealed = try EncryptedShare(ephemeral: sealed.ephemeral, proof: sealed.proof, box: box)
            }
            shares[String(trustee.index)] = sealed
        }
        let body = try sign(TrusteeCommitmentBody(trustee: index, commitments: commitments, proof: proof, shares: shares),
                            setupDigest: digest)
        let pledge = try sign(TrusteePledgeBody(trustee: index, commitments: commitments, setupDigest: digest), setupDigest: digest)
        ceremony = Ceremony(setupDigest: HexBytes(digest), index: index, coefficients: polynomial.coefficients,
                            commitment: body, pledge: pledge, receivedShares: [:], complaints: [:])
        return pledge
    }

    /// Reveals the commitment body pledged by ``pledge(electionBodyBytes:)`` once the record
    /// holds every trustee's pledge (`pledges`, the record's `trustee-pledge` bodies): revealing
    /// earlier would let a trustee still to pledge choose its polynomial after seeing this one.
    /// Throws `not-committed` before this key file pledged, `pledges-missing` naming the
    /// trustees that have not pledged yet, and `not-mine` if the record's pledge in this
    /// trustee's name is not the one this key file made.
    ///
    /// The key file notes the pledges it reveals against (write it before sending the
    /// commitment): a trustee that pledges again after seeing this one's commitments — a fork of
    /// the record shown with the commission's help — is refused later, by ``receiveShares``.
    public mutating func commit(electionBodyBytes: [UInt8], pledges: [TrusteePledgeBody]) throws -> TrusteeCommitmentBody {
        let (election, digest) = try Self.decodeElection(electionBodyBytes)
        var ceremony = try ceremony(for: election, setupDigest: digest)
        var byIndex: [Int: TrusteePledgeBody] = [:]
        for pledge in pledges { byIndex[pledge.trustee] = pledge }
        if let recorded = byIndex[ceremony.index], recorded != ceremony.pledge {
            throw RecordError(.notMine,
                              "the record holds a pledge in the name of trustee \(ceremony.index) ('\(name)') that this key file did not make; do not reveal your commitments on this record and report it")
        }
        let missing = election.trustees.filter { byIndex[$0.index] == nil }
        guard missing.isEmpty else {
            let names = missing.map { "\($0.index) ('\(TerminalText.escaped($0.name))')" }.joined(separator: ", ")
            throw RecordError(.pledgesMissing,
                              "the record holds no pledge yet from trustee(s) \(names); commitments are revealed only once every trustee has pledged: run `urna trustee commit` again after the commission has imported their pledges")
        }
        let seen = byIndex.mapValues(\.commitmentsHash)
        if let earlier = ceremony.revealedAgainst {
            for (index, hash) in earlier.sorted(by: { $0.key < $1.key }) where seen[Int(index) ?? 0] != hash {
                throw RecordError(.pledgeChanged,
                                  "trustee \(index)'s pledge in this record is not the one this key file revealed its commitments against: that trustee pledged again after seeing yours; do not go on with this record, report it")
            }
        } else {
            ceremony.revealedAgainst = Dictionary(uniqueKeysWithValues: seen.map { (String($0.key), $0.value) })
            self.ceremony = ceremony
        }
        return ceremony.commitment
    }

    /// Checks every other trustee's commitment (``CeremonyCheck/verifyCommitment(_:election:setupDigest:)``),
    /// decrypts the share addressed to this trustee and checks it against the sender's Feldman
    /// commitments. Keeps the valid shares; returns a `complaint` body (§4.4) for each bad one,
    /// ascending by accused (the same body again if asked again). May be called as commitments arrive.
    ///
    /// Throws if this file has not pledged to the election, if a commitment is invalid or given
    /// twice, if this trustee's own commitment in the list is not the one it made, or if a sender's
    /// share differs from one received earlier.
    public mutating func receiveShares(electionBodyBytes: [UInt8], commitments: [TrusteeCommitmentBody]) throws -> [ComplaintBody] {
        let (election, digest) = try Self.decodeElection(electionBodyBytes)
        var ceremony = try ceremony(for: election, setupDigest: digest)
        let me = ceremony.index
        var seen = Set<Int>()
        var complaints: [ComplaintBody] = []
        for body in commitments.sorted(by: { $0.trustee < $1.trustee }) {
            let sender = body.trustee, key = String(body.trustee)
            guard seen.insert(sender).inserted else {
                throw RecordError(.badCommitment, "two commitments from trustee \(sender)")
            }
            if sender == me {
                guard body == ceremony.commitment else {
                    throw RecordError(.badCommitment, "the commitment of trustee \(me) is not the one this key file made")
                }
                continue
            }
            if let pledged = ceremony.revealedAgainst?[key],
               pledged.bytes != TrusteePledgeBody.commitmentsHash(setupDigest: digest, trustee: sender, commitments: body.commitments) {
                throw RecordError(.pledgeChanged,
                                  "trustee \(sender)'s commitments are not the ones it had pledged when this key file revealed its own: it pledged again after seeing yours (a rushing trustee, with a record shown to you that the public one is not); do not check, report it")
            }
            try CeremonyCheck.verifyCommitment(body, election: election, setupDigest: digest)
            if let share = try validShare(from: body, to: me, setupDigest: digest) {
                if let earlier = ceremony.receivedShares[key], earlier != share {
                    throw RecordError(.shareMismatch, "the share from trustee \(sender) differs from the one received earlier")
                }
                ceremony.receivedShares[key] = share
            } else {
                guard ceremony.receivedShares[key] == nil else {
                    throw RecordError(.shareMismatch, "the share from trustee \(sender) is now invalid but was valid earlier")
                }
                let complaint = try ceremony.complaints[key]
                    ?? makeComplaint(against: body, accuser: me, setupDigest: digest)
                ceremony.complaints[key] = complaint
                complaints.append(complaint)
            }
        }
        self.ceremony = ceremony
        return complaints
    }

    /// A complaint against `body`'s share to this trustee, whatever the share (tests use it to
    /// make unfounded complaints). Requires a commitment to the election.
    package func makeComplaint(against body: TrusteeCommitmentBody, electionBodyBytes: [UInt8]) throws -> ComplaintBody {
        let (election, digest) = try Self.decodeElection(electionBodyBytes)
        let ceremony = try ceremony(for: election, setupDigest: digest)
        return try makeComplaint(against: body, accuser: ceremony.index, setupDigest: digest)
    }

    /// Reveals `P = e_j·Y` for the share `body.trustee` sent to `accuser`, with a Chaum-Pedersen
    /// proof that `log_G E_j = log_Y P` under `[setup digest, "complaint", u32(j), u32(i)]`.
    ///
    /// Never for a share whose proof of knowledge of `log_G Y` fails (`Specs/crypto.md` §5.3):
    /// `Y` could then be another trustee's ephemeral key (or a multiple of it), and `P` would open
    /// that trustee's share to this one. The commitment check already refuses such a share; this
    /// guard does not rely on it (throws `bad-commitment`).
    func makeComplaint(against body: TrusteeCommitmentBody, accuser: Int, setupDigest: [UInt8]) throws -> ComplaintBody {
        guard let encrypted = body.shares[String(accuser)] else {
            throw RecordError(.badCommitment, "trustee \(body.trustee) sent no share to trustee \(accuser)")
        }
        do {
            try encrypted.verifyEphemeral(
                context: TrusteeCommitmentBody.shareContext(setupDigest: setupDigest, sender: body.trustee, recipient: accuser))
        } catch let error as CryptoError {
            throw RecordError(.badCommitment,
                              "trustee \(body.trustee)'s share to trustee \(accuser) does not prove knowledge of its ephemeral key (\(error.reason)); no complaint is made, since it would reveal e_j·Y for a Y that may be another trustee's: report it")
        }
        let point = try encrypted.sharedPoint(recipientSecret: encryptionSecret)
        let proof = try ChaumPedersenProof.prove(
            secret: encryptionSecret, x: encryptionKey, y: encrypted.ephemeral, z: point,
            context: ComplaintBody.proofContext(setupDigest: setupDigest, accuser: accuser, accused: body.trustee))
        return try sign(ComplaintBody(accuser: accuser, accused: body.trustee, sharedPoint: point, proof: proof),
                        setupDigest: setupDigest)
    }

    /// The share `body.trustee` sent to `me`, or nil if it is grounds for a complaint: the box
    /// does not open, holds no non-zero scalar, or the scalar fails the Feldman check.
    func validShare(from body: TrusteeCommitmentBody, to me: Int, setupDigest: [UInt8]) throws -> Scalar? {
        guard let encrypted = body.shares[String(me)] else { return nil }
        let context = TrusteeCommitmentBody.shareContext(setupDigest: setupDigest, sender: body.trustee, recipient: me)
        let share: Scalar
        do {
            share = try encrypted.open(recipientSecret: encryptionSecret, context: context)
        } catch let error as CryptoError where error.code == .authenticationFailed || error.code == .invalidScalar {
            return nil
        }
        do {
            try body.commitments.verifyShare(share, at: me)
        } catch let error as CryptoError where error.code == .invalidShare {
            return nil
        }
        return share
    }

    /// This trustee's index in `election`, matched by name, encryption key and identity key.
    func ownIndex(in election: ElectionBody) throws -> Int {
        guard let entry = election.trustees.first(where: { $0.name == name }) else {
            if let other = election.trustees.first(where: { $0.encryptionKey == encryptionKey }) {
                throw RecordError(.trusteeKeyMismatch,
                                  "this key file's encryption key is registered as trustee '\(other.name)', not '\(name)'")
            }
            throw RecordError(.notATrustee, "trustee '\(name)' is not in this election")
        }
        guard entry.encryptionKey == encryptionKey else {
            throw RecordError(.trusteeKeyMismatch,
                              "trustee '\(name)' is registered with encryption key \(entry.encryptionKey.hex.prefix(16))…, not this key file's \(encryptionKey.hex.prefix(16))…")
        }
        guard entry.identityKey == identityKey else {
            throw RecordError(.trusteeKeyMismatch,
                              "trustee '\(name)' is registered with identity key fingerprint \(IdentityKeyFingerprint.of(entry.identityKey.bytes)), not this key file's \(identityFingerprint)")
        }
        return entry.index
    }

    static func decodeElection(_ bytes: [UInt8]) throws -> (ElectionBody, [UInt8]) {
        (try CanonicalJSON.decode(ElectionBody.self, from: bytes), ElectionBody.setupDigest(bodyBytes: bytes))
    }

    /// The ceremony state for this election, or an error naming why there is none.
    func ceremony(for election: ElectionBody, setupDigest: [UInt8]) throws -> Ceremony {
        guard let ceremony else {
            throw RecordError(.notCommitted, "this key file has not pledged to election '\(election.manifest.electionID)'; run `urna trustee pledge` first")
        }
        guard ceremony.setupDigest.bytes == setupDigest else {
            throw RecordError(.otherElection,
                              "this key file pledged to another election (setup digest \(ceremony.setupDigest.hex.prefix(16))…), not '\(election.manifest.electionID)'")
        }
        return ceremony
    }
}
