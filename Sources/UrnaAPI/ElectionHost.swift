import Foundation
import UrnaService

/// One election served by `urna serve`: its ``ElectionService`` while the service owns the
/// election, and the pause an administrator's command asks for (`Specs/api.md` §4): requests in
/// flight finish, the election is closed (releasing its lock), and requests arriving meanwhile
/// wait for the resume, up to ``pauseWait`` seconds.
public final class ElectionHost: @unchecked Sendable {
    public let directory: URL
    public let electionID: String
    /// How long a request waits for a paused election before it is refused 503 `unavailable`.
    public var pauseWait: TimeInterval = 10
    private let condition = NSCondition()
    private var service: ElectionService?
    private var inFlight = 0
    private var pauseRequested = false
    private let open: @Sendable () throws -> ElectionService

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

    private func acquire() throws -> ElectionService {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(pauseWait)
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
    /// another pause is already in progress.
    public func pause() throws -> Bool {
        condition.lock()
        guard !pauseRequested else {
            condition.unlock()
            return false
        }
        pauseRequested = true
        while inFlight > 0 { condition.wait() }
        let closing = service
        service = nil
        condition.unlock()
        if let closing {
            defer { closing.close() }
            try? closing.flushPending()
        }
        return true
    }

    /// Reopens the election after a pause (its state is rebuilt from the database, so it sees
    /// whatever the administrator's command recorded). Retries for a few seconds while the
    /// command's process still holds the lock.
    public func resume() throws {
        let reopened = try open()
        condition.lock()
        service = reopened
        pauseRequested = false
        condition.broadcast()
        condition.unlock()
    }

    /// For shutdown: waits for the requests in flight, then flushes and closes for good.
    public func shutdown() {
        condition.lock()
        pauseRequested = true
        while inFlight > 0 { condition.wait() }
        let closing = service
        service = nil
        condition.unlock()
        if let closing {
            try? closing.flushPending()
            closing.close()
        }
    }
}
