import Foundation
import UrnaHTTP
import UrnaVerifier

/// `scrutineer verify URL`: the record of an election on a service, fetched into a local
/// mirror (``RecordMirror``), then verified by exactly the file verifier (``Scrutineer``), so
/// the report and its verdict are those of `scrutineer verify DIR` on the same bytes.
public enum RemoteVerification {
    /// Syncs `url` and verifies it. With `stateDirectory`, the mirror is `DIR/mirror` (kept, so
    /// a later run fetches only what was appended) and the verification is incremental with
    /// `DIR/verifier` (the layout `scrutineer follow` uses); without it, the mirror is a
    /// temporary folder removed afterwards. Throws ``ObserverError`` when the record cannot be
    /// fetched (or a mirror kept shows it was truncated), ``VerifierError`` when it cannot be read.
    public static func verify(url: String, stateDirectory: URL? = nil, options: VerificationOptions = VerificationOptions(),
                              http: HTTPClient.Configuration = .init(),
                              fetching: ((RecordMirror.Progress) -> Void)? = nil,
                              progress: ((VerificationProgress) -> Void)? = nil) throws -> VerificationReport {
        let remote = try RemoteRecord(url: url, configuration: http)
        defer { remote.close() }
        var verification = options
        let mirror: URL
        var temporary: URL?
        if let stateDirectory {
            mirror = stateDirectory.appendingPathComponent(Follower.mirrorFolder)
            verification.stateDirectory = stateDirectory.appendingPathComponent(Follower.verifierFolder)
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scrutineer-mirror-\(UUID().uuidString)")
            mirror = folder
            temporary = folder
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        // Never cut below what the incremental verifier has read (it would see a rewrite).
        let verified = try verification.stateDirectory.map { try RecordMirror.verifiedSize($0) } ?? 0
        try RecordMirror.sync(remote, into: mirror, verified: verified, progress: fetching)
        let source = try MirrorSource(mirror: mirror, url: remote.url, kept: temporary == nil)
        return try Scrutineer.verify(source: source, options: verification, progress: progress)
    }
}
