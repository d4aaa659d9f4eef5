import Foundation
import Testing
import UrnaCrypto
import UrnaRecord

/// `Ballot.readCanonical` (the verifier's fast path) against `CanonicalJSON.decode` (the general
/// path): whatever the fast path accepts, the general path accepts with the same value.
@Suite(.serialized) struct BallotCanonicalReaderTests {
    static let sample = Result { () throws -> [UInt8] in
        let f = try RecordFixture()
        let (request, token) = try f.token(district: "north")
        let (ballot, _) = try BallotBuilder.encrypt(election: f.election, district: "north",
                                                   choices: ["mayor": ["bob"], "council-north": ["dan", "frank"]],
                                                   credential: request.credential, token: token)
        return try CanonicalJSON.encode(ballot)
    }

    /// The general path's verdict and value.
    func general(_ bytes: [UInt8]) -> Ballot? { try? CanonicalJSON.decode(Ballot.self, from: bytes) }

    @Test func readsWhatUrnaWrites() throws {
        let bytes = try Self.sample.get()
        let fast = try #require(Ballot.readCanonical(bytes))
        #expect(fast == general(bytes))
        #expect(try CanonicalJSON.encode(fast) == bytes)
    }

    /// Hand-made variants: each is either refused by both paths, or left by the fast path to the
    /// general one — never accepted by the fast path alone.
    @Test(arguments: [
        (#"{"contests""#, #"{ "contests""#),            // whitespace
        (#""district":"north""#, #""district":"nor\u0074h""#),   // an escape (same string)
        (#""district":"north""#, #""district":"Nörth""#),        // non-ASCII: general path decides
        (#""min":0"#, #""min":00"#),                     // leading zero
        (#""min":0"#, #""min":-0"#),                     // sign
        (#""min":0"#, #""min":0.0"#),                    // fraction
        (#""min":0"#, #""min":1"#),                      // another value: proofs fail later, both read it
        (#""credential":""#, #""credential":"0"#),       // odd-length hex
        (#""token":{"prefix""#, #""token":{"extra":1,"prefix""#),   // an unknown field
    ])
    func variantsAgree(_ replacement: (String, String)) throws {
        let text = String(decoding: try Self.sample.get(), as: UTF8.self)
        #expect(text.contains(replacement.0))
        let variant = Array(text.replacingOccurrences(of: replacement.0, with: replacement.1).utf8)
        if let fast = Ballot.readCanonical(variant) {
            #expect(fast == general(variant), "the fast path accepted what the general path does not")
        }
        if replacement.0 == #""min":0"#, replacement.1 == #""min":1"# {
            #expect(Ballot.readCanonical(variant) != nil && general(variant) != nil)
        } else if replacement.1.contains("\\u0074") || replacement.1.contains("ö") {
            #expect(Ballot.readCanonical(variant) == nil)
        } else {
            #expect(Ballot.readCanonical(variant) == nil && general(variant) == nil)
        }
    }

    /// Random single-byte changes, truncations and swaps of hex digits' case: the fast path never
    /// accepts a body the general path refuses, and never reads another value.
    @Test func mutationsNeverDivergeFromTheGeneralPath() throws {
        let bytes = try Self.sample.get()
        var generator = SystemRandomNumberGenerator()
        var fastAccepted = 0, tried = 0
        let alphabet = Array(#"0123456789abcdefABCDEF"{}[],: \-.e"#.utf8)
        for round in 0..<1500 {
            var variant = bytes
            switch round % 4 {
            case 0: variant[Int.random(in: 0..<variant.count, using: &generator)] = alphabet.randomElement(using: &generator) ?? 0
            case 1: variant.removeSubrange(Int.random(in: 0..<variant.count, using: &generator)...)
            case 2: variant.insert(alphabet.randomElement(using: &generator) ?? 0, at: Int.random(in: 0...variant.count, using: &generator))
            default: variant.remove(at: Int.random(in: 0..<variant.count, using: &generator))
            }
            tried += 1
            guard let fast = Ballot.readCanonical(variant) else { continue }
            fastAccepted += 1
            let slow = general(variant)
            #expect(slow != nil, "fast path accepted a body the general path refuses: \(String(decoding: variant, as: UTF8.self).prefix(200))")
            #expect(fast == slow)
        }
        #expect(tried == 1500)
        // A changed hex digit still decodes (a valid-looking ballot whose proofs then fail), so
        // some mutations are accepted by both: the test exercises the accepting side too.
        #expect(fastAccepted > 0)
    }
}
