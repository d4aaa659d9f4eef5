import UrnaCrypto
import UrnaLedger

/// Observer cosignatures on stored checkpoints (C2SP tlog-cosignature; `Specs/ledger.md` §4.3).
extension LedgerStore {
    /// The ledger's verifier key, once known (set by the first checkpoint or the configuration).
    public func verifierKey() throws -> String? {
        try readers.with { reader in try LedgerStore.readMeta(reader.db, key: "verifier_key") }
    }

    /// Takes a checkpoint note that observers have cosigned, verifies the ledger's signature
    /// and the cosignatures of the listed `cosigners` (type `0x04` keys), and stores the valid
    /// cosignature lines with the stored checkpoint that has the same text. Lines from
    /// unlisted keys are ignored; a listed cosigner's line that does not verify throws.
    /// Returns the stored checkpoint with all its cosignatures.
    public func addCosignatures(_ cosignedNote: String, cosigners: [NoteVerifier]) async throws -> StoredCheckpoint {
        let writer = try self.writer
        let (id, lines) = try verifiedCosignatureLines(cosignedNote, cosigners: cosigners)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            writer.enqueue(.cosignatures(checkpointID: id, lines: lines) { continuation.resume(with: $0) })
        }
        return try self.checkpoint(id: id)
    }

    /// ``addCosignatures(_:cosigners:)`` for synchronous callers (never from a concurrency task).
    public func addCosignaturesAndWait(_ cosignedNote: String, cosigners: [NoteVerifier]) throws -> StoredCheckpoint {
        let writer = try self.writer
        let (id, lines) = try verifiedCosignatureLines(cosignedNote, cosigners: cosigners)
        try Self.wait { done in writer.enqueue(.cosignatures(checkpointID: id, lines: lines, done)) }
        return try self.checkpoint(id: id)
    }

    /// The stored checkpoint's id and the cosignature lines of `cosigners` that verify.
    private func verifiedCosignatureLines(_ cosignedNote: String, cosigners: [NoteVerifier]) throws -> (Int64, [String]) {
        guard let key = try verifierKey() else {
            throw LedgerError(.invalidParameter, "the ledger has no checkpoint yet")
        }
        let verifier = try CheckpointVerifier(verifierKey: key)
        let (checkpoint, cosignatures) = try verifier.verifyCosigned(cosignedNote, cosigners: cosigners, quorum: 1)
        let id = try storedCheckpointID(for: checkpoint)
        let note = try SignedNote(parsing: cosignedNote)
        let lines = note.signatures.filter { signature in
            cosignatures.contains { $0.verifier.name == signature.name && $0.verifier.keyID == signature.keyID }
        }.map { String($0.line.dropLast()) }
        return (id, lines)
    }

    /// The id of the latest stored checkpoint whose text is `checkpoint.text`.
    private func storedCheckpointID(for checkpoint: Checkpoint) throws -> Int64 {
        try readers.with { reader in
            let query = try reader.db.prepare("SELECT id, note FROM checkpoints WHERE size = ? ORDER BY id DESC")
            try query.bind(1, Int64(checkpoint.size))
            while try query.step() {
                if try Checkpoint(signedNote: query.text(1)) == checkpoint { return query.int64(0) }
            }
            throw LedgerError(.invalidParameter, "no stored checkpoint has this text (size \(checkpoint.size))")
        }
    }
}
