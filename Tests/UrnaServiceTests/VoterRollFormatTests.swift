import Foundation
import Testing
import UrnaRecord
import UrnaRegistrar

/// The roll CSV format of README "Manifest and roll": UTF-8 (a BOM is skipped), LF or CRLF,
/// header `voter_id,district`, no quoting, voter ids of 1–128 bytes without comma, quote or
/// control character.
@Suite struct VoterRollFormatTests {
    func refusal(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> RecordError? {
        do {
            _ = try VoterRoll(csv: bytes)
            Issue.record("accepted", sourceLocation: sourceLocation)
            return nil
        } catch let error as RecordError {
            #expect(error.code == .invalidRoll, "\(error)", sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test("a byte order mark is skipped and CRLF line ends are read")
    func bomAndCRLF() throws {
        let roll = try VoterRoll(csv: [0xEF, 0xBB, 0xBF] + Array("voter_id,district\r\nv1,north\r\nv2,south\r\n".utf8))
        #expect(roll.voters.map(\.voterID) == ["v1", "v2"])
        #expect(roll.voters.map(\.line) == [2, 3])
        #expect(roll.voters.map(\.district) == ["north", "south"])
        // Without the skip, the header would read "\u{FEFF}voter_id" and be refused.
        let text = try VoterRoll(csv: "\u{FEFF}voter_id,district\nv1,north\n")
        #expect(text.voters.count == 1)
    }

    @Test("quoting is refused, naming the line and the fix")
    func quoting() throws {
        let error = refusal(Array("voter_id,district\nv1,north\n\"v,2\",north\n".utf8))
        #expect(error?.reason.contains("line 3: quoted fields are not supported; remove the quotes") == true, "\(String(describing: error))")
        let header = refusal(Array("\"voter_id\",\"district\"\n".utf8))
        #expect(header?.reason.hasPrefix("line 1: quoted") == true, "\(String(describing: header))")
    }

    @Test("text that is not UTF-8 is refused, naming the line")
    func notUTF8() throws {
        let error = refusal(Array("voter_id,district\nv1,north\n".utf8) + [0x76, 0xFF, 0x2C] + Array("north\n".utf8))
        #expect(error?.reason.hasPrefix("line 3: the roll is not UTF-8 text") == true, "\(String(describing: error))")
    }

    @Test("voter ids: 1–128 bytes, no control or bidi-control character; other scripts and spaces inside are fine")
    func voterIDCharacters() throws {
        #expect(VoterRoll.maxVoterIDBytes == 128)
        let ok = try VoterRoll(csv: "voter_id,district\nJosé María 12,north\n\(String(repeating: "x", count: 128)),north\n")
        #expect(ok.voters.first?.voterID == "José María 12")
        // (U+0085 and U+2028 end a line, so an id holding one splits into two lines, refused as such.)
        for bad in [String(repeating: "x", count: 129), "a\u{7}b", "a\u{9F}b", "a\u{202E}b", "a\u{2066}b"] {
            let error = refusal(Array("voter_id,district\n\(bad),north\n".utf8))
            #expect(error?.reason.contains("line 2: voter id") == true, "\(String(describing: error))")
        }
    }
}
