import Foundation
import UrnaCrypto
import UrnaLedger

/// Where the ledger key a verification trusted came from (`Specs/verification.md` §4). Only
/// ``option`` and ``optionFile`` are out of band; the other three come with the record, and an
/// observer must compare the report's fingerprint with the one the commission published.
public enum LedgerKeySource: String, Sendable, Codable, Hashable {
    /// `--ledger-key` with the key string.
    case option = "ledger-key-option"
    /// `--ledger-key` with a path to a `ledger.vkey` file.
    case optionFile = "ledger-key-file"
    /// The election entry's key, which the `ledger.vkey` beside the JSON Lines export matches.
    case vkeyFile = "ledger.vkey"
    /// The election entry's key, which the database's `meta.verifier_key` matches.
    case databaseMeta = "meta.verifier_key"
    /// The election entry's key, with no published copy beside the record: the record vouches for itself.
    case electionEntry = "election-entry"

    public var description: String {
        switch self {
        case .option: "--ledger-key"
        case .optionFile: "--ledger-key file"
        case .vkeyFile: "ledger.vkey beside the record"
        case .databaseMeta: "the database's meta.verifier_key"
        case .electionEntry: "the election entry (the record itself)"
        }
    }

    /// True when the key was given by the observer rather than read with the record.
    public var isOutOfBand: Bool { self == .option || self == .optionFile }
}

/// The key an observer passes with `--ledger-key`: the verifier key string itself
/// (`name+hash+base64`, c2sp.org/signed-note) or the path of a `ledger.vkey` file holding it.
public struct TrustedLedgerKey: Sendable, Hashable {
    public let key: String
    public let source: LedgerKeySource
    /// The file it was read from (``LedgerKeySource/optionFile``).
    public let path: String?

    /// Reads `argument` as a key string, else as a file. Throws `VerifierError(.invalidArgument)`
    /// (scrutineer exits 2) when it is neither, naming why.
    public static func resolve(_ argument: String) throws -> TrustedLedgerKey {
        if (try? CheckpointVerifier(verifierKey: argument)) != nil {
            return TrustedLedgerKey(key: argument, source: .option, path: nil)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            throw VerifierError(.invalidArgument, "--ledger-key '\(argument.prefix(200))' is neither a ledger verifier key (name+hash+base64, as in ledger.vkey) nor an existing file; pass the key string or the path of the ledger.vkey the commission published")
        }
        guard !isDirectory.boolValue else {
            throw VerifierError(.invalidArgument, "--ledger-key \(argument) is a directory; pass the ledger.vkey file (or the key string)")
        }
        guard let data = FileManager.default.contents(atPath: argument), data.count <= LedgerExport.maxSmallFileSize else {
            throw VerifierError(.invalidArgument, "--ledger-key \(argument): the file cannot be read or is larger than \(LedgerExport.maxSmallFileSize) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw VerifierError(.invalidArgument, "--ledger-key \(argument): the file is not UTF-8 text; it should hold one line, the ledger verifier key")
        }
        let key = text.hasSuffix("\r\n") ? String(text.dropLast(2)) : text.hasSuffix("\n") ? String(text.dropLast()) : text
        do {
            _ = try CheckpointVerifier(verifierKey: key)
        } catch {
            let reason = (error as? CryptoError)?.reason ?? (error as? LedgerError)?.reason ?? "it does not parse"
            throw VerifierError(.invalidArgument, "--ledger-key \(argument): the file does not hold a ledger verifier key on one line (\(reason))")
        }
        return TrustedLedgerKey(key: key, source: .optionFile, path: argument)
    }
}
