import Foundation
import UrnaCrypto
import UrnaService

/// Signs the checkpoints that receipts need and has them cosigned (`Specs/api.md` §5).
///
/// Concurrent casts share checkpoints: the first caller whose ballot is not yet covered signs a
/// checkpoint of everything durable, pushes it to the witnesses, stores their cosignatures, and
/// wakes every caller it covers. A ballot is acknowledged only under a checkpoint covering it;
/// the witnesses' cosignatures are waited for up to ``witnessWait`` seconds.
final class CheckpointPublisher: @unchecked Sendable {
    private let host: ElectionHost
    private let witnesses: [WitnessPush]
    private let condition = NSCondition()
    private var latest: ElectionService.ServedCheckpoint?
    private var signing = false

    init(host: ElectionHost, witnesses: [WitnessPush]) {
        self.host = host
        self.witnesses = witnesses
    }

    /// A checkpoint (with the cosignatures that arrived) covering entry `seq`.
    func covering(_ seq: UInt64) throws -> ElectionService.ServedCheckpoint {
        condition.lock()
        while true {
            if let latest, latest.size > seq {
                condition.unlock()
                return latest
            }
            if !signing { break }
            condition.wait()
        }
        signing = true
        condition.unlock()
        var outcome: Result<ElectionService.ServedCheckpoint, Error>
        do {
            outcome = .success(try publish())
        } catch {
            outcome = .failure(error)
        }
        condition.lock()
        signing = false
        if case .success(let checkpoint) = outcome, checkpoint.size > (latest?.size ?? 0) { latest = checkpoint }
        condition.broadcast()
        condition.unlock()
        let checkpoint = try outcome.get()
        guard checkpoint.size > seq else {
            throw ServiceError(.internalFailure, "the checkpoint of size \(checkpoint.size) does not cover entry \(seq)")
        }
        return checkpoint
    }

    /// Before the service stops: publishes pending issuances, signs a checkpoint of everything
    /// and has the witnesses cosign it while the service can still answer their reads.
    func publishFinal() {
        _ = try? host.withService { try $0.flushPending() }
        pushLatestIfNew()
    }

    /// Pushes the latest checkpoint if the witnesses have not seen it (a checkpoint made by an
    /// administrator's command or the ledger's own policy); called periodically.
    func pushLatestIfNew() {
        condition.lock()
        guard !signing else {
            condition.unlock()
            return
        }
        signing = true
        condition.unlock()
        let updated = try? host.withService { service -> ElectionService.ServedCheckpoint? in
            guard let current = try service.latestCheckpoint() else { return nil }
            return cosigned(current, service: service)
        }
        condition.lock()
        signing = false
        if let updated = updated ?? nil, updated.size >= (latest?.size ?? 0) { latest = updated }
        condition.broadcast()
        condition.unlock()
    }

    /// Signs a checkpoint of everything durable now and has it cosigned.
    private func publish() throws -> ElectionService.ServedCheckpoint {
        try host.withService { service in
            cosigned(try service.checkpointNow(), service: service)
        }
    }

    /// The checkpoint with the cosignatures of every witness that answered in time (stored).
    private func cosigned(_ checkpoint: ElectionService.ServedCheckpoint, service: ElectionService) -> ElectionService.ServedCheckpoint {
        guard !witnesses.isEmpty else { return checkpoint }
        let group = DispatchGroup()
        let results = ResultList()
        for witness in witnesses {
            group.enter()
            Thread.detachNewThread {
                if let note = witness.push(checkpoint, proof: { try service.consistencyProof(old: $0, new: checkpoint.size) }) {
                    results.append(note, verifier: witness.verifier)
                }
                group.leave()
            }
        }
        let wait = (witnesses.map { $0.timeout }.max() ?? 2) + 0.5
        _ = group.wait(timeout: .now() + .milliseconds(Int(wait * 1000)))
        var current = checkpoint
        for (note, verifier) in results.all {
            if let stored = try? service.addCosignatures(note, cosigners: [verifier]) { current = stored }
        }
        return current
    }
}

/// Cosigned notes gathered from the witnesses' threads.
private final class ResultList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(String, UrnaCrypto.NoteVerifier)] = []
    func append(_ note: String, verifier: UrnaCrypto.NoteVerifier) { lock.withLock { items.append((note, verifier)) } }
    var all: [(String, UrnaCrypto.NoteVerifier)] { lock.withLock { items } }
}
