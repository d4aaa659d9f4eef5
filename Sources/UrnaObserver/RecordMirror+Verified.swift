import Foundation

extension RecordMirror {
    /// The number of entries the incremental verifier whose state is in `verifierDirectory`
    /// (`DIR/verifier`, `Specs/verification.md` §5) has read from the mirror: the entries a sync
    /// never cuts. 0 when there is no state yet. Reads only the position of the state file
    /// (`{"state": {"position": N, …}, …}`); a file that does not say it is an unusable state.
    public static func verifiedSize(_ verifierDirectory: URL) throws -> UInt64 {
        struct File: Decodable {
            struct State: Decodable { let position: UInt64 }
            let state: State
        }
        let url = verifierDirectory.appendingPathComponent("state.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return 0 }
        do {
            return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).state.position
        } catch {
            throw ObserverError(ObserverError.stateUnusable,
                "\(url.path) is not a verifier state (\(error.localizedDescription)); move the folder \(verifierDirectory.path) away to verify from the start")
        }
    }
}
