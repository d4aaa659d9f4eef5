import Foundation
import UrnaLedgerStore
import UrnaService

/// One election served by `urna serve`: its ``ElectionService`` while the service owns the
/// election, and the pause an administrator's command asks for (`Specs/api.md` §4): requests in
/// flight finish, the election is closed (releasing its lock), and requests arriving meanwhile
/// wait for the resume, up to ``pauseWait`` seconds.
public final class ElectionHost: @unchecked Sendable {
    public let directory: URL
    public let electionID: String
    /// How long a request waits for a paused election before it is refused 503 `unavailable`
    /// (``waitWhilePaused()``, on the connection's thread, before it takes a worker).
    public var pauseWait: TimeInterval = 10
    /// How long a request already on a worker waits for the election (a pause that began after
    /// it was admitted), so workers are never held for long.
    public var workerWait: TimeInterval = 1
    private let condition = MonotonicCondition()
    private var service: ElectionService?
    private var inFlight = 0
    private var pauseRequested = false
    /// Set by ``shutdown()``: no resume after it.
    private var stopped = false
    private let open: @Sendable () throws -> ElectionService
    /// Run (on a thread of their own) after each resume: an administrator's command usually
    /// signed a new checkpoint, which the witnesses should cosign at once.
    private var resumeHandlers: [@Sendable () -> Void] = []

    /// Opens the election (taking its lock) with `open`, used again on every resume.
    public init(directory: URL, open: @escaping @Sendable () throws -> ElectionService) throws {
        let service = try open()
        guard let electionID = service.manifest?.electionID else {
            throw ServiceError(.noElection, "the election in \(directory.path) has no manifest")
        }
        self.directory = directory
        self.electionID = electionID
        self.service = service
        self.open = open
    }

    /// Runs `body` with the service, waiting while the election is paused.
    public func withService<T>(_ body: (ElectionService) throws -> T) throws -> T {
        let service = try acquire()
        defer { release() }
        return try body(service)
    }

    /// Waits (up to ``pauseWait``) while the election is paused, without taking the service:
    /// the server calls it before a request takes a worker.
    public func waitWhilePaused() {
        condition.withLock {
            let deadline = DispatchTime.now() + pauseWait
            while pauseRequested && !stopped {
                guard condition.wait(until: deadline) else { return }
            }
        }
    }

    /// Runs `body` with the service if it is available right now; nil while paused (never waits).
    public func ifAvailable<T>(_ body: (ElectionService) throws -> T) -> T? {
        let available: ElectionService? = condition.withLock {
            guard !pauseRequested, let current = service else { return nil }
            inFlight += 1
            return current
        }
        guard let available else { return nil }
        defer { release() }
        return try? body(available)
    }

    private func acquire() throws -> ElectionService {
        condition.lock()
        defer { condition.unlock() }
        let deadline = DispatchTime.now() + workerWait
        while pauseRequested || service == nil {
            guard condition.wait(until: deadline) else {
                throw ServiceError(.unavailable, "the election is paused for an administrator's command; try again in a few seconds")
            }
        }
        guard let service else { throw ServiceError(.unavailable, "the election is not open") }
        inFlight += 1
        return service
    }

    private func release() {
        condition.lock()
        inFlight -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the requests in flight, makes the record durable (pending issuances published,
    /// a checkpoint signed), and closes the election, releasing its lock. Returns false if
    /// another pause (or the shutdown) is already in progress.
    public func pause() throws -> Bool {
        guard condition.withLock({ () -> Bool in
            guard !pauseRequested else { return false }
            pauseRequested = true
            return true
        }) else { return false }
        drainAndClose()
        return true
    }

    /// Reopens the election after a pause (its state is rebuilt from the database, so it sees
    /// whatever the administrator's command recorded). Throws while the command's process still
    /// holds the lock (the admin socket retries); does nothing once the service is shutting down.
    public func resume() throws {
        guard !condition.withLock({ stopped }) else { return }
        let reopened = try open()
        let handlers = condition.withLock { () -> [@Sendable () -> Void] in
            guard !stopped else {
                reopened.close()
                return []
            }
            service = reopened
            pauseRequested = false
            condition.broadcast()
            return resumeHandlers
        }
        for handler in handlers {
            Thread.detachNewThread(handler)
        }
    }

    /// Adds work to run after every resume (see ``resume()``).
    public func onResume(_ handler: @escaping @Sendable () -> Void) {
        condition.withLock { resumeHandlers.append(handler) }
    }

    /// For shutdown: waits for the requests in flight, then flushes and closes for good.
    public func shutdown() {
        condition.withLock {
            stopped = true
            pauseRequested = true
        }
        drainAndClose()
    }

    /// With the pause requested: waits until no request holds the service, then flushes and closes it.
    private func drainAndClose() {
        let closing: ElectionService? = condition.withLock {
            while inFlight > 0 { condition.wait() }
            defer { service = nil }
            return service
        }
        guard let closing else { return }
        try? closing.flushPending()
        closing.close()
    }
}
