import Foundation
import UrnaHTTP
import UrnaLedger

/// The witness's local mirror of the watched service's record (`DIR/mirror`, a JSON Lines
/// export kept by ``RecordMirror``), brought up to each checkpoint the witness is asked to cosign.
///
/// The mirror never keeps what was not verified: before each sync it is cut back to the entries
/// the verifier has read (`DIR/verifier`, which advances only when a checkpoint was verified
/// VALID), and ``WitnessRecordCheck`` cuts it back again when a check fails. So the entries of a
/// refused checkpoint (a forgery, or a page tampered with on the way) are fetched again for the
/// next checkpoint instead of being held against it, and a kill between a sync and its check
/// leaves nothing the next check would trust.
public enum WitnessMirror {
    /// The ``WitnessRecordCheck/Sync`` for the election at `service`
    /// (`http(s)://HOST:PORT/v1/elections/ID`), trusting the PEM certificates in `cacert` for https.
    public static func sync(service: String, cacert: String?, state: URL) throws -> WitnessRecordCheck.Sync {
        var configuration = HTTPClient.Configuration()
        configuration.trustedCertificatesPath = cacert
        let remote = try RemoteRecord(url: service, configuration: configuration)
        let directory = state.appendingPathComponent("mirror")
        return { _, signedNote in
            let verified = try RecordMirror.verifiedSize(state.appendingPathComponent(WitnessRecordCheck.verifierFolder))
            try RecordMirror.cut(directory, toEntries: verified)
            do {
                // Up to exactly the checkpoint being added (its entries, fetched once each).
                try RecordMirror.sync(remote, into: directory, checkpointNote: signedNote, verified: verified)
            } catch let error as ObserverError where error.code == ObserverError.truncated {
                // The mirror holds more than this checkpoint although all it holds was verified
                // (a verifier state ahead of the witness state): the verifier reads only the
                // first `size` entries.
            }
            return directory
        }
    }
}
