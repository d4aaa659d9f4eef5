import Foundation

/// The state directory of incremental verification (`Specs/verification.md` §5): one JSON file,
/// `state.json`, written atomically (a temporary file in the same directory, flushed, then
/// renamed over the old one), so a crash leaves the old state or the new one, never half of each.
enum StateStore {
    static let fileName = "state.json"
    static let currentVersion = 4

    struct File: Codable {
        let version: Int
        /// The record the state belongs to (its source name when saved; informative).
        let record: String
        /// Unix seconds.
        let savedAt: Double
        let state: VerifierState
    }

    /// The version alone, read first: another version's state need not decode as this one.
    private struct Version: Codable {
        let version: Int
    }

    /// The saved state, or nil if the directory holds none yet.
    static func load(_ directory: URL) throws -> VerifierState? {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            let data = try Data(contentsOf: url)
            let version = try JSONDecoder().decode(Version.self, from: data).version
            guard version == currentVersion else {
                throw VerifierError(.stateUnusable, "\(url.path) has state version \(version), not \(currentVersion) (another version of scrutineer wrote it): remove it, or give a new --state directory, to verify the record from scratch")
            }
            return try JSONDecoder().decode(File.self, from: data).state
        } catch let error as VerifierError {
            throw error
        } catch {
            throw VerifierError(.stateUnusable, "\(url.path) cannot be read: \(error)")
        }
    }

    static func save(_ state: VerifierState, record: String, to directory: URL) throws {
        let files = FileManager.default
        let url = directory.appendingPathComponent(fileName)
        let temporary = directory.appendingPathComponent(".\(fileName).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
            let data = try JSONEncoder().encode(File(version: currentVersion, record: record,
                                                     savedAt: Date().timeIntervalSince1970, state: state))
            guard files.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw VerifierError(.stateUnusable, "cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw VerifierError(.stateUnusable, "cannot rename \(temporary.path) to \(url.path): errno \(errno)")
            }
        } catch let error as VerifierError {
            try? files.removeItem(at: temporary)
            throw error
        } catch {
            try? files.removeItem(at: temporary)
            throw VerifierError(.stateUnusable, "cannot write \(url.path): \(error)")
        }
    }
}
