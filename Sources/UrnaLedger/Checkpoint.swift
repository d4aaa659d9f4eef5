import UrnaCrypto

/// The body of a ledger checkpoint: a C2SP `tlog-checkpoint` note text
/// (`Specs/ledger.md` §4.1):
///
/// ```
/// <origin>\n
/// <tree size, decimal>\n
/// <base64 Merkle root>\n
/// urna/v1/chain-head <lowercase hex hash of entry size-1, or 64 zeros for size 0>\n
/// ```
///
/// The extension line binds the hash chain head to the Merkle root, so an observer that
/// follows either structure checks the other.
public struct Checkpoint: Sendable, Hashable {
    public let origin: String
    public let size: UInt64
    public let root: [UInt8]
    /// The hash of entry `size - 1`; 32 zero bytes for the empty ledger.
    public let chainHead: [UInt8]

    /// Prefix of the extension line, followed by the hex chain head.
    public static let chainHeadPrefix = "urna/v1/chain-head "

    public init(origin: String, size: UInt64, root: [UInt8], chainHead: [UInt8]) throws {
        try Self.validateOrigin(origin)
        guard size <= UInt64(Int64.max) else {
            throw LedgerError(.invalidCheckpoint, "checkpoint size \(size) exceeds 2^63-1")
        }
        guard root.count == MerkleHash.size else {
            throw LedgerError(.invalidCheckpoint, "checkpoint root has \(root.count) bytes, expected 32")
        }
        guard chainHead.count == Entry.hashSize else {
            throw LedgerError(.invalidCheckpoint, "checkpoint chain head has \(chainHead.count) bytes, expected 32")
        }
        self.origin = origin
        self.size = size
        self.root = root
        self.chainHead = chainHead
    }

    /// The note text, each line ending in `\n`.
    public var text: String {
        "\(origin)\n\(size)\n\(LedgerBase64.encode(root))\n\(Self.chainHeadPrefix)\(chainHead.hex)\n"
    }

    /// Parses a note text produced by ``text`` (strictly: exactly the four lines, canonical
    /// encodings, final newline).
    public init(text: String) throws {
        guard text.hasSuffix("\n") else {
            throw LedgerError(.invalidCheckpoint, "checkpoint text does not end with a newline")
        }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4 else {
            throw LedgerError(.invalidCheckpoint, "checkpoint text has \(lines.count) lines, expected 4 (origin, size, root, chain head)")
        }
        let size = try Self.parseDecimal(lines[1])
        let root: [UInt8]
        do {
            root = try LedgerBase64.decode(lines[2])
        } catch {
            throw LedgerError(.invalidCheckpoint, "checkpoint root line is not canonical base64", detail: .line(3))
        }
        guard lines[3].hasPrefix(Self.chainHeadPrefix) else {
            throw LedgerError(.invalidCheckpoint, "checkpoint extension line does not start with \"\(Self.chainHeadPrefix)\"",
                              detail: .line(4))
        }
        let headHex = lines[3].dropFirst(Self.chainHeadPrefix.utf8.count)
        let head: [UInt8]
        do {
            head = try Hex.decode(String(headHex))
        } catch {
            throw LedgerError(.invalidCheckpoint, "checkpoint chain head is not lowercase hex", detail: .line(4))
        }
        try self.init(origin: String(lines[0]), size: size, root: root, chainHead: head)
    }

    /// The origin line: 1...255 printable ASCII characters other than space and `+`
    /// (it doubles as the signed-note key name).
    public static func validateOrigin(_ origin: String) throws {
        let bytes = Array(origin.utf8)
        guard !bytes.isEmpty, bytes.count <= 255 else {
            throw LedgerError(.invalidCheckpoint, "origin must have 1...255 characters, has \(bytes.count)")
        }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "+") }) else {
            throw LedgerError(.invalidCheckpoint, "origin \"\(origin)\" has a character outside printable ASCII, or a space or +")
        }
    }

    /// ASCII decimal, no sign, no leading zero unless the value is 0, at most 2^63-1.
    static func parseDecimal(_ text: Substring) throws -> UInt64 {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 19, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              bytes.count == 1 || bytes[0] != 0x30,
              let value = UInt64(text), value <= UInt64(Int64.max) else {
            throw LedgerError(.invalidCheckpoint, "checkpoint size \"\(text.prefix(24))\" is not a canonical decimal", detail: .line(2))
        }
        return value
    }
}
