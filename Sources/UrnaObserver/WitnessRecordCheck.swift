import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaVerifier

/// The record check of a witness (``WitnessCore/RecordCheck``): bring a local mirror of the
/// watched service's record up to the new checkpoint's size, then verify the whole record up to
/// exactly that checkpoint with the incremental verifier (`Specs/verification.md` §5). The
/// verifier's state (`DIR/verifier/state.json`) advances only when the record verified VALID at
/// the checkpoint's size and root: a check that fails (a sync cut short, a bad entry) leaves
/// it as it was.
public struct WitnessRecordCheck: Sendable {
    /// Brings the mirror up to at least the checkpoint's size (the service must serve the
    /// entries its checkpoint covers); returns the mirror's export directory.
    public typealias Sync = @Sendable (_ checkpoint: Checkpoint, _ signedNote: String) throws -> URL

    public let ledgerKey: String
    public let stateDirectory: URL
    public let sync: Sync
    public var workers: Int

    public init(ledgerKey: String, stateDirectory: URL, workers: Int = 2, sync: @escaping Sync) {
        self.ledgerKey = ledgerKey
        self.stateDirectory = stateDirectory
        self.workers = workers
        self.sync = sync
    }

    /// The closure to give ``WitnessCore``.
    public var recordCheck: WitnessCore.RecordCheck {
        { checkpoint, note in try self.check(checkpoint, signedNote: note) }
    }

    /// Throws ``ObserverError`` (`witness-record-invalid`) unless the record verifies up to `checkpoint`.
    public func check(_ checkpoint: Checkpoint, signedNote: String) throws {
        let mirror: URL
        do {
            mirror = try sync(checkpoint, signedNote)
        } catch let error as ObserverError {
            throw invalid("the record up to size \(checkpoint.size) cannot be fetched from the service: \(error.reason)")
        }
        let source: JSONLRecordSource
        do {
            source = try JSONLRecordSource(path: mirror.path)
        } catch let error as VerifierError {
            throw invalid("the mirror of the record cannot be read: \(error.reason)")
        }
        let verifierDirectory = stateDirectory.appendingPathComponent("verifier")
        let scratch = stateDirectory.appendingPathComponent("verifier-next")
        let files = FileManager.default
        let saved = verifierDirectory.appendingPathComponent("state.json")
        do {
            try? files.removeItem(at: scratch)  // left by a crash
            try files.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try files.createDirectory(at: verifierDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if files.fileExists(atPath: saved.path) {
                try files.copyItem(at: saved, to: scratch.appendingPathComponent("state.json"))
            }
        } catch {
            throw ObserverError(ObserverError.witnessState, "cannot prepare the verifier state in \(stateDirectory.path): \(error)")
        }
        defer { try? files.removeItem(at: scratch) }  // the verifier's new state, moved in only if VALID
        var options = VerificationOptions()
        options.trustedLedgerKey = ledgerKey
        options.stateDirectory = scratch
        options.workers = max(1, workers)
        let report: VerificationReport
        do {
            report = try Scrutineer.verify(source: WitnessRecordSource(mirror: source, size: checkpoint.size, signedNote: signedNote),
                                           options: options)
        } catch let error as VerifierError {
            throw invalid("the record cannot be verified: \(error.reason)")
        }
        guard report.isValid else {
            let first = report.failures.first.map { ": \($0)" } ?? ""
            throw invalid("the record up to size \(checkpoint.size) is INVALID (\(report.failureCount) failures)\(first)")
        }
        guard let verified = report.checkpoint, verified.size == checkpoint.size, verified.root == checkpoint.root.hex else {
            throw invalid("the record verified, but not up to the checkpoint of size \(checkpoint.size) (verified: \(report.checkpoint.map { "size \($0.size)" } ?? "no checkpoint"))")
        }
        guard rename(scratch.appendingPathComponent("state.json").path, saved.path) == 0 else {
            throw ObserverError(ObserverError.witnessState, "cannot move the verifier state into \(verifierDirectory.path): errno \(errno)")
        }
    }

    private func invalid(_ reason: String) -> ObserverError {
        ObserverError(ObserverError.witnessRecordInvalid, reason)
    }
}
