import UrnaRecord

/// Reads a voter's letter file (`Specs/election-record.md` §8.3), naming the file in every error.
enum VoterLetterFile {
    static func read(_ path: String) throws -> VoterLetter {
        let bytes = try Files.read(path)
        guard bytes.count <= VoterLetter.maxBytes else {
            throw FileError(description: "\(Console.safe(path)) has \(bytes.count) bytes; a letter has a few lines (give the letter file from 'urna registrar letter')")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileError(description: "\(Console.safe(path)) is not UTF-8 text; give the letter file from 'urna registrar letter'")
        }
        do {
            return try VoterLetter(text: text)
        } catch let error as RecordError {
            throw FileError(description: "\(Console.safe(path)): \(Console.safe(error.reason))")
        }
    }
}
