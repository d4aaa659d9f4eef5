import Foundation
import Testing
import UrnaCrypto
@testable import UrnaRecord

/// `CanonicalJSON.decode` reads an entry body only in its RFC 8785 form and only with the fields
/// of its type (`Specs/election-record.md` §1, review findings 7 and 14).
@Suite struct CanonicalBodyTests {
    func election() throws -> BodySample { try BodySample.named("election") }

    func decodeElection(_ bytes: [UInt8]) throws { _ = try CanonicalJSON.decode(ElectionBody.self, from: bytes) }

    /// The election body with its first `from` replaced by `to`.
    func electionReplacing(_ from: String, _ to: String) throws -> [UInt8] {
        let text = String(decoding: try election().bytes, as: UTF8.self)
        #expect(text.contains(from))
        guard let range = text.range(of: from) else { return [] }
        return Array(text.replacingCharacters(in: range, with: to).utf8)
    }

    @Test("every body kind round-trips through the strict decoder, byte for byte, and equals the pre-JCS encoding")
    func everyBodyRoundTrips() throws {
        for sample in try BodySample.all.get() {
            #expect(try sample.roundTrip(sample.bytes) == sample.bytes, "\(sample)")
            // Urna's bodies are ASCII-keyed and integer-only: JCS writes what Foundation's sorted encoding wrote.
            #expect(sample.bytes == sample.foundation, "\(sample)")
        }
    }

    @Test("a duplicate key in the election body's manifest is refused, whatever value comes last")
    func duplicateKey() throws {
        for values in ["true,\"revoting\":false", "false,\"revoting\":true"] {
            expectMalformed(["duplicate key 'revoting'", "manifest"]) {
                try decodeElection(try electionReplacing("\"revoting\":false", "\"revoting\":" + values))
            }
        }
        let manifest = try BodySample.named("manifest").bytes
        let text = String(decoding: manifest, as: UTF8.self).replacingOccurrences(of: "\"revoting\":false", with: "\"revoting\":true,\"revoting\":false")
        expectMalformed(["duplicate key 'revoting'"]) { _ = try CanonicalJSON.decode(Manifest.self, from: Array(text.utf8)) }
    }

    @Test("a byte order mark, white space, or a non-canonical number is refused")
    func framingAndNumbers() throws {
        let bytes = try election().bytes
        expectMalformed(["byte order mark"]) { try decodeElection([0xEF, 0xBB, 0xBF] + bytes) }
        expectMalformed(["white space"]) { try decodeElection(bytes + [0x0A]) }
        expectMalformed(["white space"]) { try decodeElection(try electionReplacing("\"threshold\":1", "\"threshold\": 1")) }
        expectMalformed(["number '1.0'"]) { try decodeElection(try electionReplacing("\"threshold\":1", "\"threshold\":1.0")) }
        expectMalformed(["number '1e0'"]) { try decodeElection(try electionReplacing("\"threshold\":1", "\"threshold\":1e0")) }
        expectMalformed(["number '3.0'"]) { try decodeElection(try electionReplacing("\"spoil_limit\":3", "\"spoil_limit\":3.0")) }
        expectMalformed(["number '-0'"]) { try decodeElection(try electionReplacing("\"min\":0", "\"min\":-0")) }
    }

    @Test("a non-ASCII character must be literal UTF-8, not an escape in either case")
    func escapes() throws {
        let manifest = try Manifest(electionID: "e1", title: "Cité", contests: [.init(id: "c1", title: "C", min: 0, max: 1,
            candidates: [.init(id: "a", name: "A")])], districts: [.init(id: "d1", name: "D", contests: ["c1"])])
        let bytes = try CanonicalJSON.encode(manifest)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"title\":\"Cité\""))
        #expect(try CanonicalJSON.decode(Manifest.self, from: bytes) == manifest)
        for escape in [#"\u00E9"#, #"\u00e9"#] {
            let escaped = Array(text.replacingOccurrences(of: "Cité", with: "Cit" + escape).utf8)
            expectMalformed(["escape '\(escape)'"]) { _ = try CanonicalJSON.decode(Manifest.self, from: escaped) }
        }
    }

    @Test("members out of JCS order are refused")
    func keyOrder() throws {
        guard case .object(let members) = try JSONEdit.parse(try election().bytes) else {
            Issue.record("not an object")
            return
        }
        let swapped = JSONEdit.write(.object(members.reversed()))
        expectMalformed(["out of order"]) { try decodeElection(swapped) }
    }

    @Test("a ballot carrying a voter_id, at its root or in a selection, is refused naming the field and its place")
    func ballotVoterID() throws {
        let ballot = try BodySample.named("ballot").bytes
        let id = JSONValue.string("voter-0042")
        let atRoot = try JSONEdit.adding("voter_id", id, at: [], to: ballot)
        expectMalformed(["unknown field 'voter_id'"]) { _ = try CanonicalJSON.decode(Ballot.self, from: atRoot) }
        let inSelection = try JSONEdit.adding("voter_id", id, at: [.key("contests"), .index(0), .key("selections"), .index(1)], to: ballot)
        expectMalformed(["unknown field 'voter_id' at contests[0].selections[1]"]) {
            _ = try CanonicalJSON.decode(Ballot.self, from: inSelection)
        }
        // Inside a spoiled body too.
        let spoiled = try BodySample.named("spoiled").bytes
        let inSpoiled = try JSONEdit.adding("voter_id", id, at: [.key("ballot"), .key("token")], to: spoiled)
        expectMalformed(["unknown field 'voter_id' at ballot.token"]) { _ = try CanonicalJSON.decode(SpoiledBody.self, from: inSpoiled) }
    }

    @Test("an added member is refused in every object of every body kind")
    func unknownFieldsEverywhere() throws {
        // An object value makes an extra entry in a map (keyed by ids) fail to decode as well.
        let extra = JSONValue.object([("x", .array([]))])
        for sample in try BodySample.all.get() {
            let tree = try JSONEdit.parse(sample.bytes)
            for path in JSONEdit.objectPaths(tree) {
                let changed = try JSONEdit.adding("zz_unknown", extra, at: path, to: sample.bytes)
                #expect(throws: RecordError.self, "\(sample) at \(JSONEdit.describe(path))") { _ = try sample.roundTrip(changed) }
            }
            // At the root, the reason names the field.
            let atRoot = try JSONEdit.adding("zz_unknown", .number("1"), at: [], to: sample.bytes)
            expectMalformed(["unknown field 'zz_unknown'"]) { _ = try sample.roundTrip(atRoot) }
        }
    }

    @Test("an unknown field in nested objects is named with its path", arguments: [
        ("election", "manifest.contests[0].candidates[1]"), ("election", "trustees[0]"), ("election", "manifest.districts[1]"),
        ("trustee-commitment", "proof"), ("trustee-commitment", "shares.2"), ("complaint", "proof"),
        ("ballot", "token"), ("ballot", "contests[1]"), ("ballot", "contests[0].selections[0].ciphertext"),
        ("ballot", "contests[0].selections[2].proof"), ("ballot", "contests[0].sum_proof.branches[0]"),
        ("spoiled", "ballot"), ("tally", "districts.north.mayor"), ("tally", "districts.north.mayor.selections.alice"),
        ("tally-share", "shares.north.mayor.alice"), ("tally-share", "shares.north.mayor.alice.proof"),
        ("tally-share", "shares.east.mayor.alice"), ("result", "districts.north"),
    ])
    func unknownNestedField(kind: String, path: String) throws {
        let sample = try BodySample.named(kind)
        let tree = try JSONEdit.parse(sample.bytes)
        let steps = try #require(JSONEdit.objectPaths(tree).first { JSONEdit.describe($0) == path }, "no object at \(path)")
        let changed = try JSONEdit.adding("zz_unknown", .number("1"), at: steps, to: sample.bytes)
        expectMalformed(["unknown field 'zz_unknown' at \(path)"]) { _ = try sample.roundTrip(changed) }
    }

    @Test("a stored manifest writes revoting and spoil_limit; null for an absent field is refused")
    func missingAndNull() throws {
        expectMalformed(["missing field 'revoting' at manifest"]) {
            try decodeElection(try electionReplacing("\"revoting\":false,", ""))
        }
        let share = try BodySample.named("tally-share")
        let tree = try JSONEdit.parse(share.bytes)
        let path: [JSONEdit.Step] = [.key("shares"), .key("east"), .key("mayor"), .key("alice")]
        let withNull = try JSONEdit.editing(tree, at: path) { node in
            guard case .object(let members) = node else { return node }
            return .object((members + [("proof", .null)]).sorted { JSONValue.precedes($0.key, $1.key) })
        }.jcsBytes()
        #expect(throws: RecordError.self) { _ = try share.roundTrip(withNull) }
    }
}

/// A body a dishonest commission writes to hurt readers, not to be read: nesting far deeper than
/// any parser's stack, as a whole 8 MiB body. Every decoding path refuses it without a crash.
@Suite struct HostileBodyDepthTests {
    @Test func deeplyNestedBodiesAreRefused() {
        let depth = 4 << 20
        for open in ["[", "{\"a\":"] {
            let body = Array(String(repeating: open, count: depth / open.count).utf8)
            #expect(throws: RecordError.self) { _ = try CanonicalJSON.decode(Ballot.self, from: body) }
            #expect(throws: RecordError.self) { _ = try CanonicalJSON.decodeInput(Manifest.self, from: body) }
            #expect(throws: RecordError.self) { _ = try CanonicalJSON.decodeFields(TallyBody.self, from: body) }
        }
    }
}
