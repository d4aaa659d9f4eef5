import Foundation

/// Keeps the witness's local mirror of the watched service's record (`DIR/mirror`).
public enum WitnessMirror {
    /// The ``WitnessRecordCheck/Sync`` for the election at `service`.
    public static func sync(service: String, cacert: String?, ledgerKey: String, state: URL) throws -> WitnessRecordCheck.Sync {
        throw ObserverError(ObserverError.witnessConfiguration, "reading a service's record over HTTP is not available yet")
    }
}
