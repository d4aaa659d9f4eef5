import Foundation
import UrnaHTTP
import UrnaLedger

/// The witness's local mirror of the watched service's record (`DIR/mirror`, a JSON Lines
/// export kept by ``RecordMirror``), brought up to each checkpoint the witness is asked to cosign.
public enum WitnessMirror {
    /// The ``WitnessRecordCheck/Sync`` for the election at `service`
    /// (`http(s)://HOST:PORT/v1/elections/ID`), trusting the PEM certificates in `cacert` for https.
    public static func sync(service: String, cacert: String?, state: URL) throws -> WitnessRecordCheck.Sync {
        var configuration = HTTPClient.Configuration()
        configuration.trustedCertificatesPath = cacert
        let remote = try RemoteRecord(url: service, configuration: configuration)
        let directory = state.appendingPathComponent("mirror")
        return { _, signedNote in
            do {
                // Up to exactly the checkpoint being added (its entries, fetched once each).
                try RecordMirror.sync(remote, into: directory, checkpointNote: signedNote)
            } catch let error as ObserverError where error.code == ObserverError.truncated {
                // The mirror already holds more (a larger checkpoint that was refused earlier):
                // the verifier reads only the first `size` entries.
            }
            return directory
        }
    }
}
