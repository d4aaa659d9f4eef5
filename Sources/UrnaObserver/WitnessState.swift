import Foundation
import UrnaRecord

/// What a witness remembers of the ledger it watches (`DIR/witness.json`): the ledger key it was
/// given, and the latest checkpoint it cosigned with the answer it gave. Written atomically
/// (temporary file, fsync, rename; mode 0600) before an answer leaves, so after any crash the
/// file holds the old state or the new one, and the witness never cosigns a rollback.
public struct WitnessState: Sendable, Hashable, Codable {
    public static let fileName = "witness.json"
    public static let currentVersion = 1

    public let version: Int
    /// The ledger verifier key the state belongs to.
    public let ledgerKey: String
    public let origin: String
    /// The size of the latest cosigned checkpoint (0: none yet).
    public let size: UInt64
    /// Its Merkle root, base64 (nil while nothing was cosigned; ``size`` is then 0).
    public let root: String?
    /// The ledger-signed checkpoint note that was cosigned.
    public let checkpoint: String?
    /// The cosignature lines answered for it (`— <name> <base64>\n`…), answered again on a replay.
    public let cosignatures: String?
    /// Unix seconds of the cosignature.
    public let cosignedAt: UInt64?

    enum CodingKeys: String, CodingKey {
        case version, origin, size, root, checkpoint, cosignatures
        case ledgerKey = "ledger_key"
        case cosignedAt = "cosigned_at"
    }

    /// The state of a witness that has cosigned nothing yet.
    public static func empty(ledgerKey: String, origin: String) -> WitnessState {
        WitnessState(version: currentVersion, ledgerKey: ledgerKey, origin: origin, size: 0, root: nil,
                     checkpoint: nil, cosignatures: nil, cosignedAt: nil)
    }

    /// The root as bytes (nil if none, or not base64).
    public var rootBytes: [UInt8]? { root.flatMap { Data(base64Encoded: $0) }.map(Array.init) }

    /// Loads the state in `directory`; nil when there is none yet.
    public static func load(from directory: URL) throws -> WitnessState? {
        let path = directory.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let state: WitnessState
        do {
            state = try JSONDecoder().decode(WitnessState.self, from: Data(PrivateFile.read(path, what: "the witness state")))
        } catch let error as RecordError {
            throw ObserverError(ObserverError.witnessState, error.reason)
        } catch {
            throw ObserverError(ObserverError.witnessState, "\(path) is not a witness state (\(error)); move it away only if you know why it is broken")
        }
        guard state.version == currentVersion else {
            throw ObserverError(ObserverError.witnessState, "\(path) has version \(state.version), this witness reads \(currentVersion)")
        }
        guard state.root == nil ? state.size == 0 : state.rootBytes?.count == 32,
              (state.checkpoint == nil) == (state.root == nil), (state.cosignatures == nil) == (state.root == nil) else {
            throw ObserverError(ObserverError.witnessState, "\(path) is inconsistent (size, root and checkpoint disagree)")
        }
        return state
    }

    /// Writes the state atomically (mode 0600) into `directory`.
    public func save(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try PrivateFile.write(Array(encoder.encode(self)) + [0x0A], to: directory.appendingPathComponent(Self.fileName).path)
        } catch let error as RecordError {
            throw ObserverError(ObserverError.witnessState, "cannot save the witness state: \(error.reason)")
        } catch {
            throw ObserverError(ObserverError.witnessState, "cannot save the witness state in \(directory.path): \(error)")
        }
    }
}
