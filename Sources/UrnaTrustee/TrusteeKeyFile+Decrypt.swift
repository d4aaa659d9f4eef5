import UrnaCrypto
import UrnaRecord

/// The trustee's partial decryption of the tally (`Specs/crypto.md` §5.2, `Specs/election-record.md` §4.9).
extension TrusteeKeyFile {
    /// Records that this key file decrypts `tally` (save the key file before handing out the
    /// share). Refuses a tally other than the one decrypted before: the commission signs every
    /// checkpoint, so it can show a trustee a fork of the record that verifies but counts only
    /// one voter's ballot; one decryption per election keeps a second, smaller tally from ever
    /// being opened. The same tally again is allowed (a rerun gives the same share).
    public mutating func noteDecryption(of tally: TallyBody) throws {
        guard var ceremony else { throw RecordError(.notCommitted, "this key file has not joined a key ceremony") }
        let digest = SHA256.hash(try CanonicalJSON.encode(tally))
        if let earlier = ceremony.decryptedTally, earlier.bytes != digest {
            throw RecordError(.secondTally, "this key file already decrypted a different tally of this election (SHA-256 \(earlier.bytes.hex.prefix(16))…); decrypting a second one could reveal single votes. The record you were given is a fork of the one you decrypted: keep both and report it to the observers")
        }
        ceremony.decryptedTally = HexBytes(digest)
        self.ceremony = ceremony
    }

    /// Computes `s_j = Σ_{i ∈ qualified} f_i(j)` (its own `f_j(j)` included), checks
    /// `s_j·G = public_shares[j]`, and returns the `tally-share` body: for every aggregate
    /// `M_j = s_j·A` with a Chaum-Pedersen proof, or `"00"` without a proof where `A = O`.
    ///
    /// The caller must have checked the tally against the record first (recomputed from the
    /// counted ballots, ``TallyBody/compute(manifest:counted:)``): a trustee that decrypts an
    /// arbitrary ciphertext may reveal a single ballot. This function refuses the one misuse it
    /// can see alone, a non-`(O, O)` aggregate in a district without ballots.
    public func decrypt(tally: TallyBody, jointKey: JointKeyBody, electionBodyBytes: [UInt8]) throws -> TallyShareBody {
        let (election, digest) = try Self.decodeElection(electionBodyBytes)
        let ceremony = try ceremony(for: election, setupDigest: digest)
        let me = ceremony.index
        guard jointKey.qualified.contains(me) else {
            throw RecordError(.notQualified, "trustee \(me) ('\(name)') is not qualified (qualified: \(jointKey.qualified))")
        }
        var secret = try ceremony.polynomial.evaluate(at: me)
        for i in jointKey.qualified where i != me {
            guard let share = ceremony.receivedShares[String(i)] else {
                throw RecordError(.missingShare,
                                  "the joint key counts trustee \(i) as qualified, but this key file holds no valid share from it; receive its commitment first")
            }
            secret += share
        }
        let publicShare = try Point.base(secret)
        guard jointKey.publicShares[String(me)] == publicShare else {
            throw RecordError(.shareMismatch,
                              "s_\(me)·G does not equal the joint key's public share for trustee \(me): the joint key does not match the shares this key file received")
        }
        let electionHash = ElectionBody.electionHash(bodyBytes: electionBodyBytes, jointKey: jointKey.jointKey)
        var shares: [String: [String: [String: TallyShareBody.Share]]] = [:]
        for (district, contests) in tally.districts {
            for (contest, aggregate) in contests {
                var contestShares: [String: TallyShareBody.Share] = [:]
                for (candidate, ciphertext) in aggregate.selections {
                    guard aggregate.ballots > 0 || (ciphertext.a.isInfinity && ciphertext.b.isInfinity) else {
                        throw RecordError(.badTally,
                                          "\(district)/\(contest)/\(candidate): a district without ballots must have the aggregate (O, O)")
                    }
                    if ciphertext.a.isInfinity {
                        contestShares[candidate] = TallyShareBody.Share(share: ciphertext.a, proof: nil)
                        continue
                    }
                    let context = TallyBody.shareContext(electionHash: electionHash, district: district,
                                                         contest: contest, candidate: candidate, trustee: me)
                    let share = try ciphertext.a.multiplied(by: secret)
                    let proof = try ChaumPedersenProof.prove(secret: secret, x: publicShare, y: ciphertext.a, z: share,
                                                             context: context)
                    contestShares[candidate] = TallyShareBody.Share(share: share, proof: proof)
                }
                shares[district, default: [:]][contest] = contestShares
            }
        }
        return try sign(TallyShareBody(trustee: me, shares: shares), setupDigest: digest)
    }
}
