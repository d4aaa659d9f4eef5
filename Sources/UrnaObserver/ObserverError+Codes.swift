extension ObserverError {
    // The record is invalid or the service lied (exit 1).
    /// Two different roots for one tree size, or a consistency proof that fails.
    public static let fork = "fork"
    /// A checkpoint smaller than one seen before, or fewer entries than the mirror holds.
    public static let truncated = "truncated"
    /// A checkpoint not signed by the ledger key, or a ledger key that changed.
    public static let badSignature = "bad-signature"
    /// The record does not verify.
    public static let invalidRecord = "invalid-record"

    // The service or the local state cannot be used (exit 2).
    /// The service cannot be reached or answers with an error.
    public static let unreachable = "unreachable"
    /// The service answered something that is not what `Specs/api.md` defines.
    public static let badAnswer = "bad-answer"
    /// An answer larger than the client accepts (a page of entries is then asked for in parts).
    public static let tooLarge = "too-large"
    /// The URL names no election, or several.
    public static let noElection = "no-election"
    /// The local mirror or follow state cannot be read or written.
    public static let stateUnusable = "state-unusable"

    /// Whether this error is an alarm about the record (exit 1) rather than a failure to
    /// obtain or keep it (exit 2).
    public var isAlarm: Bool {
        [Self.fork, Self.truncated, Self.badSignature, Self.invalidRecord].contains(code)
    }
}
