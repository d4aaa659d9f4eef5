import Foundation
import Testing
import UrnaRecord

@Suite struct ManifestTests {
    func decode(_ json: String) throws -> Manifest {
        try CanonicalJSON.decodeInput(Manifest.self, from: Array(json.utf8))
    }

    func expectInvalid(_ json: String, naming field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try decode(json)
            Issue.record("accepted an invalid manifest", sourceLocation: sourceLocation)
        } catch let error as RecordError {
            #expect(error.reason.contains(field), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    static let valid = """
    {"election_id":"e1","title":"T","contests":[{"id":"c1","title":"C","min":0,"max":1,
     "candidates":[{"id":"a","name":"A"},{"id":"b","name":"B"}]}],
     "districts":[{"id":"d1","name":"D","contests":["c1"]}]}
    """

    @Test func validManifestRoundTrips() throws {
        let manifest = try decode(Self.valid)
        #expect(manifest.revoting == false)
        #expect(manifest.spoilLimit == 3)
        #expect(try CanonicalJSON.decode(Manifest.self, from: CanonicalJSON.encode(manifest)) == manifest)
        #expect(manifest.contests(inDistrict: "d1").map(\.id) == ["c1"])
    }

    @Test func errorsNameTheField() {
        func variant(_ from: String, _ to: String) -> String { Self.valid.replacingOccurrences(of: from, with: to) }
        expectInvalid(variant(#""election_id":"e1""#, #""election_id":"e 1""#), naming: "election_id")
        expectInvalid(variant(#""max":1"#, #""max":3"#), naming: "contests[0].max")
        expectInvalid(variant(#""min":0"#, #""min":2"#), naming: "contests[0].min")
        expectInvalid(variant(#""min":0"#, #""min":-1"#), naming: "contests[0].min")
        expectInvalid(variant(#"{"id":"b","name":"B"}"#, #"{"id":"a","name":"B"}"#), naming: "contests[0].candidates[1].id")
        expectInvalid(variant(#""contests":["c1"]"#, #""contests":["c2"]"#), naming: "districts[0].contests")
        expectInvalid(variant(#""contests":["c1"]"#, #""contests":["c1","c1"]"#), naming: "districts[0].contests")
        expectInvalid(variant(#""title":"T","#, ""), naming: "title")
        expectInvalid(variant(#""name":"D","#, #""name":"","#), naming: "districts[0].name")
        expectInvalid(variant(#""districts":[{"id":"d1","name":"D","contests":["c1"]}]"#, #""districts":[]"#), naming: "districts")
        expectInvalid(variant(#""title":"T","#, #""title":"T","spoil_limit":1000,"#), naming: "spoil_limit")
    }

    @Test func contestTooWideForASumProofIsRefused() throws {
        let candidates = (1...64).map { #"{"id":"c\#($0)","name":"C\#($0)"}"# }.joined(separator: ",")
        let json = #"{"election_id":"e","title":"T","contests":[{"id":"c","title":"C","min":0,"max":64,"candidates":["#
            + candidates + #"]}],"districts":[{"id":"d","name":"D","contests":["c"]}]}"#
        expectInvalid(json, naming: "max − min + 1 = 65")
        _ = try decode(json.replacingOccurrences(of: #""min":0"#, with: #""min":1"#))
    }

    @Test func contestOnNoBallotIsRefused() {
        let json = Self.valid.replacingOccurrences(
            of: #"]}],"#, with: #"]},{"id":"c2","title":"C2","min":0,"max":1,"candidates":[{"id":"x","name":"X"}]}],"#)
        expectInvalid(json, naming: "contest 'c2' is on no district")
    }
}
