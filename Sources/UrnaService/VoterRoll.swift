/// A voter roll in CSV (`voter_id,district`, with that header), parsed strictly: every problem
/// names its line.
public struct VoterRoll: Sendable {
    public struct Voter: Sendable, Hashable {
        public let voterID: String
        public let district: String
        /// 1-based line in the file.
        public let line: Int
    }

    public let voters: [Voter]

    public init(csv text: String) throws {
        var voters: [Voter] = []
        var seen: [String: Int] = [:]
        var sawHeader = false
        // `\r\n` is one Character in Swift, so split on any newline character.
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard !line.contains("\"") else {
                throw ServiceError(.invalidRoll, "line \(lineNumber): quoted fields are not supported")
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else {
                throw ServiceError(.invalidRoll, "line \(lineNumber): expected 2 fields (voter_id,district), found \(fields.count)")
            }
            if !sawHeader {
                guard fields == ["voter_id", "district"] else {
                    throw ServiceError(.invalidRoll, "line \(lineNumber): the first line must be the header 'voter_id,district'")
                }
                sawHeader = true
                continue
            }
            let (voterID, district) = (fields[0], fields[1])
            guard Self.isValidVoterID(voterID) else {
                throw ServiceError(.invalidRoll, "line \(lineNumber): voter id '\(voterID)' must be 1–128 printable characters")
            }
            guard !district.isEmpty else { throw ServiceError(.invalidRoll, "line \(lineNumber): district is empty") }
            if let first = seen[voterID] {
                throw ServiceError(.invalidRoll, "line \(lineNumber): voter '\(voterID)' already appears on line \(first)")
            }
            seen[voterID] = lineNumber
            voters.append(Voter(voterID: voterID, district: district, line: lineNumber))
        }
        guard sawHeader else { throw ServiceError(.invalidRoll, "the roll is empty (no 'voter_id,district' header)") }
        self.voters = voters
    }

    static func isValidVoterID(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7f && $0 != "," }
    }
}

import Foundation
