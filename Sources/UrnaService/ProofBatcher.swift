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

    /// Batches checked at once: half the cores (at least one). The other cores decode and check
    /// the next ballots (``CPUGate``) while a batch runs, so the next batch is as large as what
    /// arrived meanwhile: a Pippenger multiplication costs several times more a point on a batch
    /// of two ballots than on one of fifty.
    let maxRunning: Int
    private let condition = NSCondition()
    private var queue: [Pending] = []
    private var running = 0
    private var batches = 0
    private var largest = 0

    init(maxRunning: Int = ProcessInfo.processInfo.activeProcessorCount / 2) {
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

    /// Each ballot's failure (nil: its proofs hold). Every equation is an item of the batch (a
    /// lone ballot's equations too are checked as one weighted multi-scalar multiplication); a
    /// failing batch is bisected down to the equations at fault, and a ballot is refused for
    /// the first of its own that does not hold.
    static func verify(_ ballots: [[VerificationEquation]]) -> [String?] {
        struct Label: Hashable, Sendable {
            let ballot: Int
            let equation: Int
        }
        var batch = BatchVerifier<Label>()
        for (ballot, equations) in ballots.enumerated() {
            for (index, equation) in equations.enumerated() {
                batch.add(label: Label(ballot: ballot, equation: index), proof: "ballot") { [equation] }
            }
        }
        var failures = [String?](repeating: nil, count: ballots.count)
        do {
            let failed = try batch.verify().map(\.label)
            for label in failed.sorted(by: { ($0.ballot, $0.equation) > ($1.ballot, $1.equation) })
            where ballots.indices.contains(label.ballot) && ballots[label.ballot].indices.contains(label.equation) {
                // Sorted from the last: the first failing equation of a ballot is written last.
                failures[label.ballot] = "proof equation '\(ballots[label.ballot][label.equation].name)' does not hold"
            }
        } catch {
            // The batch could not run (e.g. no randomness for the weights): each ballot on its own.
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
