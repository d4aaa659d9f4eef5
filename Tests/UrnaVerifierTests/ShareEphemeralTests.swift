import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaVerifier

/// The proof of knowledge of each encrypted share's ephemeral secret (`Specs/crypto.md` §5.3
/// step 6, `Specs/election-record.md` §4.3): trustee 2's commitment in the fixture is rebuilt
/// with one share whose proof is wrong in one way. Every record is re-chained and re-signed (the
/// commission holds the ledger key); `ceremony.commitment` must fail at that commitment.
@Suite("Share ephemeral proofs: a share whose ephemeral key is not proven is refused")
struct ShareEphemeralTests {
    @Test(arguments: Tampering.shareEphemeral)
    func refused(_ tampering: Tampering) throws {
        try tampering.expectCaught()
    }

    @Test("the fixture's honest shares all carry a valid ephemeral proof")
    func honestSharesProve() throws {
        let f = try ElectionFixture.shared.get()
        let election = try CanonicalJSON.decode(ElectionBody.self, from: f.electionBytes)
        let digest = ElectionBody.setupDigest(bodyBytes: f.electionBytes)
        for i in 1...3 {
            let body = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: f.drafts[Int(f.seq("commitment\(i)"))].body)
            try CeremonyCheck.verifyCommitment(body, election: election, setupDigest: digest)
            for (key, share) in body.shares {
                let j = try #require(Int(key))
                try share.verifyEphemeral(context: TrusteeCommitmentBody.shareContext(setupDigest: digest, sender: i, recipient: j))
                // The same proof under the swapped pair fails.
                #expect(throws: CryptoError.self) {
                    try share.verifyEphemeral(context: TrusteeCommitmentBody.shareContext(setupDigest: digest, sender: j, recipient: i))
                }
            }
        }
    }
}

extension Tampering {
    /// Trustee 2's commitment with its share to trustee 1 replaced by `share(f, digest, y, Y, proper)`:
    /// a fresh honest seal (`proper`, with ephemeral secret `y`), changed as the case says.
    static func shareTampering(_ name: String,
                               _ share: @escaping @Sendable (ElectionFixture, [UInt8], Scalar, EncryptedShare) throws -> EncryptedShare
    ) -> Tampering {
        Tampering(name: name, check: .ceremonyCommitment) { f in
            let seq = Int(f.seq("commitment2"))
            let body = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: f.drafts[seq].body)
            let election = try CanonicalJSON.decode(ElectionBody.self, from: f.electionBytes)
            let digest = ElectionBody.setupDigest(bodyBytes: f.electionBytes)
            let y = try Scalar.random()
            let proper = try EncryptedShare.seal(
                try Scalar.random(), to: election.trustees[0].encryptionKey,
                context: TrusteeCommitmentBody.shareContext(setupDigest: digest, sender: 2, recipient: 1),
                ephemeralSecret: y, nonce: try RandomBytes.generate(12))
            var shares = body.shares
            shares["1"] = try share(f, digest, y, proper)
            let changed = try f.signed(TrusteeCommitmentBody(trustee: 2, commitments: body.commitments, proof: body.proof, shares: shares))
            return (try f.writeExport(replacing(f.drafts, seq, body: try CanonicalJSON.encode(changed))), UInt64(seq))
        }
    }

    /// `proper` with its proof re-made under the share context of `(i, j)` and `digest`.
    static func reproved(_ proper: EncryptedShare, y: Scalar, digest: [UInt8], i: Int, j: Int) throws -> EncryptedShare {
        let proof = try EncryptedShare.proveEphemeral(
            secret: y, ephemeral: proper.ephemeral,
            context: TrusteeCommitmentBody.shareContext(setupDigest: digest, sender: i, recipient: j))
        return try EncryptedShare(ephemeral: proper.ephemeral, proof: proof, box: proper.box)
    }

    static let shareEphemeral: [Tampering] = [
        shareTampering("a share's ephemeral proof made for another recipient (2→3, not 2→1)") { _, digest, y, proper in
            try reproved(proper, y: y, digest: digest, i: 2, j: 3)
        },
        shareTampering("a share's ephemeral proof made for another sender (3→1, not 2→1)") { _, digest, y, proper in
            try reproved(proper, y: y, digest: digest, i: 3, j: 1)
        },
        shareTampering("a share's ephemeral proof made for the swapped pair (1→2)") { _, digest, y, proper in
            try reproved(proper, y: y, digest: digest, i: 1, j: 2)
        },
        shareTampering("a share's ephemeral proof made in another election") { _, digest, y, proper in
            try reproved(proper, y: y, digest: SHA256.hash(digest), i: 2, j: 1)
        },
        shareTampering("a share's ephemeral proof under the Schnorr tag, not urna/v1/share-ephemeral") { _, digest, y, proper in
            let proof = try SchnorrProof.prove(
                secret: y, publicKey: proper.ephemeral,
                context: TrusteeCommitmentBody.shareContext(setupDigest: digest, sender: 2, recipient: 1))
            return try EncryptedShare(ephemeral: proper.ephemeral, proof: proof, box: proper.box)
        },
        shareTampering("a share's ephemeral proof for another ephemeral key (2·Y)") { _, _, _, proper in
            try EncryptedShare(ephemeral: try proper.ephemeral.multiplied(by: Scalar(2)), proof: proper.proof, box: proper.box)
        },
        shareTampering("a share's ephemeral proof with a changed response") { _, _, _, proper in
            let p = proper.proof
            return try EncryptedShare(ephemeral: proper.ephemeral,
                                      proof: SchnorrProof(commitment: p.commitment, challenge: p.challenge, response: p.response + .one),
                                      box: proper.box)
        },
        shareTampering("trustee 1's share to 3 copied, with its proof, as trustee 2's share to 1") { f, _, _, _ in
            let c1 = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: f.drafts[Int(f.seq("commitment1"))].body)
            return try #require(c1.shares["3"])
        },
        Tampering(name: "a share without its ephemeral proof", check: .ceremonyCommitment) { f in
            let seq = Int(f.seq("commitment2"))
            let body = try CanonicalJSON.decode(TrusteeCommitmentBody.self, from: f.drafts[seq].body)
            let share = try #require(body.shares["1"])
            let text = try #require(String(bytes: f.drafts[seq].body, encoding: .utf8))
            let field = ",\"proof\":" + (try #require(String(bytes: try CanonicalJSON.encode(share.proof), encoding: .utf8)))
            guard text.contains(field) else { throw RecordError(.malformed, "no \(field) in commitment2") }
            let changed = text.replacingOccurrences(of: field, with: "")
            return (try f.writeExport(replacing(f.drafts, seq, body: Array(changed.utf8))), UInt64(seq))
        },
    ]
}
