import Foundation
import UrnaCrypto
import UrnaLedger

/// Observer cosignatures (C2SP `tlog-cosignature`, `Specs/ledger.md` §4.3): an observer that
/// has verified a record signs its latest checkpoint, so a split view shown to different people
/// becomes detectable.
extension Scrutineer {
    /// A new observer key: the signer key string (a secret, type `0x04`) and its verifier key.
    public static func makeObserverKey(name: String) throws -> (signerKey: String, verifierKey: String) {
        let signer: CosignatureSigner
        do {
            signer = try CosignatureSigner(name: name, privateKey: Ed25519PrivateKey())
        } catch {
            throw VerifierError(.invalidArgument, "observer name '\(name)': \(error)")
        }
        return (signer.signerKeyString, signer.verifier.verifierKeyString)
    }

    /// Cosigns the checkpoint a valid report vouches for, with the observer's signer key, at
    /// `time` (Unix seconds). Refuses an invalid record or one without a valid checkpoint.
    public static func cosign(_ report: VerificationReport, signerKey: String,
                              time: UInt64 = UInt64(Date().timeIntervalSince1970)) throws -> String {
        guard report.isValid else {
            throw VerifierError(.invalidArgument, "the record is invalid (\(report.failureCount) failures): not cosigning it")
        }
        guard let checkpoint = report.checkpoint, let ledgerKey = report.ledgerKey else {
            throw VerifierError(.invalidArgument, "the record has no valid signed checkpoint to cosign")
        }
        let cosigner: CosignatureSigner
        do {
            cosigner = try CosignatureSigner(signerKey: signerKey)
        } catch {
            throw VerifierError(.invalidArgument, "the observer key does not parse: \(error)")
        }
        do {
            return try CheckpointVerifier(verifierKey: ledgerKey).cosign(checkpoint.note, cosigner: cosigner, time: time)
        } catch {
            throw VerifierError(.invalidArgument, "cosigning failed: \(error)")
        }
    }
}
