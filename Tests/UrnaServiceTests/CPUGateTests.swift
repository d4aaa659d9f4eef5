import Foundation
import Testing
@testable import UrnaService

@Suite struct CPUGateTests {
    /// Records what the callers inside the gate saw: how many at once, and in which order they entered.
    final class Log: @unchecked Sendable {
        let lock = NSLock()
        var inside = 0
        var most = 0
        var order: [Int] = []
    }

    @Test func neverMoreThanItsPermitsInside() {
        let gate = CPUGate(permits: 2)
        let log = Log()
        // 32 threads of their own (not a pool sized to the cores), each inside for 20 ms.
        let done = DispatchGroup()
        for _ in 0..<32 {
            done.enter()
            Thread {
                gate.run {
                    log.lock.withLock { log.inside += 1; log.most = max(log.most, log.inside) }
                    usleep(20_000)
                    log.lock.withLock { log.inside -= 1 }
                }
                done.leave()
            }.start()
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(log.most == 2)
        #expect(gate.load.inside == 0 && gate.load.waiting == 0)
    }

    @Test func waitersEnterInTheOrderTheyCame() throws {
        let gate = CPUGate(permits: 1)
        let log = Log()
        let holder = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread { gate.run { holder.signal(); release.wait() } }.start()
        holder.wait()
        let done = DispatchGroup()
        for index in 0..<8 {
            done.enter()
            Thread {
                gate.run { log.lock.withLock { log.order.append(index) } }
                done.leave()
            }.start()
            // Each waiter is queued before the next starts.
            let deadline = Date().addingTimeInterval(5)
            while gate.load.waiting < index + 1 && Date() < deadline { usleep(500) }
        }
        #expect(gate.load.waiting == 8)
        release.signal()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(log.order == Array(0..<8))
    }

    @Test func aThrowingBodyGivesItsPermitBack() {
        struct Refused: Error {}
        let gate = CPUGate(permits: 1)
        #expect(throws: Refused.self) { try gate.run { throw Refused() } }
        #expect(gate.load.inside == 0)
        #expect(gate.run { 7 } == 7)
    }

    @Test func zeroPermitsMeansOne() {
        #expect(CPUGate(permits: 0).permits == 1)
    }
}
