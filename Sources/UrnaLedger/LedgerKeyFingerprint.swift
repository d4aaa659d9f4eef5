import UrnaCrypto

/// The fingerprint of a ledger key, for comparing it out of band (a printed election notice, a
/// website): the first 128 bits of SHA-256 over the verifier key string's UTF-8 bytes (the line
/// of `ledger.vkey` without its newline), as 32 lowercase hex digits in eight groups of four
/// joined by `-`, e.g. `3f9a-0c12-77be-4d01-9e2a-5b6c-d8f0-1a2b`.
public enum LedgerKeyFingerprint {
    public static func of(_ verifierKey: String) -> String {
        let hex = Array(Array(SHA256.hash(Array(verifierKey.utf8)).prefix(16)).hex)
        return stride(from: 0, to: hex.count, by: 4).map { String(hex[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
