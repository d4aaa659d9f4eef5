import Foundation
import UrnaCrypto
import UrnaRecord

/// Checks the proof equations of concurrently cast ballots together (`Specs/crypto.md` §4.6).
///
/// Each cast runs its ballot's other checks (token, credential signature, the proofs'
/// challenges and ranges) on its own thread, then hands the proofs' group equations here. A
/// caller that finds fewer than ``maxRunning`` batches running becomes a leader: it takes what
/// is queued (its own equations included) and checks it as one ``BatchVerifier`` batch, one
/// weighted multi-scalar multiplication for all, while the next ballots queue up for the next
/// batch. A batch that fails is bisected by ``BatchVerifier`` down to the ballots at fault, so
/// only a ballot whose own proofs are false is refused (`bad-proof`, naming its equation); the
/// others in its batch pass. Appending never waits here: a ballot is appended after its check.
final class ProofBatcher: @unchecked Sendable {
    /// Most ballots in one batch.
    static let maxBatch = 256

    private final class Pending {
        let equations: [VerificationEquation]
        var failure: String??
        init(_ equations: [VerificationEquation]) { self.equations = equations }
    }

    /// Batches checked at once: one per core, so every core multiplies.
    let maxRunning: Int
    private let condition = NSCondition()
    private var queue: [Pending] = []
    private var running = 0
    private var batches = 0
    private var largest = 0

    init(maxRunning: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.maxRunning = max(1, maxRunning)
    }

    /// Throws `bad-proof` unless every equation holds (checked in a batch with other ballots').
    func check(_ equations: [VerificationEquation]) throws {
        guard !equations.isEmpty else { return }
        let mine = Pending(equations)
        condition.lock()
        queue.append(mine)
        while mine.failure == nil {
            guard running < maxRunning, !queue.isEmpty else {
                condition.wait()
                continue
            }
            running += 1
            let batch = Array(queue.prefix(Self.maxBatch))
            queue.removeFirst(batch.count)
            batches += 1
            largest = max(largest, batch.count)
            condition.unlock()
            let failures = Self.verify(batch.map(\.equations))
            condition.lock()
            for (pending, failure) in zip(batch, failures) { pending.failure = .some(failure) }
            running -= 1
            condition.broadcast()
        }
        let outcome = mine.failure
        condition.unlock()
        if case .some(.some(let reason)) = outcome {
            throw RecordError(.badProof, reason)
        }
    }

    /// Batches checked so far and the most ballots in one (for tests and metrics).
    var statistics: (batches: Int, largest: Int) { condition.withLock { (batches, largest) } }

    /// Each ballot's failure (nil: its proofs hold).
    static func verify(_ ballots: [[VerificationEquation]]) -> [String?] {
        guard ballots.count > 1 else { return ballots.map(checkSingly) }
        var batch = BatchVerifier<Int>()
        for (index, equations) in ballots.enumerated() {
            batch.add(label: index, proof: "ballot") { equations }
        }
        var failures = [String?](repeating: nil, count: ballots.count)
        do {
            for failure in try batch.verify() where failures.indices.contains(failure.label) {
                // The single check names the equation at fault in the ballot's own terms.
                failures[failure.label] = checkSingly(ballots[failure.label]) ?? failure.error.reason
            }
        } catch {
            // The batch could not run (e.g. out of memory): check each ballot on its own.
            return ballots.map(checkSingly)
        }
        return failures
    }

    /// One ballot's equations one by one: the first that does not hold, or nil.
    static func checkSingly(_ equations: [VerificationEquation]) -> String? {
        do {
            for equation in equations where try !equation.holds() {
                return "proof equation '\(equation.name)' does not hold"
            }
            return nil
        } catch {
            return "the proof equations could not be checked: \(error)"
        }
    }
}
