import Testing
import UrnaCrypto
@testable import UrnaLedger

/// The example of `Specs/ledger.md` §2.2, computed independently (Python hashlib).
enum SpecExample {
    static let body0 = Array(#"{"name":"test"}"#.utf8)
    static let hash0 = "c9deab0bb5b7013d28ae06f980818ff9843cabb8db0b7ec43ef16e68efad5621"
    static let hash1 = "dbada83af8f671202259daefc606d125005b9b27d01a689a9829473988675897"
    static let root2 = "c9d564746dd2533738731633fa58d0ffecaedc75913fd4e68402e42679ffd55c"
    static let hashInput0 = "0000000d75726e612f76312f656e74727900000008000000000000000000000008656c656374696f6e"
        + "000000080000018bcfe568000000002000000000000000000000000000000000000000000000000000000000000000000000000f"
        + "7b226e616d65223a2274657374227d"

    static func entries() throws -> [Entry] {
        let e0 = try Entry(seq: 0, kind: "election", time: 1_700_000_000_000, body: body0, prev: Entry.genesisPrev)
        let e1 = try Entry(seq: 1, kind: "open", time: 1_700_000_001_000, body: Array("{}".utf8), prev: e0.hash)
        return [e0, e1]
    }
}

@Suite struct EntryTests {
    @Test func entryHashKnownAnswer() throws {
        let entries = try SpecExample.entries()
        #expect(entries[0].hash.hex == SpecExample.hash0)
        #expect(entries[1].hash.hex == SpecExample.hash1)
        #expect(SHA256.hash(try Hex.decode(SpecExample.hashInput0)).hex == SpecExample.hash0)
        let verifier = try ChainVerifier.verify(entries)
        #expect(verifier.root.hex == SpecExample.root2)
        #expect(verifier.head == entries[1].hash)
    }

    @Test func everyFieldIsBound() throws {
        let base = try Entry(seq: 3, kind: "ballot", time: 5, body: [1, 2], prev: [UInt8](repeating: 9, count: 32))
        let variants = [
            try Entry(seq: 4, kind: "ballot", time: 5, body: [1, 2], prev: base.prev),
            try Entry(seq: 3, kind: "ballots", time: 5, body: [1, 2], prev: base.prev),
            try Entry(seq: 3, kind: "ballot", time: 6, body: [1, 2], prev: base.prev),
            try Entry(seq: 3, kind: "ballot", time: 5, body: [1, 3], prev: base.prev),
            try Entry(seq: 3, kind: "ballot", time: 5, body: [1, 2], prev: [UInt8](repeating: 8, count: 32)),
        ]
        for variant in variants { #expect(variant.hash != base.hash) }
    }

    @Test func invalidFieldsAreRefused() throws {
        let prev = Entry.genesisPrev
        for kind in ["", "Ballot", "bal lot", "ballot\n", "é", String(repeating: "a", count: 65)] {
            #expect(throws: LedgerError.self, "kind \(kind)") { try Entry(seq: 0, kind: kind, time: 0, body: [], prev: prev) }
        }
        #expect(throws: LedgerError.self) { try Entry(seq: 0, kind: "a", time: -1, body: [], prev: prev) }
        #expect(throws: LedgerError.self) { try Entry(seq: 0, kind: "a", time: 0, body: [], prev: [0]) }
        #expect(throws: LedgerError.self) { try Entry(seq: UInt64(Int64.max) + 1, kind: "a", time: 0, body: [], prev: prev) }
        #expect(throws: LedgerError.self) {
            try Entry(seq: 0, kind: "a", time: 0, body: [UInt8](repeating: 0, count: Entry.maxBodySize + 1), prev: prev)
        }
        let good = try Entry(seq: 0, kind: "a-1", time: 0, body: [], prev: prev)
        var wrong = good.hash
        wrong[31] ^= 1
        let error = try #require(throws: LedgerError.self) {
            try Entry(seq: 0, kind: "a-1", time: 0, body: [], prev: prev, hash: wrong)
        }
        #expect(error.code == .entryHashMismatch)
        #expect(error.seq == 0)
    }

    @Test func chainVerifierNamesTheFirstBadEntry() throws {
        var entries: [Entry] = []
        var prev = Entry.genesisPrev
        for seq in 0..<6 as Range<UInt64> {
            let entry = try Entry(seq: seq, kind: "ballot", time: Int64(seq), body: Array("{\"n\":\(seq)}".utf8), prev: prev)
            entries.append(entry)
            prev = entry.hash
        }
        _ = try ChainVerifier.verify(entries)
        // A gap.
        var gap = entries
        gap.remove(at: 3)
        let gapError = try #require(throws: LedgerError.self) { try ChainVerifier.verify(gap) }
        #expect(gapError.code == .chainBroken)
        #expect(gapError.seq == 3)
        // A re-hashed replacement whose prev still points at the original.
        var forged = entries
        forged[2] = try Entry(seq: 2, kind: "ballot", time: 2, body: Array("{\"n\":99}".utf8), prev: entries[1].hash)
        let forgedError = try #require(throws: LedgerError.self) { try ChainVerifier.verify(forged) }
        #expect(forgedError.seq == 3)
        // Not starting at zero, and a bad genesis prev.
        #expect(throws: LedgerError.self) { try ChainVerifier.verify(entries.dropFirst()) }
        let badGenesis = try Entry(seq: 0, kind: "a", time: 0, body: [], prev: [UInt8](repeating: 1, count: 32))
        #expect(throws: LedgerError.self) { try ChainVerifier.verify([badGenesis]) }
    }
}
