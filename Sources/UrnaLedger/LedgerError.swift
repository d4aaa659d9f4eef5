/// The single error type of the ledger libraries (`UrnaLedger` and `UrnaLedgerStore`).
///
/// Every rejection carries a stable machine-readable ``code``, a human ``reason`` naming
/// what was wrong, and where useful a typed ``detail`` (the first bad entry, the two
/// roots that differ, the line of an export file). Codes are declared next to the
/// feature that throws them (`extension LedgerError.Code`).
public struct LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier, e.g. `root-mismatch`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    /// Typed facts about a failure, for callers that act on them (a verifier report,
    /// a store that names the first bad entry).
    public enum Detail: Sendable, Hashable {
        case none
        /// The first entry (by sequence number) that is missing, out of place or altered.
        case entry(seq: UInt64)
        /// A recomputed Merkle root (or chain head) differs from the one claimed.
        case rootMismatch(expected: [UInt8], computed: [UInt8])
        /// A 1-based line number in an export or note file.
        case line(Int)
    }

    public let code: Code
    public let reason: String
    public let detail: Detail

    public init(_ code: Code, _ reason: String, detail: Detail = .none) {
        self.code = code
        self.reason = reason
        self.detail = detail
    }

    /// The sequence number named by ``detail``, if any.
    public var seq: UInt64? {
        if case .entry(let seq) = detail { return seq }
        return nil
    }

    public var description: String { "\(code): \(reason)" }
}

extension LedgerError.Code {
    /// Bytes or text that do not decode as the expected encoding (length, hex, base64, decimal, JSON line).
    public static let invalidEncoding = Self(rawValue: "invalid-encoding")
    /// A caller-supplied parameter is outside what the operation accepts.
    public static let invalidParameter = Self(rawValue: "invalid-parameter")
    /// An entry's stored hash is not the hash of its fields.
    public static let entryHashMismatch = Self(rawValue: "entry-hash-mismatch")
    /// The hash chain is broken: a sequence gap, or `prev` is not the previous entry's hash.
    public static let chainBroken = Self(rawValue: "chain-broken")
    /// A recomputed Merkle root differs from the claimed one.
    public static let rootMismatch = Self(rawValue: "root-mismatch")
    /// A Merkle proof is malformed for the sizes it claims (wrong length, index out of range).
    public static let invalidProof = Self(rawValue: "invalid-proof")
    /// A checkpoint note is malformed.
    public static let invalidCheckpoint = Self(rawValue: "invalid-checkpoint")
    /// A checkpoint or cosignature does not verify under the expected key.
    public static let badSignature = Self(rawValue: "bad-signature")
}
