import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The ledger key the voter trusts, obtained out of band (the commission's website, the printed
/// election notice): the verifier key itself, or its fingerprint (`Specs/verification.md` §4).
/// Every checkpoint the client accepts must be signed by it.
public enum LedgerKeyPin: Sendable, Hashable {
    /// The verifier key string (`name+hash+base64`, the line of `ledger.vkey`).
    case key(String)
    /// The key's fingerprint, 32 lower-case hex digits (dashes dropped).
    case fingerprint(String)

    /// A pin on a verifier key string; refuses a string that is not a ledger key.
    public static func key(verifierKey: String) throws -> LedgerKeyPin {
        do {
            _ = try CheckpointVerifier(verifierKey: verifierKey)
        } catch {
            throw ClientError("invalid-input", "'\(TerminalText.escaped(String(verifierKey.prefix(200))))' is not a ledger verifier key (name+hash+base64, the line of ledger.vkey)")
        }
        return .key(verifierKey)
    }

    /// A pin on a fingerprint as published (`3f9a-0c12-…`, groups of four hex digits, or 32 hex digits).
    public static func fingerprint(published text: String) throws -> LedgerKeyPin {
        let hex = text.lowercased().filter { $0 != "-" && $0 != " " && $0 != ":" }
        guard hex.count == 32, hex.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
            throw ClientError("invalid-input", "the ledger key fingerprint must be 32 hex digits (as published: 3f9a-0c12-77be-4d01-9e2a-5b6c-d8f0-1a2b), got '\(TerminalText.escaped(String(text.prefix(80))))'")
        }
        return .fingerprint(hex)
    }

    /// The fingerprint of a verifier key: the first 128 bits of SHA-256 over its UTF-8 bytes, as
    /// eight dash-separated groups of four hex digits (`Specs/verification.md` §4).
    public static func fingerprint(of verifierKey: String) -> String { LedgerKeyFingerprint.of(verifierKey) }

    /// Whether `verifierKey` is the pinned key.
    public func matches(_ verifierKey: String) -> Bool {
        switch self {
        case .key(let pinned): return pinned == verifierKey
        case .fingerprint(let pinned): return Self.fingerprint(of: verifierKey).filter { $0 != "-" } == pinned
        }
    }

    /// The pin in words, for messages.
    public var displayed: String {
        switch self {
        case .key(let key): return "ledger key \(key) (fingerprint \(Self.fingerprint(of: key)))"
        case .fingerprint(let hex):
            let chars = Array(hex)
            return "ledger key fingerprint " + stride(from: 0, to: chars.count, by: 4).map { String(chars[$0..<min($0 + 4, chars.count)]) }.joined(separator: "-")
        }
    }
}
