import UrnaCryptoBackend

/// Wiping secrets held in Swift arrays (key encodings, derived keys, decrypted shares) once they
/// are no longer needed: `OPENSSL_cleanse`, which the compiler may not optimise away.
///
/// Only the buffer the array owns alone is wiped: Swift arrays copy on write, so copies made
/// before (a `let` elsewhere, a string or `Data` made from it) keep their bytes. What Swift
/// cannot wipe is listed in SECURITY.md ("Key material in memory").
public enum SecretMemory {
    public static func wipe(_ bytes: inout [UInt8]) {
        Cleanse.wipe(&bytes)
    }
}
