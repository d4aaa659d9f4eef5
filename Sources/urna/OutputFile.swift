import Foundation
import UrnaRecord
import UrnaService

/// An output file a command writes (a receipt, a trustee message, public info): it may replace
/// an earlier file of its own kind (a rerun), never anything else — not an election database,
/// a wallet, a trustee key or any other file a mistyped path points at.
struct OutputFile {
    let path: String
    /// What the file is, for messages: "receipt", "trustee message", …
    let kind: String
    /// Whether existing bytes are a file of this kind.
    let isSameKind: @Sendable ([UInt8]) -> Bool

    static func receipt(_ path: String) -> OutputFile {
        OutputFile(path: path, kind: "receipt") { (try? Receipt.decode($0)) != nil }
    }

    static func trusteeMessage(_ path: String) -> OutputFile {
        OutputFile(path: path, kind: "trustee message") { (try? CanonicalJSON.decodeFields(TrusteeMessageKind.self, from: $0)) != nil }
    }

    static func publicInfo(_ path: String) -> OutputFile {
        OutputFile(path: path, kind: "trustee's public info") { (try? CanonicalJSON.decodeInput(TrusteePublicInfo.self, from: $0)) != nil }
    }

    static func registration(_ path: String) -> OutputFile {
        OutputFile(path: path, kind: "registrar's registration") { (try? CanonicalJSON.decodeInput(RegistrarInfo.self, from: $0)) != nil }
    }

    static func registrarMessage(_ path: String) -> OutputFile {
        OutputFile(path: path, kind: "signed roll") { (try? CanonicalJSON.decodeInput(RegistrarMessage.self, from: $0)) != nil }
    }

    /// Refuses, before anything is done, a path whose folder is missing, that is one of the
    /// command's `inputs`, or that holds a file of another kind.
    func check(notSameAs inputs: [String] = []) throws {
        try Files.requireWritableFolder(for: path, what: kind)
        var info = stat()
        guard stat(path, &info) == 0 else { return }  // a new file
        for input in inputs {
            var other = stat()
            if stat(input, &other) == 0, other.st_dev == info.st_dev, other.st_ino == info.st_ino {
                throw FileError(description: "the \(kind) would overwrite \(Console.safe(input)), an input of this command; give another path")
            }
        }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= 16 << 20,
              let existing = FileManager.default.contents(atPath: path), isSameKind(Array(existing)) else {
            throw FileError(description: "\(Console.safe(path)) exists and is not a \(kind); refusing to overwrite it (give another path)")
        }
    }

    /// Writes atomically after ``check(notSameAs:)``.
    func write(_ bytes: [UInt8], notSameAs inputs: [String] = []) throws {
        try check(notSameAs: inputs)
        try Files.write(bytes, to: path)
    }
}
