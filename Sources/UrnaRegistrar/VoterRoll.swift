import Foundation
import UrnaRecord

/// A voter roll in CSV, parsed strictly; every problem names its line and the fix.
///
/// The format (README "Manifest and roll"):
/// - UTF-8 text; a leading byte order mark is skipped; lines end in LF or CRLF; blank lines are skipped.
/// - The first line is the header `voter_id,district`; then one voter per line, two fields.
/// - No quoting: a `"` anywhere is refused (no field needs it: neither a voter id nor a district
///   id may hold a comma or a quote). Spaces and tabs around a field are trimmed.
/// - A voter id is 1–128 bytes of UTF-8 with no comma, no `"`, and no control or bidi-control
///   character (U+0000–U+001F, U+007F–U+009F, U+2028–U+202E, U+2066–U+2069), and appears once.
/// - The district is a district id of the manifest (checked when the roll is imported).
public struct VoterRoll: Sendable {
    public struct Voter: Sendable, Hashable {
        public let voterID: String
        public let district: String
        /// 1-based line in the file.
        public let line: Int
    }

    /// Longest voter id, in UTF-8 bytes.
    public static let maxVoterIDBytes = 128

    public let voters: [Voter]

    /// Reads the roll file's bytes: refuses text that is not UTF-8, naming the line.
    public init(csv bytes: [UInt8]) throws {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                continue
            case .error:
                let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                throw RecordError(.invalidRoll, "line \(line): the roll is not UTF-8 text; save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet)")
            case .emptyInput:
                break
            }
            break
        }
        try self.init(csv: String(decoding: bytes, as: UTF8.self))
    }

    /// A roll given as (voter id, district) pairs, checked as a file would be.
    public init(pairs: [(voterID: String, district: String)]) throws {
        try self.init(csv: "voter_id,district\n" + pairs.map { "\($0.voterID),\($0.district)" }.joined(separator: "\n"))
    }

    public init(csv text: String) throws {
        var voters: [Voter] = []
        var seen: [String: Int] = [:]
        var sawHeader = false
        // A byte order mark (spreadsheets write one) is not part of the header.
        let body = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        // `\r\n` is one Character in Swift, so split on any newline character.
        for (offset, line) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard !line.contains("\"") else {
                throw RecordError(.invalidRoll, "line \(lineNumber): quoted fields are not supported; remove the quotes (voter and district ids hold no comma or quote; in a spreadsheet, save as CSV without text delimiters)")
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else {
                throw RecordError(.invalidRoll, "line \(lineNumber): expected 2 fields (voter_id,district), found \(fields.count)")
            }
            if !sawHeader {
                guard fields == ["voter_id", "district"] else {
                    throw RecordError(.invalidRoll, "line \(lineNumber): the first line must be the header 'voter_id,district'")
                }
                sawHeader = true
                continue
            }
            let (voterID, district) = (fields[0], fields[1])
            guard Self.isValidVoterID(voterID) else {
                throw RecordError(.invalidRoll, "line \(lineNumber): voter id '\(voterID.prefix(Self.maxVoterIDBytes + 1))' must be 1–\(Self.maxVoterIDBytes) bytes with no comma, quote or control character")
            }
            guard !district.isEmpty else { throw RecordError(.invalidRoll, "line \(lineNumber): district is empty") }
            if let first = seen[voterID] {
                throw RecordError(.invalidRoll, "line \(lineNumber): voter '\(voterID)' already appears on line \(first)")
            }
            seen[voterID] = lineNumber
            voters.append(Voter(voterID: voterID, district: district, line: lineNumber))
        }
        guard sawHeader else { throw RecordError(.invalidRoll, "the roll is empty (no 'voter_id,district' header)") }
        self.voters = voters
    }

    /// 1–128 bytes; no comma, quote, or control or bidi-control character (`TerminalText.isControl`).
    static func isValidVoterID(_ id: String) -> Bool {
        (1...maxVoterIDBytes).contains(id.utf8.count)
            && id.unicodeScalars.allSatisfy { !TerminalText.isControl($0) && $0 != "," && $0 != "\"" }
    }
}
