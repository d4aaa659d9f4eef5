import Foundation
import UrnaCrypto
import UrnaLedger

/// A parsed `add-checkpoint` body (C2SP `tlog-witness`, `Specs/api.md` §5):
///
/// ```
/// old <size, canonical decimal>\n
/// <consistency proof hash, canonical base64>\n     (0...63 lines)
/// \n
/// <checkpoint, a signed note>
/// ```
///
/// Parsed strictly: every line ends in `\n`, the decimal has no sign or leading zero, each hash
/// is the canonical base64 of 32 bytes, the checkpoint is an Urna checkpoint text (`ledger.md`
/// §4.1) inside a signed note. Nothing here checks a signature, nor `old` against the
/// checkpoint's size (an `old` beyond it is answered 409 by ``WitnessCore``, `Specs/api.md` §5).
public struct WitnessRequest: Sendable, Hashable {
    /// The largest body accepted (a checkpoint with its signatures, plus 63 proof lines).
    public static let maxBodyBytes = 64 * 1024
    /// C2SP: a client MUST NOT send more than 63 consistency proof lines.
    public static let maxProofLines = 63

    public let oldSize: UInt64
    public let proof: [[UInt8]]
    public let note: SignedNote
    public let checkpoint: Checkpoint

    public init(body: [UInt8]) throws {
        guard body.count <= Self.maxBodyBytes else {
            throw Self.malformed("the body has \(body.count) bytes, more than \(Self.maxBodyBytes)")
        }
        var cursor = body[...]
        func line() throws -> ArraySlice<UInt8> {
            guard let end = cursor.firstIndex(of: 0x0A) else {
                throw Self.malformed("a line before the checkpoint does not end in a newline")
            }
            let text = cursor[cursor.startIndex..<end]
            cursor = cursor[(end + 1)...]
            return text
        }
        let first = try line()
        let prefix = Array("old ".utf8)
        guard first.starts(with: prefix) else { throw Self.malformed("the first line is not 'old <size>'") }
        oldSize = try Self.decimal(first.dropFirst(prefix.count))
        var hashes: [[UInt8]] = []
        while true {
            let text = try line()
            if text.isEmpty { break }
            guard hashes.count < Self.maxProofLines else {
                throw Self.malformed("more than \(Self.maxProofLines) consistency proof lines")
            }
            hashes.append(try Self.hash(text, index: hashes.count))
        }
        proof = hashes
        do {
            note = try SignedNote(bytes: Array(cursor))
            checkpoint = try Checkpoint(text: note.text)
        } catch let error as CryptoError {
            throw Self.malformed("the checkpoint is not a signed note: \(error.reason)")
        } catch let error as LedgerError {
            throw Self.malformed("the checkpoint is not an Urna checkpoint: \(error.reason)")
        }
        guard oldSize > 0 || proof.isEmpty else {
            throw Self.malformed("a consistency proof from old size 0 must be empty, has \(proof.count) lines")
        }
    }

    /// The body a client sends (the inverse of ``init(body:)``).
    public static func body(oldSize: UInt64, proof: [[UInt8]], signedNote: String) -> [UInt8] {
        var text = "old \(oldSize)\n"
        for hash in proof { text += Data(hash).base64EncodedString() + "\n" }
        return Array((text + "\n" + signedNote).utf8)
    }

    /// ASCII decimal, no sign, no leading zero unless it is 0, at most 2^63-1.
    static func decimal(_ text: ArraySlice<UInt8>) throws -> UInt64 {
        guard !text.isEmpty, text.count <= 19, text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              text.count == 1 || text.first != 0x30,
              let value = UInt64(String(decoding: text, as: UTF8.self)), value <= UInt64(Int64.max) else {
            throw malformed("the old size is not a canonical decimal")
        }
        return value
    }

    /// Canonical standard base64 (RFC 4648 §4, padded) of exactly 32 bytes.
    static func hash(_ text: ArraySlice<UInt8>, index: Int) throws -> [UInt8] {
        guard text.count == 44, let string = String(validating: text, as: UTF8.self),
              let data = Data(base64Encoded: string), data.count == 32, data.base64EncodedString() == string else {
            throw malformed("consistency proof line \(index + 1) is not the canonical base64 of a 32-byte hash")
        }
        return Array(data)
    }

    static func malformed(_ reason: String) -> ObserverError {
        ObserverError(ObserverError.witnessMalformed, reason)
    }
}
