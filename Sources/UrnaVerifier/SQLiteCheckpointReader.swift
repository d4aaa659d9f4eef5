/// Reads every checkpoint note of an `election.db` with its cosignature lines (`Specs/ledger.md`
/// §7.1), within ``SourceLimits``: a note (with its lines) above ``SourceLimits/maxNoteSize``, a
/// line above ``SourceLimits/maxCosignatureLineSize``, a value that is not text, or a row SQLite
/// refuses as too big becomes an ``UnusableSourceText`` (a `ledger.checkpoint-signature`
/// failure), never an allocation; past ``SourceLimits/maxCheckpointBytes`` in all, the rest is
/// one such failure (`Specs/verification.md` §1).
struct SQLiteCheckpointReader {
    let db: ReadOnlyDatabase

    func notes() throws -> [String] {
        var result: [String] = []
        var total = 0
        var lastID: Int64?
        var notes = try db.prepare("SELECT id, note FROM checkpoints ORDER BY id")
        let lines = try db.prepare("SELECT line FROM cosignatures WHERE checkpoint_id = ? ORDER BY added_at, line")
        while true {
            switch try notes.stepOrTooBig() {
            case .done:
                return result
            case .tooBig:
                // Find the refused row by its key alone, then go on after it.
                let key = try db.prepare("SELECT id FROM checkpoints WHERE id > ? ORDER BY id LIMIT 1")
                try key.bind(1, lastID ?? Int64.min)
                guard try key.step() else { return result }
                let id = key.int64(0)
                result.append(UnusableSourceText.make("checkpoint row \(id) exceeds \(SourceLimits.maxRowSize) bytes"))
                guard id < Int64.max else { return result }
                lastID = id
                notes = try db.prepare("SELECT id, note FROM checkpoints WHERE id > ? ORDER BY id")
                try notes.bind(1, id)
                continue
            case .row:
                break
            }
            let id = notes.int64(0)
            lastID = id
            let note = try self.note(id: id, notes: notes, lines: lines)
            total += note.utf8.count
            guard total <= SourceLimits.maxCheckpointBytes else {
                result.append(UnusableSourceText.make(
                    "the checkpoints from row \(id) on exceed \(SourceLimits.maxCheckpointBytes) bytes in all; they were not read"))
                return result
            }
            result.append(note)
        }
    }

    /// The note of the current row followed by its cosignature lines, or a stand-in saying why not.
    private func note(id: Int64, notes: ReadOnlyStatement, lines: ReadOnlyStatement) throws -> String {
        guard notes.isText(1) else { return UnusableSourceText.make("checkpoint row \(id): the note is not text") }
        var size = notes.byteCount(1)
        guard size <= SourceLimits.maxNoteSize else {
            return UnusableSourceText.make("checkpoint row \(id): the note has \(size) bytes, more than \(SourceLimits.maxNoteSize)")
        }
        var note = notes.text(1)
        lines.reset()
        try lines.bind(1, id)
        while true {
            switch try lines.stepOrTooBig() {
            case .done:
                return note
            case .tooBig:
                return UnusableSourceText.make("checkpoint row \(id): a cosignature row exceeds \(SourceLimits.maxRowSize) bytes")
            case .row:
                guard lines.isText(0) else { return UnusableSourceText.make("checkpoint row \(id): a cosignature line is not text") }
                let count = lines.byteCount(0)
                guard count <= SourceLimits.maxCosignatureLineSize else {
                    return UnusableSourceText.make(
                        "checkpoint row \(id): a cosignature line has \(count) bytes, more than \(SourceLimits.maxCosignatureLineSize)")
                }
                size += count + 1
                guard size <= SourceLimits.maxNoteSize else {
                    return UnusableSourceText.make(
                        "checkpoint row \(id): the note and its cosignatures exceed \(SourceLimits.maxNoteSize) bytes")
                }
                note += lines.text(0) + "\n"
            }
        }
    }
}
