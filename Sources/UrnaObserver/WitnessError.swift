/// The witness's refusals (`Specs/api.md` §5, C2SP `tlog-witness`): each ``ObserverError`` code
/// a witness throws, and the HTTP status it is answered with.
extension ObserverError {
    /// The add-checkpoint body breaks the grammar or a limit (400).
    public static let witnessMalformed = "witness-malformed"
    /// The checkpoint's origin is not the ledger the witness watches (404).
    public static let witnessUnknownOrigin = "witness-unknown-origin"
    /// No signature on the checkpoint verifies under the pinned ledger key (403).
    public static let witnessBadSignature = "witness-bad-signature"
    /// `old` is not the size the witness last cosigned (409, with that size).
    public static let witnessConflict = "witness-conflict"
    /// A checkpoint of the size the witness cosigned, with another root: a fork (409).
    public static let witnessFork = "witness-fork"
    /// The consistency proof does not prove the new tree extends the cosigned one (422).
    public static let witnessInconsistent = "witness-inconsistent"
    /// The record up to the new checkpoint does not verify (422).
    public static let witnessRecordInvalid = "witness-record-invalid"
    /// The witness's state cannot be read, trusted or written (500; at startup, a refusal to start).
    public static let witnessState = "witness-state"
    /// The witness's key or configuration is unusable (at startup).
    public static let witnessConfiguration = "witness-configuration"

    /// The HTTP status a witness answers this error with.
    public var witnessStatus: Int {
        switch code {
        case Self.witnessMalformed: 400
        case Self.witnessBadSignature: 403
        case Self.witnessUnknownOrigin: 404
        case Self.witnessConflict, Self.witnessFork: 409
        case Self.witnessInconsistent, Self.witnessRecordInvalid: 422
        default: 500
        }
    }
}
