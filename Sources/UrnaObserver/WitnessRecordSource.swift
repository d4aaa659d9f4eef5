import Foundation
import UrnaLedger
import UrnaVerifier

/// The record a witness verifies before cosigning a checkpoint of size `size`: the first `size`
/// entries of a local JSON Lines mirror of the service's record, and that checkpoint as the
/// record's only checkpoint. Entries the mirror holds beyond `size` are not read.
struct WitnessRecordSource: RecordSource {
    let mirror: JSONLRecordSource
    let size: UInt64
    let signedNote: String

    var name: String { mirror.name }
    func publishedVerifierKey() throws -> String? { try mirror.publishedVerifierKey() }
    func checkpointNotes() throws -> [String] { [signedNote] }
    func estimatedEntryCount() throws -> UInt64? { size }
    func entries(from seq: UInt64) throws -> any RecordEntryReader {
        guard seq <= size else { return BoundedEntryReader(inner: try mirror.entries(from: seq), remaining: 0) }
        return BoundedEntryReader(inner: try mirror.entries(from: seq), remaining: size - seq)
    }
    func subtreeReader() throws -> (any MerkleSubtreeReader)? { nil }
}

/// At most `remaining` items of another reader.
final class BoundedEntryReader: RecordEntryReader {
    private let inner: any RecordEntryReader
    private var remaining: UInt64

    init(inner: any RecordEntryReader, remaining: UInt64) {
        self.inner = inner
        self.remaining = remaining
    }

    func next(maxCount: Int, maxBodyBytes: Int) throws -> [RecordItem] {
        guard remaining > 0, maxCount > 0 else { return [] }
        let items = try inner.next(maxCount: Int(clamping: min(UInt64(maxCount), remaining)), maxBodyBytes: maxBodyBytes)
        let taken = items.prefix(Int(clamping: remaining))
        remaining -= UInt64(taken.count)
        return Array(taken)
    }
}
