import Foundation

/// The export of a ledger (`Specs/ledger.md` §6): a directory holding
///
/// - `ledger.jsonl`: every entry, one ``EntryLine`` per line, in seq order from 0;
/// - `checkpoint`: the latest signed checkpoint note (with any cosignatures);
/// - `ledger.vkey`: the ledger's verifier key `<origin>+<key ID>+<base64(0x01 ‖ key)>` and `\n`.
///
/// ``verify(directory:trustedVerifierKey:onEntry:)`` checks an export in one streaming pass
/// and bounded memory, without any database.
public enum LedgerExport {
    public static let entriesFileName = "ledger.jsonl"
    public static let checkpointFileName = "checkpoint"
    public static let verifierKeyFileName = "ledger.vkey"
    /// Largest accepted checkpoint or key file.
    public static let maxSmallFileSize = 1 << 20

    /// What a verified export holds.
    public struct Summary: Sendable, Hashable {
        /// Number of entries.
        public let size: UInt64
        /// `MTH` of all entries.
        public let root: [UInt8]
        /// Hash of the last entry.
        public let chainHead: [UInt8]
        /// The verified checkpoint (its size may be smaller than ``size``).
        public let checkpoint: Checkpoint
        /// The checkpoint note as exported.
        public let checkpointNote: String
        /// The ledger key the checkpoint was verified with.
        public let verifierKey: String
    }

    /// The content of `ledger.vkey`.
    public static func verifierKeyFile(_ verifierKey: String) -> String { verifierKey + "\n" }

    /// Reads `ledger.vkey`: exactly one line ending in `\n`.
    public static func readVerifierKey(directory: URL) throws -> String {
        let text = try readSmallFile(directory.appendingPathComponent(verifierKeyFileName))
        guard text.hasSuffix("\n"), !text.dropLast().contains("\n"), text.count > 1 else {
            throw LedgerError(.invalidEncoding, "\(verifierKeyFileName) must hold exactly one line ending in a newline")
        }
        return String(text.dropLast())
    }

    /// Checks an export: the verifier key (the trusted one if given, which must then equal the
    /// file's), the checkpoint's signature, every entry line and its hash, the chain from seq 0,
    /// and the Merkle root and chain head at the checkpoint's size. Calls `onEntry` with each
    /// entry once checked against the chain, in order.
    public static func verify(directory: URL, trustedVerifierKey: String? = nil,
                              onEntry: (Entry) throws -> Void = { _ in }) throws -> Summary {
        let fileKey = try readVerifierKey(directory: directory)
        if let trustedVerifierKey, trustedVerifierKey != fileKey {
            throw LedgerError(.badSignature, "the export's key \(fileKey) is not the trusted key \(trustedVerifierKey)")
        }
        let verifier = try CheckpointVerifier(verifierKey: trustedVerifierKey ?? fileKey)
        let note = try readSmallFile(directory.appendingPathComponent(checkpointFileName))
        let checkpoint = try verifier.verifiedCheckpoint(note)

        var chain = ChainVerifier()
        var checked = false
        func checkAtCheckpoint() throws {
            guard !checked, chain.size == checkpoint.size else { return }
            checked = true
            let root = chain.root
            guard root == checkpoint.root else {
                throw LedgerError(.rootMismatch, "the entries' Merkle root at size \(checkpoint.size) is not the checkpoint's",
                                  detail: .rootMismatch(expected: checkpoint.root, computed: root))
            }
            guard chain.head == checkpoint.chainHead else {
                throw LedgerError(.rootMismatch, "the chain head at size \(checkpoint.size) is not the checkpoint's",
                                  detail: .rootMismatch(expected: checkpoint.chainHead, computed: chain.head))
            }
        }
        try checkAtCheckpoint()
        let reader = try EntryLineReader(url: directory.appendingPathComponent(entriesFileName))
        while let entry = try reader.next() {
            try chain.append(entry)
            try onEntry(entry)
            try checkAtCheckpoint()
        }
        guard checked else {
            throw LedgerError(.chainBroken, "the export has \(chain.size) entries but its checkpoint covers \(checkpoint.size)",
                              detail: .entry(seq: chain.size))
        }
        return Summary(size: chain.size, root: chain.root, chainHead: chain.head, checkpoint: checkpoint,
                       checkpointNote: note, verifierKey: verifier.verifierKey)
    }

    static func readSmallFile(_ url: URL) throws -> String {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: maxSmallFileSize + 1) ?? Data()
        } catch {
            throw LedgerError(.invalidParameter, "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard data.count <= maxSmallFileSize else {
            throw LedgerError(.invalidEncoding, "\(url.lastPathComponent) is larger than \(maxSmallFileSize) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LedgerError(.invalidEncoding, "\(url.lastPathComponent) is not UTF-8")
        }
        return text
    }
}
