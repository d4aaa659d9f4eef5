import Foundation
import UrnaLedger
import UrnaVerifier

/// A mirror (``RecordMirror``) read as the JSON Lines export it is, named after the service's
/// URL, so that a report says where the record came from rather than a temporary path.
struct MirrorSource: RecordSource {
    let mirror: JSONLRecordSource
    let name: String

    init(mirror directory: URL, url: String, kept: Bool) throws {
        mirror = try JSONLRecordSource(path: directory.path)
        name = kept ? "\(url) (mirror \(directory.path))" : url
    }

    func publishedVerifierKey() throws -> String? { try mirror.publishedVerifierKey() }
    func checkpointNotes() throws -> [String] { try mirror.checkpointNotes() }
    func estimatedEntryCount() throws -> UInt64? { try mirror.estimatedEntryCount() }
    func entries(from seq: UInt64) throws -> any RecordEntryReader { try mirror.entries(from: seq) }
    func subtreeReader() throws -> (any MerkleSubtreeReader)? { try mirror.subtreeReader() }
}
