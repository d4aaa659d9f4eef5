import Foundation
import UrnaCrypto
import UrnaRecord

/// What `scrutineer follow` remembers between rounds and restarts, in `DIR/follow.json`
/// (replaced atomically): the election it follows, the ledger key it trusts, and every
/// checkpoint it has seen (size → root), so that no later checkpoint can give another root for
/// a size seen before, nor a smaller size.
public struct FollowState: Sendable, Codable, Hashable {
    public struct Seen: Sendable, Codable, Hashable {
        public let size: UInt64
        /// Lower-case hex.
        public let root: String
    }

    public static let fileName = "follow.json"
    public static let version = 1

    public var version = FollowState.version
    /// The election URL followed.
    public var url: String
    /// The ledger verifier key every checkpoint must be signed with.
    public var ledgerKey: String
    /// Every checkpoint seen, by increasing size.
    public var checkpoints: [Seen] = []
    /// The latest checkpoint note seen (signed, consistent and verified).
    public var latestNote: String?

    enum CodingKeys: String, CodingKey {
        case version, url, checkpoints
        case ledgerKey = "ledger_key"
        case latestNote = "latest_note"
    }

    public init(url: String, ledgerKey: String) {
        self.url = url
        self.ledgerKey = ledgerKey
    }

    /// The largest checkpoint seen.
    public var latest: Seen? { checkpoints.last }

    /// The root seen for `size`, if any.
    public func root(at size: UInt64) -> String? {
        checkpoints.first { $0.size == size }?.root
    }

    /// Remembers a checkpoint (sizes kept sorted; a size seen before is not added twice).
    public mutating func remember(size: UInt64, root: [UInt8], note: String) {
        if self.root(at: size) == nil {
            checkpoints.append(Seen(size: size, root: Hex.encode(root)))
            checkpoints.sort { $0.size < $1.size }
        }
        if size >= latest?.size ?? 0 { latestNote = note }
    }

    /// The state in `directory`, or nil when it holds none yet.
    public static func load(_ directory: URL) throws -> FollowState? {
        let url = directory.appendingPathComponent(fileName)
        guard let bytes = try AtomicFile.read(url, limit: 64 << 20) else { return nil }
        let state: FollowState
        do {
            state = try JSONDecoder().decode(FollowState.self, from: Data(bytes))
        } catch {
            throw ObserverError(ObserverError.stateUnusable, "\(url.path) is not a follow state: \(error.localizedDescription); move it away to start over")
        }
        guard state.version == version else {
            throw ObserverError(ObserverError.stateUnusable, "\(url.path) has version \(state.version); this scrutineer reads version \(version)")
        }
        var previous: Seen?
        for seen in state.checkpoints {
            guard seen.root.utf8.count == 64, (try? Hex.decode(seen.root)) != nil, previous.map({ $0.size < seen.size }) ?? true else {
                throw ObserverError(ObserverError.stateUnusable, "\(url.path) lists checkpoints out of order or with a malformed root; move it away to start over")
            }
            previous = seen
        }
        return state
    }

    /// Writes the state atomically.
    public func save(_ directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw ObserverError(ObserverError.stateUnusable, "cannot encode the follow state: \(error.localizedDescription)")
        }
        try AtomicFile.write(Array(data) + [0x0A], to: directory.appendingPathComponent(Self.fileName))
    }
}
