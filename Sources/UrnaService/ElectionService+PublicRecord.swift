import UrnaCrypto
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord

/// The public record as the network API serves it (`Specs/api.md` §3): entries as JSON Lines,
/// checkpoints with their cosignatures, and proofs, all under signed checkpoints.
extension ElectionService {
    /// A signed checkpoint as served: its size, root and note (with the cosignatures stored).
    public struct ServedCheckpoint: Sendable, Hashable {
        public let size: UInt64
        public let rootHash: [UInt8]
        public let note: String
    }

    /// Number of durable entries.
    public var ledgerSize: UInt64 { ledger.size }

    /// The latest signed checkpoint, or nil before the first.
    public func latestCheckpoint() throws -> ServedCheckpoint? {
        try Self.wrap("checkpoint") { try ledger.latestCheckpoint().map(Self.served) }
    }

    /// The latest checkpoint if it covers `seq`, else a new one (signed now).
    public func checkpoint(covering seq: UInt64) throws -> ServedCheckpoint {
        try Self.wrap("checkpoint") {
            if let latest = try ledger.latestCheckpoint(), latest.checkpoint.size > seq { return Self.served(latest) }
            return Self.served(try ledger.makeCheckpointAndWait(signer: signer))
        }
    }

    /// Signs a checkpoint of everything durable now, unless the latest already covers it.
    public func checkpointNow() throws -> ServedCheckpoint {
        try Self.wrap("checkpoint") {
            if let latest = try ledger.latestCheckpoint(), latest.checkpoint.size == ledger.size { return Self.served(latest) }
            return Self.served(try ledger.makeCheckpointAndWait(signer: signer))
        }
    }

    /// Stores the cosignatures in `cosignedNote` that verify under `cosigners` with the stored
    /// checkpoint of the same text; returns that checkpoint with all its cosignatures.
    public func addCosignatures(_ cosignedNote: String, cosigners: [NoteVerifier]) throws -> ServedCheckpoint {
        let stored = try Self.wrap("cosignatures") { try ledger.addCosignaturesAndWait(cosignedNote, cosigners: cosigners) }
        return Self.served(stored)
    }

    /// Entries `[start, end)` (clipped to the ledger), one `ledger.md` §6.1 line each.
    public func entryLines(start: UInt64, end: UInt64) throws -> [UInt8] {
        var out: [UInt8] = []
        try Self.wrap("entries") {
            try ledger.forEachEntry(from: start, to: min(end, ledger.size)) { entry in
                out += EntryLine.encode(entry)
            }
        }
        return out
    }

    /// One entry's `ledger.md` §6.1 line (without its newline).
    public func entryLine(seq: UInt64) throws -> [UInt8] {
        var line = try Self.wrap("entry \(seq)") { EntryLine.encode(try ledger.entry(seq: seq)) }
        if line.last == UInt8(ascii: "\n") { line.removeLast() }
        return line
    }

    public func inclusionProof(seq: UInt64, size: UInt64) throws -> [[UInt8]] {
        try Self.wrap("inclusion proof") { try ledger.inclusionProof(seq: seq, treeSize: size) }
    }

    public func consistencyProof(old: UInt64, new: UInt64) throws -> [[UInt8]] {
        try Self.wrap("consistency proof") { try ledger.consistencyProof(oldSize: old, newSize: new) }
    }

    /// The seq of the `joint-key` entry, once the ceremony has published it.
    public var jointKeySeq: UInt64? { lock.withLock { state.jointKeySeq } }

    /// The published result, if any.
    public var publishedResult: ResultBody? { lock.withLock { state.result } }

    /// The voter's receipt for the ballot at `seq` under a given checkpoint that covers it.
    public func receipt(seq: UInt64, under checkpoint: ServedCheckpoint) throws -> Receipt {
        let entry = try Self.wrap("receipt") { try ledger.entry(seq: seq) }
        guard entry.kind == EntryKind.ballot.rawValue else {
            throw ServiceError(.invalidInput, "entry \(seq) is a '\(entry.kind)' entry, not a ballot")
        }
        guard checkpoint.size > seq else {
            throw ServiceError(.internalFailure, "the checkpoint of size \(checkpoint.size) does not cover entry \(seq)")
        }
        let proof = try inclusionProof(seq: seq, size: checkpoint.size)
        let electionID = lock.withLock { state.manifest?.electionID ?? "" }
        return try Self.wrap("receipt") {
            try Receipt.make(electionID: electionID, seq: seq, entryHash: entry.hash, ballotBody: entry.body,
                             inclusionProof: proof, checkpointNote: checkpoint.note)
        }
    }

    static func served(_ stored: StoredCheckpoint) -> ServedCheckpoint {
        ServedCheckpoint(size: stored.checkpoint.size, rootHash: stored.checkpoint.root, note: stored.note)
    }
}

extension ElectionService {
    /// Streams the durable entries `[from, to)` in order.
    public func forEachEntry(from: UInt64, to: UInt64, _ body: (Entry) throws -> Void) throws {
        try Self.wrap("entries") { try ledger.forEachEntry(from: from, to: to, body) }
    }
}

extension ElectionService {
    /// Makes everything durable and public before the service stops or pauses: publishes the
    /// pending issuances (while voting is open) and signs a checkpoint of the whole ledger.
    public func flushPending() throws {
        guard !isReadOnly else { return }
        if phase == .open { try flushIssuance() }
        _ = try checkpointNow()
    }
}
