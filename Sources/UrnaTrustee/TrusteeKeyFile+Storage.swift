import Foundation
import UrnaCrypto
import UrnaRecord

/// Reading and writing the key file. It holds secrets: it is written with mode 0600 and
/// refused on reading if group or others may access it (``PrivateFile``).
extension TrusteeKeyFile {
    /// Writes the key file atomically with mode 0600 (a temporary file synced, then renamed).
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try PrivateFile.write(Array(try encoder.encode(self)) + [0x0a], to: path)
    }

    /// Reads and checks a key file; refuses one that group or others may read or write.
    public static func read(from path: String) throws -> TrusteeKeyFile {
        let bytes = try PrivateFile.read(path, what: "the key file")
        do {
            return try CanonicalJSON.decodeInput(TrusteeKeyFile.self, from: bytes)
        } catch let error as RecordError {
            throw RecordError(.keyFile, "\(path): \(error.reason)")
        }
    }
}
