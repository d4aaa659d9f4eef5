import Foundation
import Testing
@testable import UrnaVerifier

/// The verifier's per-credential state (`Specs/election-record.md` §5.6): a credential keeps
/// its first district, its counted seq and its spoils; the saved form round-trips, and columns
/// that do not match are refused instead of shifting one credential's values onto another.
@Suite struct CredentialTableTests {
    static func key(_ seed: UInt8) -> Key32 {
        Key32([UInt8](repeating: seed, count: 31) + [seed &+ 1])!
    }

    @Test func keepsFirstDistrictCountedSeqAndSpoils() throws {
        var table = CredentialTable()
        let (a, b, c) = (Self.key(1), Self.key(2), Self.key(3))
        #expect(table.district(of: a) == nil && table.countedSeq(of: a) == nil)
        let first = table.bind(a, to: "north")
        let rebound = table.bind(a, to: "south")
        #expect(first && rebound, "binding a bound credential is no failure")
        #expect(table.district(of: a) == "north", "a bound credential keeps its first district")
        table.bind(b, to: "south")
        #expect(table.district(of: b) == "south")
        table.setCounted(a, seq: 41)
        table.setCounted(a, seq: 57)
        #expect(table.countedSeq(of: a) == 57)
        #expect(table.countedSeq(of: b) == nil)
        #expect(table.addSpoil(c) == 1 && table.addSpoil(c) == 2 && table.addSpoil(b) == 1)
        #expect(table.district(of: c) == nil, "spoiling alone binds no district")
        table.setCounted(b, seq: 0)
        #expect(table.countedSeq(of: b) == 0, "seq 0 is a seq, not 'none'")

        let decoded = try JSONDecoder().decode(CredentialTable.self, from: JSONEncoder().encode(table))
        #expect(decoded.district(of: a) == "north" && decoded.district(of: b) == "south" && decoded.district(of: c) == nil)
        #expect(decoded.countedSeq(of: a) == 57 && decoded.countedSeq(of: b) == 0 && decoded.countedSeq(of: c) == nil)
        var again = decoded
        #expect(again.addSpoil(c) == 3 && again.addSpoil(a) == 1)
    }

    @Test func mismatchedColumnsAreRefused() throws {
        var table = CredentialTable()
        table.bind(Self.key(1), to: "north")
        table.bind(Self.key(2), to: "south")
        _ = table.addSpoil(Self.key(2))
        let good = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(table)) as? [String: Any])
        let faults: [(String, Any)] = [
            ("districtNumbers", [0]),
            ("districtNumbers", [0, 2]),
            ("districtNumbers", [0, -2]),
            ("countedSeqs", [UInt64.max]),
            ("spoils", ["5": 1]),
            ("spoils", ["1": 0]),
            ("spoils", ["1": Int(Int32.max) + 1]),
            ("credentials", [Self.key(1).description, Self.key(1).description]),
        ]
        for (field, value) in faults {
            var bad = good
            bad[field] = value
            let data = try JSONSerialization.data(withJSONObject: bad)
            #expect(throws: DecodingError.self, "\(field) = \(value)") { try JSONDecoder().decode(CredentialTable.self, from: data) }
        }
    }
}
