import Foundation
import UrnaRecord

/// One voter of the registrar's letters file (`urna registrar roll --letters-out`).
struct LetterRow: Sendable {
    let voterID: String
    let district: String
    let pseudonym: Pseudonym
    let code: String
}

enum Letters {
    static let header = "voter_id,district,pseudonym,activation_code"

    /// Every row of the letters CSV, or an error naming the file and line that does not parse.
    static func read(_ path: String) throws -> [LetterRow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadgenError("cannot read the letters file \(safe(path)) (give the CSV written by 'urna registrar roll --letters-out')")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoadgenError("\(safe(path)) is not UTF-8 text; give the CSV written by 'urna registrar roll --letters-out'")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first, first == header else {
            throw LoadgenError("\(safe(path)) line 1: expected the header '\(header)' (the CSV of 'urna registrar roll --letters-out'), got '\(safe(String((lines.first ?? "").prefix(80))))'")
        }
        var rows: [LetterRow] = []
        var seen = Set<Pseudonym>()
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else {
                throw LoadgenError("\(safe(path)) line \(number): expected 4 fields (\(header)), got \(fields.count)")
            }
            guard !fields[0].isEmpty, Manifest.isValidIdentifier(fields[1]) else {
                throw LoadgenError("\(safe(path)) line \(number): the voter id is empty or '\(safe(String(fields[1].prefix(80))))' is not a district id")
            }
            guard let pseudonym = Pseudonym(hex: fields[2]) else {
                throw LoadgenError("\(safe(path)) line \(number): '\(safe(String(fields[2].prefix(80))))' is not a pseudonym (32 hex digits)")
            }
            guard !fields[3].isEmpty, fields[3].count <= 64 else {
                throw LoadgenError("\(safe(path)) line \(number): the activation code is empty or too long")
            }
            guard seen.insert(pseudonym).inserted else {
                throw LoadgenError("\(safe(path)) line \(number): pseudonym \(pseudonym.hex) appears twice")
            }
            rows.append(LetterRow(voterID: fields[0], district: fields[1], pseudonym: pseudonym, code: fields[3]))
        }
        guard !rows.isEmpty else { throw LoadgenError("\(safe(path)) holds no voter") }
        return rows
    }
}

/// A fatal error of the tool: printed as `urna-loadgen: error: …`, exit 1.
struct LoadgenError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A usage error: printed with the usage, exit 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Text from a file or the command line, safe to print on a terminal.
func safe(_ text: String) -> String { TerminalText.escaped(text) }
