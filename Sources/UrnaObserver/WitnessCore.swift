import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// An observer's witness for one ledger (C2SP `tlog-witness`, `Specs/api.md` §5), without any
/// network: it takes an `add-checkpoint` body and answers it. It cosigns a checkpoint only if
///
/// 1. the body parses strictly (400) and the checkpoint's origin is the ledger's (404);
/// 2. the ledger key it was given signed it (403);
/// 3. `old` is the size it last cosigned, and the checkpoint is no smaller (409, answering
///    that size; C2SP answers an `old` beyond the checkpoint's size 400, `Specs/api.md` §5 409);
/// 4. the consistency proof takes the cosigned root to the new one (422); at the cosigned size,
///    only the very checkpoint it cosigned is accepted, and answered the same again: another
///    root there is a fork, refused (409) and logged with both roots;
/// 5. ``RecordCheck`` says the whole record up to the new checkpoint verifies (422);
///
/// and it saves the new state (``WitnessState``) before answering the cosignature line.
/// Requests are handled one at a time, so no two answers can race the stored size.
public final class WitnessCore: @unchecked Sendable {
    /// Checks the record up to a checkpoint that passed every other check; throws (any error,
    /// its description is the reason) if the record does not verify up to exactly it.
    public typealias RecordCheck = @Sendable (_ checkpoint: Checkpoint, _ signedNote: String) throws -> Void

    /// A witness's answer: the HTTP status, content type and body.
    public struct Answer: Sendable, Hashable {
        public let status: Int
        public let contentType: String
        public let body: [UInt8]
        /// The refusal's code (nil on success).
        public let code: String?
        /// Why it was refused, for the log (nil on success).
        public let reason: String?
    }

    public let ledger: CheckpointVerifier
    public let cosigner: CosignatureSigner
    public let stateDirectory: URL
    private let recordCheck: RecordCheck
    private let clock: @Sendable () -> UInt64
    private let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var current: WitnessState

    /// A witness for the ledger whose verifier key is `ledgerKey`, cosigning with `cosigner`,
    /// remembering its state in `stateDirectory`. Refuses a directory that holds the state of
    /// another ledger. `clock` gives the cosignature time (Unix seconds); `log` gets one line per
    /// event worth keeping (cosigned, fork, inconsistent proof).
    public init(ledgerKey: String, cosigner: CosignatureSigner, stateDirectory: URL,
                recordCheck: @escaping RecordCheck,
                clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) },
                log: @escaping @Sendable (String) -> Void = { _ in }) throws {
        do {
            ledger = try CheckpointVerifier(verifierKey: ledgerKey)
        } catch let error as LedgerError {
            throw ObserverError(ObserverError.witnessConfiguration, "the ledger key is not a ledger verifier key: \(error.reason)")
        }
        self.cosigner = cosigner
        self.stateDirectory = stateDirectory
        self.recordCheck = recordCheck
        self.clock = clock
        self.log = log
        if let saved = try WitnessState.load(from: stateDirectory) {
            guard saved.ledgerKey == ledger.verifierKey, saved.origin == ledger.origin else {
                throw ObserverError(ObserverError.witnessState,
                    "\(stateDirectory.path) holds the witness state of the ledger \(saved.ledgerKey), not of \(ledger.verifierKey); give each ledger its own --state directory")
            }
            current = saved
        } else {
            current = WitnessState.empty(ledgerKey: ledger.verifierKey, origin: ledger.origin)
        }
    }

    /// The latest state (what was last cosigned).
    public var state: WitnessState { lock.withLock { current } }

    /// Answers one `add-checkpoint` body: 200 with the cosignature line(s), 409 with the
    /// witness's size (`text/x.tlog.size`), or the refusal's status with its code and reason.
    public func answer(body: [UInt8]) -> Answer {
        var conflictSize: UInt64 = 0
        do {
            let request = try checkedRequest(body)
            let lines = try lock.withLock {
                conflictSize = current.size  // the size a 409 names, read under the same lock
                return try add(request)
            }
            return Answer(status: 200, contentType: "text/plain; charset=utf-8", body: Array(lines.utf8), code: nil, reason: nil)
        } catch let error as ObserverError {
            if error.code == ObserverError.witnessConflict || error.code == ObserverError.witnessFork {
                return Answer(status: 409, contentType: "text/x.tlog.size", body: Array("\(conflictSize)\n".utf8),
                              code: error.code, reason: error.reason)
            }
            return Answer(status: error.witnessStatus, contentType: "text/plain; charset=utf-8",
                          body: Array("\(error.code): \(TerminalText.escaped(error.reason))\n".utf8), code: error.code, reason: error.reason)
        } catch {
            return Answer(status: 500, contentType: "text/plain; charset=utf-8", body: Array("internal failure\n".utf8),
                          code: ObserverError.witnessState, reason: "\(error)")
        }
    }

    /// Checks one `add-checkpoint` body and, if every check passes, cosigns it, saves the new
    /// state and returns the cosignature line(s). Throws ``ObserverError`` (see ``ObserverError/witnessStatus``).
    public func addCheckpoint(body: [UInt8]) throws -> String {
        let request = try checkedRequest(body)
        return try lock.withLock { try add(request) }
    }

    /// Steps 1 and 2: the body parses, names this ledger, and carries its signature.
    private func checkedRequest(_ body: [UInt8]) throws -> WitnessRequest {
        let request = try WitnessRequest(body: body)
        guard request.checkpoint.origin == ledger.origin else {
            throw ObserverError(ObserverError.witnessUnknownOrigin, "this witness watches \(ledger.origin), not \(request.checkpoint.origin)")
        }
        do {
            _ = try ledger.verify(request.note)
        } catch let error as LedgerError {
            throw ObserverError(ObserverError.witnessBadSignature, error.reason)
        }
        return request
    }

    /// Steps 3 to 5 and the cosignature, under the lock.
    private func add(_ request: WitnessRequest) throws -> String {
        let checkpoint = request.checkpoint
        let state = current
        if checkpoint.size == state.size, let root = state.root, checkpoint.root != state.rootBytes
            || checkpoint.text != (try? Checkpoint(signedNote: state.checkpoint ?? ""))?.text {
            let offered = Data(checkpoint.root).base64EncodedString()
            recordFork(request, cosigned: state, cosignedRoot: root, offeredRoot: offered)
            throw ObserverError(ObserverError.witnessFork,
                "FORK at size \(checkpoint.size): cosigned root \(root), offered root \(offered)")
        }
        guard request.oldSize == state.size else {
            throw ObserverError(ObserverError.witnessConflict, "old size \(request.oldSize) is not the cosigned size \(state.size)")
        }
        guard checkpoint.size >= state.size else {
            throw ObserverError(ObserverError.witnessConflict,
                "the checkpoint's size \(checkpoint.size) is smaller than the size \(state.size) already cosigned")
        }
        if checkpoint.size == state.size, let cosignatures = state.cosignatures {
            // The checkpoint cosigned last, again (the answer was lost): the same answer.
            guard request.proof.isEmpty else {
                throw ObserverError(ObserverError.witnessInconsistent, "a consistency proof between equal sizes must be empty")
            }
            return cosignatures
        }
        if let oldRoot = state.rootBytes, state.size > 0 {
            do {
                try MerkleVerifier.verifyConsistency(oldSize: state.size, newSize: checkpoint.size, oldRoot: oldRoot,
                                                     newRoot: checkpoint.root, proof: request.proof)
            } catch let error as LedgerError {
                log("INCONSISTENT checkpoint of size \(checkpoint.size) (root \(Data(checkpoint.root).base64EncodedString())) from size \(state.size) (root \(state.root ?? "")): \(error.reason)")
                throw ObserverError(ObserverError.witnessInconsistent,
                    "the consistency proof from size \(state.size) to \(checkpoint.size) does not verify: \(error.reason)")
            }
        }
        do {
            try recordCheck(checkpoint, request.note.serialized)
        } catch let error as ObserverError where error.code == ObserverError.witnessRecordInvalid {
            throw error
        } catch {
            let reason = (error as? ObserverError)?.reason ?? "\(error)"
            throw ObserverError(ObserverError.witnessRecordInvalid,
                "the record up to size \(checkpoint.size) does not verify: \(reason)")
        }
        let time = max(clock(), state.cosignedAt ?? 0)  // never older than the last cosignature
        let line: String
        do {
            line = try cosigner.cosign(checkpointBody: request.note.text, time: time).line
        } catch let error as CryptoError {
            throw ObserverError(ObserverError.witnessState, "cosigning failed: \(error.reason)")
        }
        let next = WitnessState(version: WitnessState.currentVersion, ledgerKey: state.ledgerKey, origin: state.origin,
                                size: checkpoint.size, root: Data(checkpoint.root).base64EncodedString(),
                                checkpoint: request.note.serialized, cosignatures: line, cosignedAt: time)
        try next.save(to: stateDirectory)
        current = next
        log("cosigned size \(checkpoint.size) root \(next.root ?? "") at \(time)")
        return line
    }

    /// Logs a fork and keeps the evidence, both ledger-signed checkpoints, in `DIR/forks/` as
    /// `SIZE-ROOTHEX.note` (best effort: the refusal does not depend on it).
    private func recordFork(_ request: WitnessRequest, cosigned: WitnessState, cosignedRoot: String, offeredRoot: String) {
        log("FORK at size \(request.checkpoint.size): cosigned root \(cosignedRoot), offered root \(offeredRoot) (both signed by the ledger key; kept in \(stateDirectory.appendingPathComponent("forks").path))")
        let folder = stateDirectory.appendingPathComponent("forks")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let size = request.checkpoint.size
        try? PrivateFile.write(request.note.serializedBytes, to: folder.appendingPathComponent("\(size)-\(request.checkpoint.root.hex).note").path)
        if let note = cosigned.checkpoint, let root = cosigned.rootBytes {
            try? PrivateFile.write(Array(note.utf8), to: folder.appendingPathComponent("\(size)-\(root.hex).note").path)
        }
    }
}
