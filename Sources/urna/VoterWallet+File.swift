import Foundation
import UrnaRecord

/// Reading and writing the wallet file (the model is in `VoterWallet.swift`, which the fuzz
/// target `Tools/fuzz/targets/json-bodies.swift` compiles on its own).
extension VoterWallet {
    /// The wallet at `path`, nil if there is none. Refuses a wallet that group or others can
    /// read or write: it holds the credential and the token.
    static func read(from path: String) throws -> VoterWallet? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw FileError(description: "cannot read the wallet \(Console.safe(path)): \(String(cString: strerror(errno)))") }
            return nil
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(description: "the wallet \(Console.safe(path)) is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw FileError(description: "the wallet \(Console.safe(path)) is readable or writable by others (mode \(String(info.st_mode & 0o777, radix: 8))); it holds your secret credential: run 'chmod 600 \(Console.safe(path))' and check who could have copied it")
        }
        do {
            return try CanonicalJSON.decodeInput(VoterWallet.self, from: Files.read(path))
        } catch let error as RecordError {
            throw FileError(description: "the wallet \(Console.safe(path)) is damaged: \(Console.safe(error.reason))")
        }
    }

    /// Saves atomically with mode 0600.
    func write(to path: String) throws {
        try Files.write(CanonicalJSON.encode(self), to: path, private: true)
    }
}
