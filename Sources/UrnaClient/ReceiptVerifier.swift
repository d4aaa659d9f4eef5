import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The offline checks of a voter's receipt (`Specs/election-record.md` §7): its checkpoint is
/// signed by the pinned ledger key, and its inclusion proof puts its entry hash at its seq.
public enum ReceiptVerifier {
    /// The receipt's checkpoint, once both checks hold; a `ClientError` naming the one that failed.
    public static func verifyOffline(_ receipt: Receipt, ledgerKey: CheckpointVerifier) throws -> Checkpoint {
        let checkpoint: Checkpoint
        do {
            checkpoint = try ledgerKey.verifiedCheckpoint(receipt.checkpoint)
        } catch {
            throw ClientError(ClientError.untrusted, "the receipt's checkpoint is not signed by the pinned ledger key \(ledgerKey.verifierKey) (\(RemoteElection.reason(error)))")
        }
        do {
            try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(receipt.entryHash.bytes), leafIndex: receipt.seq,
                                               treeSize: checkpoint.size, proof: receipt.inclusionProof.map(\.bytes),
                                               root: checkpoint.root)
        } catch {
            throw ClientError(ClientError.untrusted, "the receipt's inclusion proof does not put entry \(receipt.seq) in the signed tree of size \(checkpoint.size) (\(RemoteElection.reason(error)))")
        }
        return checkpoint
    }
}
