import UrnaCrypto
import UrnaLedger
import UrnaRecord

extension RemoteElection {
    /// The voter's district as the registrar-signed roll in the record says (`Specs/election-record.md`
    /// §4.1a), for a voter who typed the pseudonym and code (a letter names the district itself).
    /// The entries before `open` are read and proven against the verified context's checkpoint
    /// (their tree's root, then a consistency proof to it); each `roll` entry's registrar
    /// signature is checked, and the code must match the pseudonym's commitment. A pseudonym on no
    /// roll, or a code that does not match, is refused (the service would refuse it as well).
    public func rollDistrict(pseudonym: Pseudonym, activationCode: String) throws -> String {
        let checkpoint = try context().checkpoint
        var tree = InMemoryMerkleTree()
        var eligibility: Eligibility?
        var seq: UInt64 = 0
        pages: while seq < checkpoint.size {
            let body = try transport.send("GET", "\(base)/entries?start=\(seq)&end=\(checkpoint.size)").body
            let lines = body.split(separator: 0x0A, omittingEmptySubsequences: true)
            guard !lines.isEmpty else {
                throw ClientError(ClientError.badAnswer, "the service answered entries from \(seq) with nothing, below its checkpoint's size \(checkpoint.size)")
            }
            for line in lines {
                let entry = try Self.decodeServed(line, seq: seq)
                tree.append(leafHash: entry.leafHash)
                seq += 1
                if entry.seq == 0 {
                    guard let election = try? CanonicalJSON.decode(ElectionBody.self, from: entry.body) else {
                        throw ClientError(ClientError.untrusted, "entry 0 is not the election entry")
                    }
                    eligibility = Eligibility(election: election, setupDigest: ElectionBody.setupDigest(bodyBytes: entry.body))
                } else if entry.kind == EntryKind.roll.rawValue, let checked = try? eligibility?.checkRoll(entry.body) {
                    eligibility?.add(roll: checked)  // an entry that fails the checks adds no one, as for scrutineer
                } else if entry.kind == EntryKind.open.rawValue {
                    break pages
                }
            }
        }
        try checkPrefix(tree, checkpoint: checkpoint)
        guard let eligibility, let voter = eligibility.voter(pseudonym) else {
            throw ClientError("not-on-roll", "pseudonym \(pseudonym.hex) is on no district's roll in the record: check it against your letter")
        }
        guard eligibility.judge(pseudonym: pseudonym, code: activationCode, district: voter.district) == nil else {
            throw ClientError("code-mismatch", "the activation code does not match the one the registrar committed to for pseudonym \(pseudonym.hex) on the roll: check it against your letter")
        }
        return voter.district
    }

    /// The entries read are the first `tree.size` of the checkpoint's tree.
    private func checkPrefix(_ tree: InMemoryMerkleTree, checkpoint: Checkpoint) throws {
        guard tree.size < checkpoint.size else {
            guard tree.root == checkpoint.root else {
                throw ClientError(ClientError.untrusted, "the entries served are not the tree of the signed checkpoint (size \(checkpoint.size)); refusing the roll")
            }
            return
        }
        do {
            let proof = try consistencyProof(old: tree.size, new: checkpoint.size)
            try MerkleVerifier.verifyConsistency(oldSize: tree.size, newSize: checkpoint.size, oldRoot: tree.root, newRoot: checkpoint.root, proof: proof)
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(ClientError.untrusted, "the roll entries served are not a prefix of the signed checkpoint's tree (\(Self.reason(error))); refusing the roll")
        }
    }
}
