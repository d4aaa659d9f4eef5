import Foundation
import Testing
import UrnaCrypto
@testable import UrnaRecord

/// One stored body of every kind, with the strict decoder of its type.
struct BodySample: Sendable, CustomStringConvertible {
    let name: String
    let bytes: [UInt8]
    /// `CanonicalJSON.decode` of the body's type, re-encoded with `CanonicalJSON.encode`.
    let roundTrip: @Sendable ([UInt8]) throws -> [UInt8]
    /// Foundation's sorted-key encoding of the value, as `CanonicalJSON.encode` wrote bodies before JCS.
    let foundation: [UInt8]

    var description: String { name }

    static func make<T: Codable>(_ name: String, _ value: T) throws -> BodySample {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return BodySample(name: name, bytes: try CanonicalJSON.encode(value),
                          roundTrip: { try CanonicalJSON.encode(CanonicalJSON.decode(T.self, from: $0)) },
                          foundation: Array(try encoder.encode(value)))
    }

    /// Every body kind of `Specs/election-record.md` §4–§5 and §7, built from the record fixtures.
    static let all = Result { () throws -> [BodySample] in
        let f = try RecordFixture()
        let (request, token) = try f.token(district: "north")
        let (ballot, secrets) = try BallotBuilder.encrypt(
            election: f.election, district: "north", choices: ["mayor": ["bob"], "council-north": ["dan", "frank"]],
            credential: request.credential, token: token)
        let ceremony = try HandCeremony(n: 3, k: 2)
        let commitment = try ceremony.commitment(1)
        let dealt = try DealtTally()
        let shares = try [1, 2].map { try dealt.share($0) }
        let result = try TallyCheck.combine(tally: dealt.tally, shares: shares, threshold: 2)
        let receipt = try Receipt(electionID: "city-2026", trackingCode: ballot.trackingCode, seq: 41,
                                  entryHash: SHA256.hash([1]), checkpoint: "urna.example/city-2026\n42\n…\n",
                                  inclusionProof: [SHA256.hash([2]), SHA256.hash([3])])
        return [
            try make("election", f.election.body),
            try make("manifest", f.manifest),
            try make("ceremony", PhaseBody(phase: .keyCeremony)),
            try make("trustee-pledge", try ceremony.pledge(1)),
            try make("trustee-commitment", commitment),
            try make("complaint", try ceremony.complaint(by: 2, against: commitment)),
            try make("joint-key", dealt.jointKey),
            try make("roll", RollBody(district: "north", pseudonyms: [String(repeating: "0a", count: 16): HexBytes(SHA256.hash([6]))],
                                      identitySignature: HexBytes([UInt8](repeating: 7, count: 64)))),
            try make("issuance", IssuanceBody(districts: ["north": [String(repeating: "0a", count: 16): "041061050R3GG28A1C60TE"], "south": [:]])),
            try make("ballot", ballot),
            try make("spoiled", SpoiledBody(ballot: ballot, secrets: secrets)),
            try make("tally", dealt.tally),
            try make("tally-share", shares[0]),
            try make("result", result),
            try make("receipt", receipt),
        ]
    }

    static func named(_ name: String) throws -> BodySample {
        try #require(try all.get().first { $0.name == name })
    }
}

/// Builds JSON texts that break exactly one canonical rule.
enum JSONEdit {
    static func parse(_ bytes: [UInt8]) throws -> JSONValue { try JSONParser.parse(bytes, mode: .relaxed) }

    /// Writes `value` with members in their given order and no white space (JCS string escapes).
    static func write(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        func emit(_ value: JSONValue) {
            switch value {
            case .object(let members):
                out.append(UInt8(ascii: "{"))
                for (offset, member) in members.enumerated() {
                    if offset > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.writeJCSString(member.key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    emit(member.value)
                }
                out.append(UInt8(ascii: "}"))
            case .array(let elements):
                out.append(UInt8(ascii: "["))
                for (offset, element) in elements.enumerated() {
                    if offset > 0 { out.append(UInt8(ascii: ",")) }
                    emit(element)
                }
                out.append(UInt8(ascii: "]"))
            default:
                out += (try? value.jcsBytes()) ?? Array("null".utf8)
            }
        }
        emit(value)
        return out
    }

    /// A path step: a member name or an array index.
    enum Step: Sendable, CustomStringConvertible {
        case key(String)
        case index(Int)

        var description: String {
            switch self {
            case .key(let key): ".\(key)"
            case .index(let index): "[\(index)]"
            }
        }
    }

    static func describe(_ path: [Step]) -> String {
        let text = path.map(\.description).joined()
        return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }

    /// Every path to an object in `value`.
    static func objectPaths(_ value: JSONValue, _ prefix: [Step] = []) -> [[Step]] {
        switch value {
        case .object(let members):
            return [prefix] + members.flatMap { objectPaths($0.value, prefix + [.key($0.key)]) }
        case .array(let elements):
            return elements.enumerated().flatMap { objectPaths($0.element, prefix + [.index($0.offset)]) }
        default:
            return []
        }
    }

    /// `value` with `change` applied to the node at `path`.
    static func editing(_ value: JSONValue, at path: [Step], _ change: (JSONValue) -> JSONValue) -> JSONValue {
        guard let step = path.first else { return change(value) }
        let rest = Array(path.dropFirst())
        switch (value, step) {
        case (.object(let members), .key(let key)):
            return .object(members.map { $0.key == key ? ($0.key, editing($0.value, at: rest, change)) : $0 })
        case (.array(var elements), .index(let index)) where elements.indices.contains(index):
            elements[index] = editing(elements[index], at: rest, change)
            return .array(elements)
        default:
            return value
        }
    }

    /// The canonical bytes of `body` with member `key: value` added to the object at `path`, in
    /// its sorted place, so only the unknown field is wrong.
    static func adding(_ key: String, _ value: JSONValue, at path: [Step], to body: [UInt8]) throws -> [UInt8] {
        let edited = editing(try parse(body), at: path) { node in
            guard case .object(let members) = node else { return node }
            return .object((members + [(key, value)]).sorted { JSONValue.precedes($0.key, $1.key) })
        }
        return try edited.jcsBytes()
    }
}

/// Expects a `RecordError(.malformed)` whose reason contains every fragment.
func expectMalformed(_ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("accepted; expected a refusal naming \(fragments)", sourceLocation: sourceLocation)
    } catch let error as RecordError {
        #expect(error.code == .malformed, "\(error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.reason.contains(fragment), "\(error.reason) should name \(fragment)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
}
