import Foundation
import Testing
import UrnaCrypto
import UrnaRecord

/// `CanonicalJSON.decodeInput`: files people write (manifests, trustee registrations and
/// messages, wallets, receipts) may be laid out freely but never carry a duplicate key or a
/// field the reader would ignore.
@Suite struct InputJSONTests {
    /// The example of `Specs/election-record.md` §2, pretty-printed, without the optional fields.
    static let manifest = """
    {
      "election_id": "city-2026",
      "title": "City election 2026",
      "contests": [
        {"id": "mayor", "title": "Mayor", "min": 0, "max": 1,
         "candidates": [{"id": "alice", "name": "Alice"}, {"id": "bob", "name": "Bob"}]}
      ],
      "districts": [
        {"id": "north", "name": "North", "contests": ["mayor"]}
      ]
    }

    """

    func manifest(replacing from: String, with to: String) -> [UInt8] {
        Array(Self.manifest.replacingOccurrences(of: from, with: to).utf8)
    }

    @Test("a pretty-printed manifest is read, with the optional fields' defaults")
    func prettyManifest() throws {
        let read = try CanonicalJSON.decodeInput(Manifest.self, from: Array(Self.manifest.utf8))
        #expect(read.electionID == "city-2026" && read.revoting == false && read.spoilLimit == 3)
        let explicit = try CanonicalJSON.decodeInput(Manifest.self, from: manifest(
            replacing: "\"title\": \"City", with: "\"revoting\": true, \"spoil_limit\": 0, \"title\": \"City"))
        #expect(explicit.revoting && explicit.spoilLimit == 0)
        // The strict body decoder refuses the same text: it is not JCS.
        #expect(throws: RecordError.self) { _ = try CanonicalJSON.decode(Manifest.self, from: Array(Self.manifest.utf8)) }
    }

    @Test("a duplicate key in an input file is refused, naming it")
    func duplicateKeys() {
        expectMalformed(["duplicate key 'revoting'"]) {
            _ = try CanonicalJSON.decodeInput(Manifest.self, from: manifest(
                replacing: "\"title\": \"City", with: "\"revoting\": true, \"revoting\": false, \"title\": \"City"))
        }
        expectMalformed(["duplicate key 'max' at contests[0]"]) {
            _ = try CanonicalJSON.decodeInput(Manifest.self, from: manifest(replacing: "\"max\": 1", with: "\"max\": 1, \"max\": 2"))
        }
    }

    @Test("an unknown field in an input file is refused, naming it and its place")
    func unknownFields() throws {
        expectMalformed(["unknown field 'voter_id' at contests[0].candidates[1]", "remove it"]) {
            _ = try CanonicalJSON.decodeInput(Manifest.self, from: manifest(
                replacing: "\"name\": \"Bob\"", with: "\"name\": \"Bob\", \"voter_id\": \"v1\""))
        }
        expectMalformed(["unknown field 'revote'"]) {
            _ = try CanonicalJSON.decodeInput(Manifest.self, from: manifest(
                replacing: "\"title\": \"City", with: "\"revote\": true, \"title\": \"City"))
        }
        let key = try Point.base(Scalar.random()).hex
        let identity = try Ed25519PrivateKey().publicKey.rawRepresentation.hex
        let registration = "{\n  \"name\": \"t1\",\n  \"encryption_key\": \"\(key)\",\n  \"identity_key\": \"\(identity)\"\n}\n"
        #expect(try CanonicalJSON.decodeInput(TrusteePublicInfo.self, from: Array(registration.utf8)).name == "t1")
        expectMalformed(["unknown field 'index'"]) {
            _ = try CanonicalJSON.decodeInput(TrusteePublicInfo.self, from: Array(
                registration.replacingOccurrences(of: "\"name\"", with: "\"index\": 1, \"name\"").utf8))
        }
    }

    @Test("a byte order mark or trailing data is refused in an input file")
    func framing() {
        expectMalformed(["byte order mark"]) {
            _ = try CanonicalJSON.decodeInput(Manifest.self, from: [0xEF, 0xBB, 0xBF] + Array(Self.manifest.utf8))
        }
        expectMalformed(["trailing data"]) { _ = try CanonicalJSON.decodeInput(Manifest.self, from: Array((Self.manifest + "{}").utf8)) }
    }

    @Test("a receipt file may be pretty-printed but carries no unknown field")
    func receipts() throws {
        let receipt = try Receipt(electionID: "city-2026", trackingCode: SHA256.hash([1]), seq: 7, entryHash: SHA256.hash([2]),
                                  checkpoint: "urna.example/city-2026\n8\nroot\n", inclusionProof: [SHA256.hash([3])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted]
        let pretty = Array(try encoder.encode(receipt))
        #expect(try Receipt.decode(pretty) == receipt)
        #expect(try Receipt.decode(receipt.encoded()) == receipt)
        let text = String(decoding: try receipt.encoded(), as: UTF8.self)
        let extra = Array(text.replacingOccurrences(of: "\"seq\":7", with: "\"seq\":7,\"voter_id\":\"v1\"").utf8)
        expectMalformed(["unknown field 'voter_id'"]) { _ = try Receipt.decode(extra) }
    }
}
